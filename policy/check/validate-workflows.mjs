#!/usr/bin/env node
// npm --prefix policy run validate-workflows [-- <workflow.yml> ...]
// Validates each GitHub Actions workflow (default: every .yml/.yaml in ../.github/workflows) against
// the workflow schema with the action-validator CLI from npm, and exits non-zero if any is invalid.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { PACK_DIR } from "./engine.mjs";

const cwd = process.env.INIT_CWD ?? process.cwd();
const dir = path.resolve(PACK_DIR, "..", ".github", "workflows");
const files = process.argv.length > 2
    ? process.argv.slice(2).map((f) => path.resolve(cwd, f))
    : fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(dir, f));
if (files.length === 0) {
    console.error(`no workflow in ${dir}`);
    process.exit(1);
}
const validator = path.join(PACK_DIR, "node_modules", ".bin", "action-validator");
let failed = 0;
for (const file of files) {
    const r = spawnSync(validator, [file], { encoding: "utf8" });
    const shown = path.relative(cwd, file);
    if (r.status === 0) {
        console.log(`valid   ${shown}`);
    } else {
        failed++;
        console.log(`INVALID ${shown}\n${r.stdout}${r.stderr}`);
    }
}
console.log(`workflows: ${files.length - failed} valid, ${failed} invalid`);
process.exit(failed > 0 ? 1 : 0);
