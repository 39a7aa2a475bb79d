// Shared by the tests: one running pack per test file, small plans, and the dev plan to mutate.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PACK_DIR, startPack } from "../check/engine.mjs";
import { checkPlan, loadConfig, loadPlan } from "../check/plan.mjs";

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");

export { startPack, checkPlan, loadConfig, loadPlan, PACK_DIR };

/** The pack config of a stack, parsed as the CLI parses --policy-pack-config. */
export function stackConfig(stack) {
    return loadConfig(path.join(PACK_DIR, `config.${stack}.json`));
}

/**
 * The real dev plan: POLICY_DEV_PLAN (scripts/policy-test.sh points it at build/synth/dev/plan.json,
 * written by the synth just before) or, when unset, the committed copy in fixtures/.
 */
export function devPlanPath() {
    const fromEnv = process.env.POLICY_DEV_PLAN;
    if (fromEnv) {
        if (!fs.existsSync(fromEnv)) {
            throw new Error(`POLICY_DEV_PLAN=${fromEnv} does not exist: run the synth first`);
        }
        return fromEnv;
    }
    return path.join(FIXTURES, "dev-plan.json");
}

export function clone(x) {
    return structuredClone(x);
}

/** A plan of just these resources (type, name, inputs), as the synth writes them. */
export function planOf(resources, stack = "test") {
    return {
        project: "dbos-conductor",
        stack,
        resources: [
            { type: "pulumi:pulumi:Stack", name: `dbos-conductor-${stack}`, id: null, parent: null, inputs: {}, dependsOn: [] },
            ...resources.map((r, i) => ({
                type: r.type,
                name: r.name ?? `r${i}`,
                id: r.id ?? `id-${i}`,
                parent: r.parent ?? `dbos-conductor-${stack}`,
                inputs: r.inputs,
                dependsOn: r.dependsOn ?? [],
            })),
        ],
        exports: {},
    };
}

/** Violations of one policy. */
export function of(result, policy) {
    return result.violations.filter((v) => v.policy === policy);
}

/** (policy, resource) pairs of the mandatory violations, for comparing a mutation with its baseline. */
export function mandatoryKeys(result) {
    return new Set(result.mandatory.map((v) => `${v.policy} ${v.urn}`));
}
