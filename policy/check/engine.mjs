// A stand-in for the part of the Pulumi engine that talks to a policy pack.
//
// It starts the pack exactly as the CLI's `pulumi-analyzer-policy` plugin does (node runs
// @pulumi/pulumi/cmd/run-policy-pack in the pack's directory, which type-checks and loads index.ts
// with ts-node and so creates the real PolicyPack, whose @pulumi/policy server prints its gRPC port),
// then speaks the engine's side of the Analyzer protocol over loopback: GetAnalyzerInfo, the
// engine's config reconciliation and validation, Configure, ConfigureStack, Analyze for every
// resource and AnalyzeStack for the whole stack. Every verdict therefore comes from @pulumi/policy's
// own handlers (its deserialization, unknown-value proxy, enforcement levels and config lookup).
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const PACK_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// Load the protocol from the very @pulumi/pulumi the pack uses, so both ends share one definition.
const packRequire = createRequire(path.join(PACK_DIR, "package.json"));
const pulumiRequire = createRequire(packRequire.resolve("@pulumi/pulumi/package.json"));
const grpc = pulumiRequire("@grpc/grpc-js");
const analyzerProto = pulumiRequire("./proto/analyzer_pb.js");
const analyzerRpc = pulumiRequire("./proto/analyzer_grpc_pb.js");
const { Struct } = pulumiRequire("google-protobuf/google/protobuf/struct_pb.js");
const { Empty } = pulumiRequire("google-protobuf/google/protobuf/empty_pb.js");

/** What the engine sends for a value that is not known during a preview (resource.Computed). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** The signature key and value the engine wraps a secret in (KeepSecrets). */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export const ENFORCEMENT_LEVELS = ["advisory", "mandatory", "remediate", "disabled"];
const LEVEL_TO_PROTO = {
    advisory: analyzerProto.EnforcementLevel.ADVISORY,
    mandatory: analyzerProto.EnforcementLevel.MANDATORY,
    remediate: analyzerProto.EnforcementLevel.REMEDIATE,
    disabled: analyzerProto.EnforcementLevel.DISABLED,
};
const PROTO_TO_LEVEL = Object.fromEntries(Object.entries(LEVEL_TO_PROTO).map(([k, v]) => [v, k]));
const PROTO_TO_SEVERITY = {
    [analyzerProto.PolicySeverity.POLICY_SEVERITY_LOW]: "low",
    [analyzerProto.PolicySeverity.POLICY_SEVERITY_MEDIUM]: "medium",
    [analyzerProto.PolicySeverity.POLICY_SEVERITY_HIGH]: "high",
    [analyzerProto.PolicySeverity.POLICY_SEVERITY_CRITICAL]: "critical",
};

export class ConfigError extends Error {}

function call(client, method, request) {
    return new Promise((resolve, reject) => {
        client[method](request, (err, response) => (err ? reject(err) : resolve(response)));
    });
}

/**
 * Turn a plan value into what the engine would marshal: "[secret]" becomes a secret-wrapped value
 * (the engine keeps secrets, @pulumi/policy unwraps them) and "[unknown]" or the engine's sentinel
 * becomes an unknown, which @pulumi/policy's proxy refuses to read during a preview.
 */
export function toEngineValue(value) {
    if (value === "[unknown]" || value === UNKNOWN) {
        return UNKNOWN;
    }
    if (value === "[secret]") {
        return { [SIG_KEY]: SECRET_SIG, value };
    }
    if (Array.isArray(value)) {
        return value.map(toEngineValue);
    }
    if (value !== null && typeof value === "object") {
        // A JSON plan has no undefined; a hand-written fixture may: drop it, as JSON.stringify does.
        return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, toEngineValue(v)]));
    }
    return value;
}

function resourceOptions(resource) {
    const opts = new analyzerProto.AnalyzerResourceOptions();
    opts.setProtect(false);
    opts.setIgnorechangesList([]);
    opts.setAliasesList([]);
    opts.setAdditionalsecretoutputsList([]);
    const timeouts = new analyzerProto.AnalyzerResourceOptions.CustomTimeouts();
    timeouts.setCreate(0);
    timeouts.setUpdate(0);
    timeouts.setDelete(0);
    opts.setCustomtimeouts(timeouts);
    if (resource.parentUrn) {
        opts.setParent(resource.parentUrn);
    }
    return opts;
}

function toDiagnostic(d, fallbackUrn) {
    return {
        policyName: d.getPolicyname(),
        policyPackName: d.getPolicypackname(),
        policyPackVersion: d.getPolicypackversion(),
        description: d.getDescription(),
        message: d.getMessage(),
        enforcementLevel: PROTO_TO_LEVEL[d.getEnforcementlevel()],
        severity: PROTO_TO_SEVERITY[d.getSeverity()] ?? "",
        urn: d.getUrn() || fallbackUrn || "",
    };
}

/** The checks gojsonschema makes for the schemas this pack declares. */
function validateValue(value, schema, where, errors) {
    const types = schema.type === undefined ? [] : [].concat(schema.type);
    const typeOk = (t) => {
        switch (t) {
            case "string": return typeof value === "string";
            case "boolean": return typeof value === "boolean";
            case "number": return typeof value === "number";
            case "integer": return Number.isInteger(value);
            case "array": return Array.isArray(value);
            case "object": return value !== null && typeof value === "object" && !Array.isArray(value);
            case "null": return value === null;
            default: return true;
        }
    };
    if (types.length > 0 && !types.some(typeOk)) {
        errors.push(`${where}: expected ${types.join(" or ")}, got ${JSON.stringify(value)}`);
        return;
    }
    if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
        errors.push(`${where}: must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}`);
    }
    if (typeof value === "number") {
        if (schema.minimum !== undefined && value < schema.minimum) {
            errors.push(`${where}: must be greater than or equal to ${schema.minimum}`);
        }
        if (schema.maximum !== undefined && value > schema.maximum) {
            errors.push(`${where}: must be less than or equal to ${schema.maximum}`);
        }
    }
    if (typeof value === "string" && schema.minLength !== undefined && value.length < schema.minLength) {
        errors.push(`${where}: must be at least ${schema.minLength} characters`);
    }
    if (Array.isArray(value) && schema.items) {
        value.forEach((item, i) => validateValue(item, schema.items, `${where}[${i}]`, errors));
    }
}

/** Parse a --policy-pack-config file's JSON the way the CLI does (a string level, or an object). */
export function parsePolicyPackConfig(json) {
    const result = {};
    if (json === null || typeof json !== "object" || Array.isArray(json)) {
        throw new ConfigError("policy pack config must be a JSON object");
    }
    for (const [key, value] of Object.entries(json)) {
        if (typeof value === "string") {
            if (!ENFORCEMENT_LEVELS.includes(value)) {
                throw new ConfigError(`parsing enforcement level for "${key}": "${value}" is not a valid enforcement level`);
            }
            result[key] = { enforcementLevel: value };
        } else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
            const { enforcementLevel, ...properties } = value;
            if (enforcementLevel !== undefined && !ENFORCEMENT_LEVELS.includes(enforcementLevel)) {
                throw new ConfigError(`parsing enforcement level for "${key}": ${JSON.stringify(enforcementLevel)} is not a valid enforcement level`);
            }
            if (enforcementLevel === undefined && Object.keys(properties).length === 0) {
                continue;
            }
            result[key] = {
                enforcementLevel,
                properties: Object.keys(properties).length > 0 ? properties : undefined,
            };
        } else {
            throw new ConfigError(`parsing "${key}": ${JSON.stringify(value)} is not a valid value; must be a string or object`);
        }
    }
    return result;
}

function applyConfig(result, toApply) {
    const all = toApply.all;
    if (all && ENFORCEMENT_LEVELS.includes(all.enforcementLevel)) {
        for (const k of Object.keys(result)) {
            result[k] = { ...result[k], enforcementLevel: all.enforcementLevel };
        }
    }
    for (const [policy, given] of Object.entries(toApply)) {
        const current = result[policy] ?? {};
        result[policy] = {
            enforcementLevel: ENFORCEMENT_LEVELS.includes(given.enforcementLevel) ? given.enforcementLevel : current.enforcementLevel,
            properties: given.properties ? { ...(current.properties ?? {}), ...given.properties } : current.properties,
        };
    }
    return result;
}

/**
 * The engine's ReconcilePolicyPackConfig: schema defaults, then the pack's initial config, then the
 * given config ("all" first), validated against each policy's schema. Stricter than the engine in
 * one way: a key that names no policy is an error, since a typo would silently change nothing.
 */
export function reconcileConfig(policies, initialConfig, config) {
    const names = new Set(policies.map((p) => p.name));
    const unknownKeys = Object.keys(config ?? {}).filter((k) => k !== "all" && !names.has(k));
    if (unknownKeys.length > 0) {
        throw new ConfigError(`policy config names no policy of this pack: ${unknownKeys.join(", ")}`);
    }
    let result = {};
    for (const p of policies) {
        let properties;
        for (const [k, schema] of Object.entries(p.configSchema?.properties ?? {})) {
            if (schema && Object.prototype.hasOwnProperty.call(schema, "default")) {
                properties = properties ?? {};
                properties[k] = schema.default;
            }
        }
        result[p.name] = { enforcementLevel: p.enforcementLevel, properties };
    }
    if (initialConfig) {
        result = applyConfig(result, initialConfig);
    }
    if (config) {
        result = applyConfig(result, config);
    }
    const errors = [];
    for (const p of policies) {
        if (!p.configSchema) {
            continue;
        }
        const props = result[p.name]?.properties ?? {};
        for (const req of p.configSchema.required ?? []) {
            if (!(req in props)) {
                errors.push(`${p.name}: ${req} is required`);
            }
        }
        for (const [k, v] of Object.entries(props)) {
            const schema = p.configSchema.properties?.[k];
            if (schema) {
                validateValue(v, schema, `${p.name}: ${k}`, errors);
            }
        }
    }
    if (errors.length > 0) {
        throw new ConfigError(`validating policy config:\n  ${errors.join("\n  ")}`);
    }
    return result;
}

/** A running policy pack and the gRPC client that plays the engine's part. */
export class PackSession {
    constructor(child, client, stderr) {
        this.child = child;
        this.client = client;
        this.stderr = stderr;
        this.info = undefined;
        this.config = undefined;
    }

    /** GetAnalyzerInfo: the pack's name, version, policies (with remediation, severity, schema) and initial config. */
    async loadInfo() {
        const ai = await call(this.client, "getAnalyzerInfo", new Empty());
        const initialConfig = {};
        ai.getInitialconfigMap().forEach((c, k) => {
            initialConfig[k] = {
                enforcementLevel: PROTO_TO_LEVEL[c.getEnforcementlevel()],
                properties: c.getProperties()?.toJavaScript(),
            };
        });
        this.info = {
            name: ai.getName(),
            version: ai.getVersion(),
            description: ai.getDescription(),
            initialConfig,
            policies: ai.getPoliciesList().map((p) => ({
                name: p.getName(),
                description: p.getDescription(),
                enforcementLevel: PROTO_TO_LEVEL[p.getEnforcementlevel()],
                severity: PROTO_TO_SEVERITY[p.getSeverity()] ?? "",
                remediationSteps: p.getRemediationSteps(),
                tags: p.getTagsList(),
                kind: p.getPolicyType() === analyzerProto.PolicyType.POLICY_TYPE_STACK ? "stack" : "resource",
                configSchema: p.getConfigschema()
                    ? { properties: p.getConfigschema().getProperties()?.toJavaScript() ?? {}, required: p.getConfigschema().getRequiredList() }
                    : undefined,
            })),
        };
        return this.info;
    }

    /** Reconcile `config` (a parsed --policy-pack-config) like the engine and send it with Configure. */
    async configure(config = {}) {
        const info = this.info ?? (await this.loadInfo());
        const reconciled = reconcileConfig(info.policies, info.initialConfig, config);
        const req = new analyzerProto.ConfigureAnalyzerRequest();
        const map = req.getPolicyconfigMap();
        for (const [name, c] of Object.entries(reconciled)) {
            const pc = new analyzerProto.PolicyConfig();
            pc.setEnforcementlevel(LEVEL_TO_PROTO[c.enforcementLevel ?? "advisory"]);
            pc.setProperties(Struct.fromJavaScript(c.properties ?? {}));
            map.set(name, pc);
        }
        await call(this.client, "configure", req);
        this.config = reconciled;
        return reconciled;
    }

    /** ConfigureStack, as the engine does right after starting the pack. */
    async configureStack({ stack, project, organization = "", dryRun = true }) {
        const req = new analyzerProto.AnalyzerStackConfigureRequest();
        req.setStack(stack ?? "");
        req.setProject(project ?? "");
        req.setOrganization(organization);
        req.setDryRun(dryRun);
        await call(this.client, "configureStack", req);
    }

    /** Analyze one resource's inputs (the engine's call before each step). */
    async analyze(resource) {
        const req = new analyzerProto.AnalyzeRequest();
        req.setUrn(resource.urn);
        req.setType(resource.type);
        req.setName(resource.name);
        req.setProperties(Struct.fromJavaScript(toEngineValue(resource.props ?? {})));
        req.setOptions(resourceOptions(resource));
        const resp = await call(this.client, "analyze", req);
        return resp.getDiagnosticsList().map((d) => toDiagnostic(d, resource.urn));
    }

    /** AnalyzeStack over every resource (the engine's call at the end of a preview or update). */
    async analyzeStack(resources) {
        const req = new analyzerProto.AnalyzeStackRequest();
        req.setResourcesList(resources.map((r) => {
            const ar = new analyzerProto.AnalyzerResource();
            ar.setUrn(r.urn);
            ar.setType(r.type);
            ar.setName(r.name);
            ar.setProperties(Struct.fromJavaScript(toEngineValue(r.props ?? {})));
            ar.setOptions(resourceOptions(r));
            if (r.parentUrn) {
                ar.setParent(r.parentUrn);
            }
            ar.setDependenciesList(r.dependencies ?? []);
            return ar;
        }));
        const resp = await call(this.client, "analyzeStack", req);
        return resp.getDiagnosticsList().map((d) => toDiagnostic(d));
    }

    async close() {
        this.client.close();
        if (this.child.exitCode === null && this.child.signalCode === null) {
            const exited = new Promise((resolve) => this.child.once("exit", resolve));
            // Closing its stdin makes the pack exit (exit-with-parent.cjs); SIGTERM if it lingers.
            this.child.stdin.end();
            const timer = setTimeout(() => this.child.kill("SIGTERM"), 2000);
            await exited;
            clearTimeout(timer);
        }
    }
}

/**
 * Start the pack like `pulumi preview --policy-pack <dir>`: `node <dir>/node_modules/@pulumi/pulumi/
 * cmd/run-policy-pack <engine-address> .` with the pack directory as working directory.
 */
export async function startPack({ dir = PACK_DIR, stack = "", project = "", timeoutMs = 120_000 } = {}) {
    const runner = path.join(dir, "node_modules", "@pulumi", "pulumi", "cmd", "run-policy-pack");
    // exit-with-parent.cjs only ties the pack's lifetime to ours; the pack itself runs untouched.
    const watchdog = path.join(PACK_DIR, "check", "exit-with-parent.cjs");
    const child = spawn(process.execPath, ["-r", watchdog, runner, "127.0.0.1:0", "."], {
        cwd: dir,
        env: {
            ...process.env,
            PULUMI_STACK: stack,
            PULUMI_PROJECT: project,
            PULUMI_DRY_RUN: "true",
            PULUMI_NODEJS_STACK: stack,
            PULUMI_NODEJS_PROJECT: project,
            PULUMI_NODEJS_DRY_RUN: "true",
        },
        stdio: ["pipe", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (b) => { stderr += b; });
    const port = await new Promise((resolve, reject) => {
        let stdout = "";
        const timer = setTimeout(() => {
            child.kill("SIGTERM");
            reject(new Error(`policy pack did not start within ${timeoutMs} ms\n${stderr}`));
        }, timeoutMs);
        child.stdout.on("data", (b) => {
            stdout += b;
            const m = /^(\d+)\s*$/m.exec(stdout);
            if (m) {
                clearTimeout(timer);
                resolve(Number(m[1]));
            }
        });
        child.once("exit", (code, signal) => {
            clearTimeout(timer);
            reject(new Error(`policy pack exited (${code ?? signal}) before serving:\n${stdout}${stderr}`));
        });
    });
    child.removeAllListeners("exit");
    const client = new analyzerRpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
        "grpc.max_receive_message_length": 400 * 1024 * 1024,
    });
    const session = new PackSession(child, client, () => stderr);
    await session.loadInfo();
    return session;
}
