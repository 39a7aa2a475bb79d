// Shared helpers of the rules. Pure functions only: importing this module registers nothing.
import { ResourceValidationArgs, ResourceValidationPolicy, ReportViolation } from "@pulumi/policy";

/** Every rule of this pack carries these, so a violation can always say how to fix it. */
export interface RuleMetadata {
    name: string;
    description: string;
    severity: "low" | "medium" | "high" | "critical";
    remediationSteps: string;
    tags: string[];
}

/**
 * A resource rule that applies to the given Pulumi type tokens only. The engine never sends a
 * resource read with `.get` (a looked-up object) to `validateResource`; the offline checker skips
 * them too, and an input bag without a single property is treated the same way here.
 */
export function resourceRule(
    meta: RuleMetadata,
    types: string[],
    validate: (props: any, args: ResourceValidationArgs, reportViolation: ReportViolation) => void,
    configSchema?: ResourceValidationPolicy["configSchema"],
): ResourceValidationPolicy {
    const validateResource = (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
        if (!types.includes(args.type)) {
            args.notApplicable(`applies to ${types.join(", ")} only`);
        }
        if (isLookedUp(args.props)) {
            args.notApplicable("a looked-up resource has no inputs to check");
        }
        validate(args.props, args, reportViolation);
    };
    // With a single type, @pulumi/policy skips every other type without calling the function.
    if (types.length === 1) {
        (validateResource as any).__pulumiType = types[0];
    }
    return { ...meta, enforcementLevel: "mandatory", validateResource, ...(configSchema ? { configSchema } : {}) };
}

export function isLookedUp(props: Record<string, unknown> | undefined): boolean {
    return props === undefined || props === null || Object.keys(props).length === 0;
}

export function asArray<T = any>(value: unknown): T[] {
    if (value === undefined || value === null) {
        return [];
    }
    return Array.isArray(value) ? (value as T[]) : [value as T];
}

/** The pod spec of every Kubernetes kind that runs containers. */
const POD_SPEC_PATHS: Record<string, (props: any) => any> = {
    "kubernetes:apps/v1:Deployment": p => p.spec?.template?.spec,
    "kubernetes:apps/v1:StatefulSet": p => p.spec?.template?.spec,
    "kubernetes:apps/v1:DaemonSet": p => p.spec?.template?.spec,
    "kubernetes:apps/v1:ReplicaSet": p => p.spec?.template?.spec,
    "kubernetes:batch/v1:Job": p => p.spec?.template?.spec,
    "kubernetes:batch/v1:CronJob": p => p.spec?.jobTemplate?.spec?.template?.spec,
    "kubernetes:core/v1:Pod": p => p.spec,
};

export const WORKLOAD_TYPES = Object.keys(POD_SPEC_PATHS);

/** Workloads that run until stopped (as opposed to Jobs): these need probes. */
export const LONG_RUNNING_TYPES = [
    "kubernetes:apps/v1:Deployment",
    "kubernetes:apps/v1:StatefulSet",
    "kubernetes:apps/v1:DaemonSet",
    "kubernetes:apps/v1:ReplicaSet",
];

export function podSpecOf(type: string, props: any): any {
    const path = POD_SPEC_PATHS[type];
    return path ? path(props) : undefined;
}

export interface ContainerRef {
    container: any;
    /** e.g. `container "dex"` or `init container "wait"`. */
    label: string;
    init: boolean;
}

export function containersOf(podSpec: any, includeInit = true): ContainerRef[] {
    if (!podSpec) {
        return [];
    }
    const result: ContainerRef[] = [];
    if (includeInit) {
        for (const c of asArray(podSpec.initContainers)) {
            result.push({ container: c, label: `init container "${c.name}"`, init: true });
        }
    }
    for (const c of asArray(podSpec.containers)) {
        result.push({ container: c, label: `container "${c.name}"`, init: false });
    }
    return result;
}

/** `kind/namespace/name` of a Kubernetes object, for messages. */
export function k8sId(props: any): string {
    const kind = props.kind ?? "object";
    const ns = props.metadata?.namespace;
    const name = props.metadata?.name ?? "(unnamed)";
    return ns ? `${kind} ${ns}/${name}` : `${kind} ${name}`;
}

export const WORLD_CIDRS = ["0.0.0.0/0", "::/0"];
