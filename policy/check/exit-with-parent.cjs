// Preloaded (node -r) into the policy pack process that engine.mjs starts: the engine holds the
// other end of stdin, so when the checker exits or dies the pack exits too, instead of serving on.
"use strict";
process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
// Watch, but do not keep the process alive: a pack that fails to load must still exit.
if (typeof process.stdin.unref === "function") {
    process.stdin.unref();
}
