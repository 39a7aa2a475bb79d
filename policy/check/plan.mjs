// The synthesized plan (`java -jar target/dbos-conductor.jar synth`) as the engine would present it
// to a policy pack: URNs built the engine's way, parents and dependencies as URNs, inputs as props.
import fs from "node:fs";
import path from "node:path";
import { ConfigError, PACK_DIR, parsePolicyPackConfig } from "./engine.mjs";

const STACK_TYPE = "pulumi:pulumi:Stack";

export function loadPlan(file) {
    const plan = JSON.parse(fs.readFileSync(file, "utf8"));
    if (!plan || !Array.isArray(plan.resources)) {
        throw new Error(`${file} is not a plan: no "resources" array`);
    }
    return plan;
}

/** The pack config for a stack: `config.<stack>.json` beside the pack, when there is one. */
export function defaultConfigPath(stack) {
    const candidate = path.join(PACK_DIR, `config.${stack}.json`);
    return fs.existsSync(candidate) ? candidate : undefined;
}

export function loadConfig(file) {
    if (!file) {
        return {};
    }
    let json;
    try {
        json = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
        throw new ConfigError(`${file}: ${e.message}`);
    }
    return parsePolicyPackConfig(json);
}

/** A resource with no inputs: a component, the stack, or a resource read with `.get`. */
export function hasNoInputs(r) {
    return !r.inputs || Object.keys(r.inputs).length === 0;
}

/**
 * Resources as the engine sees them. A child's URN carries its ancestors' types (except the root
 * stack's), e.g. urn:pulumi:dev::dbos-conductor::dbos-conductor:database:Database$aws:rds/instance:Instance::database-instance.
 */
export function planResources(plan) {
    const stack = plan.stack ?? "";
    const project = plan.project ?? "";
    const byName = new Map();
    for (const r of plan.resources) {
        if (!byName.has(r.name)) {
            byName.set(r.name, r);
        }
    }
    const qualified = new Map();
    const qualifiedType = (r, seen = new Set()) => {
        if (qualified.has(r)) {
            return qualified.get(r);
        }
        if (seen.has(r)) {
            throw new Error(`parent cycle at ${r.name}`);
        }
        seen.add(r);
        const parent = r.parent ? byName.get(r.parent) : undefined;
        const t = parent && parent.type !== STACK_TYPE ? `${qualifiedType(parent, seen)}$${r.type}` : r.type;
        qualified.set(r, t);
        return t;
    };
    const urnOf = (r) => `urn:pulumi:${stack}::${project}::${qualifiedType(r)}::${r.name}`;
    return plan.resources.map((r) => {
        const parent = r.parent ? byName.get(r.parent) : undefined;
        return {
            urn: urnOf(r),
            type: r.type,
            name: r.name,
            props: r.inputs ?? {},
            parentUrn: parent ? urnOf(parent) : undefined,
            dependencies: (r.dependsOn ?? []).map((d) => byName.get(d)).filter(Boolean).map(urnOf),
            // The engine analyzes what the program registers; a `.get` read (no inputs here) is not analyzed.
            analyze: !hasNoInputs(r),
        };
    });
}

/**
 * Run every policy of the pack against a plan: Configure with the stack's config, ConfigureStack,
 * Analyze per registered resource, AnalyzeStack once. Returns the violations with the policy's
 * metadata (severity, remediation) and the resource they concern.
 */
export async function checkPlan(session, plan, config = {}) {
    const resources = planResources(plan);
    const reconciled = await session.configure(config);
    await session.configureStack({ stack: plan.stack, project: plan.project, dryRun: true });
    const diagnostics = [];
    for (const r of resources.filter((x) => x.analyze)) {
        diagnostics.push(...(await session.analyze(r)));
    }
    diagnostics.push(...(await session.analyzeStack(resources)));
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const policies = new Map(session.info.policies.map((p) => [p.name, p]));
    const violations = diagnostics.map((d) => {
        const policy = policies.get(d.policyName);
        const resource = byUrn.get(d.urn);
        const prefix = `${d.description}\n`;
        return {
            policy: d.policyName,
            enforcementLevel: d.enforcementLevel,
            severity: d.severity || policy?.severity || "",
            description: d.description,
            detail: d.message.startsWith(prefix) ? d.message.slice(prefix.length) : d.message,
            remediation: policy?.remediationSteps ?? "",
            urn: d.urn,
            resourceType: resource?.type ?? "",
            resourceName: resource?.name ?? "",
        };
    });
    const waivers = Object.entries(reconciled)
        .filter(([, c]) => typeof c.properties?.waiver === "string" && c.properties.waiver.trim() !== "")
        .map(([policy, c]) => ({ policy, reason: c.properties.waiver }));
    return {
        pack: `${session.info.name}@${session.info.version}`,
        stack: plan.stack,
        policies: session.info.policies.length,
        resources: resources.length,
        analyzed: resources.filter((r) => r.analyze).length,
        config: reconciled,
        waivers,
        violations,
        mandatory: violations.filter((v) => v.enforcementLevel === "mandatory"),
        advisory: violations.filter((v) => v.enforcementLevel !== "mandatory"),
    };
}

export function formatReport(result, { planPath, configPath } = {}) {
    const lines = [];
    lines.push(`policy pack ${result.pack}: ${result.policies} policies over ${planPath ?? "plan"} ` +
        `(stack ${result.stack}, config ${configPath ?? "none"}): ${result.resources} resources, ${result.analyzed} analyzed`);
    const disabled = Object.entries(result.config).filter(([, c]) => c.enforcementLevel === "disabled").map(([n]) => n);
    if (disabled.length > 0) {
        lines.push(`disabled for this stack: ${disabled.join(", ")}`);
    }
    for (const w of result.waivers) {
        lines.push(`waived for this stack: ${w.policy} (${w.reason})`);
    }
    const order = { mandatory: 0, advisory: 1 };
    const sorted = [...result.violations].sort((a, b) =>
        (order[a.enforcementLevel] ?? 2) - (order[b.enforcementLevel] ?? 2) || a.policy.localeCompare(b.policy));
    for (const v of sorted) {
        lines.push("");
        lines.push(`${v.enforcementLevel.toUpperCase()} ${v.policy} [${v.severity || "unspecified"}]`);
        lines.push(`  resource:    ${v.resourceType ? `${v.resourceType} ${v.resourceName}` : "(stack)"}${v.urn ? `  ${v.urn}` : ""}`);
        for (const [i, l] of v.detail.split("\n").entries()) {
            lines.push(`  ${i === 0 ? "violation:  " : "            "} ${l}`);
        }
        lines.push(`  remediation: ${v.remediation}`);
    }
    lines.push("");
    lines.push(`${result.mandatory.length} mandatory, ${result.advisory.length} advisory violation(s)` +
        (result.mandatory.length > 0 ? ": the plan may not be applied" : ": the plan passes"));
    return lines.join("\n");
}
