#!/usr/bin/env node
// npm --prefix policy run check -- <plan.json> [--config <pack-config.json>] [--json]
//
// Runs every policy of the pack against a synthesized plan through @pulumi/policy's own gRPC
// handlers (see engine.mjs), prints each violation with its resource, rule and remediation, and
// exits 1 on any mandatory violation (0 when the plan passes, 2 on bad arguments or config).
// The config defaults to config.<stack>.json beside the pack, the stack being the plan's.
import path from "node:path";
import { ConfigError, startPack } from "./engine.mjs";
import { checkPlan, defaultConfigPath, formatReport, loadConfig, loadPlan } from "./plan.mjs";

function usage(message) {
    if (message) {
        console.error(message);
    }
    console.error("usage: npm --prefix policy run check -- <plan.json> [--config <pack-config.json>] [--json]");
    process.exit(2);
}

async function main(argv) {
    let planPath;
    let configPath;
    let json = false;
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === "--config") {
            configPath = argv[++i] ?? usage("--config needs a file");
        } else if (a.startsWith("--config=")) {
            configPath = a.slice("--config=".length);
        } else if (a === "--json") {
            json = true;
        } else if (a === "--help" || a === "-h") {
            usage();
        } else if (a.startsWith("-")) {
            usage(`unknown option ${a}`);
        } else if (planPath === undefined) {
            planPath = a;
        } else {
            usage(`unexpected argument ${a}`);
        }
    }
    if (!planPath) {
        usage("no plan given");
    }
    // npm --prefix runs scripts in the pack's directory: resolve paths against the caller's.
    const cwd = process.env.INIT_CWD ?? process.cwd();
    planPath = path.resolve(cwd, planPath);
    let plan;
    try {
        plan = loadPlan(planPath);
    } catch (e) {
        usage(`cannot read plan ${planPath}: ${e.message}`);
    }
    configPath = configPath ? path.resolve(cwd, configPath) : defaultConfigPath(plan.stack);
    let config;
    try {
        config = loadConfig(configPath);
    } catch (e) {
        usage(e.message);
    }
    const session = await startPack({ stack: plan.stack, project: plan.project });
    let result;
    let configError;
    try {
        result = await checkPlan(session, plan, config);
    } catch (e) {
        if (!(e instanceof ConfigError)) {
            throw e;
        }
        configError = e;
    } finally {
        await session.close();
    }
    if (configError) {
        usage(`${configPath}: ${configError.message}`);
    }
    const shown = (p) => path.relative(cwd, p) || p;
    if (json) {
        console.log(JSON.stringify(result, null, 2));
    } else {
        console.log(formatReport(result, { planPath: shown(planPath), configPath: configPath ? shown(configPath) : undefined }));
    }
    return result.mandatory.length > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (e) => { console.error(e?.stack ?? String(e)); process.exitCode = 2; },
);
