// Stack rules: properties of the whole plan rather than of one resource. No side effects.
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { asArray, isLookedUp } from "./support";

export const NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
export const PDB = "kubernetes:policy/v1:PodDisruptionBudget";
export const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
export const STATEFUL_SET = "kubernetes:apps/v1:StatefulSet";
export const SCALED_OBJECT = "kubernetes:keda.sh/v1alpha1:ScaledObject";
export const HPA = "kubernetes:autoscaling/v2:HorizontalPodAutoscaler";
export const NAMESPACE = "kubernetes:core/v1:Namespace";

function namespaceOf(props: any): string {
    return props.metadata?.namespace ?? "default";
}

function ofType(resources: PolicyResource[], ...types: string[]): PolicyResource[] {
    return resources.filter(r => types.includes(r.type) && !isLookedUp(r.props));
}

/** An empty podSelector selects every pod of its namespace. */
function selectsAllPods(np: any): boolean {
    const sel = np.spec?.podSelector ?? {};
    return asArray(sel.matchExpressions).length === 0 && Object.keys(sel.matchLabels ?? {}).length === 0;
}

/** Does this NetworkPolicy deny all traffic of `direction` for the pods it selects? */
function deniesAll(np: any, direction: "Ingress" | "Egress"): boolean {
    const types = asArray<string>(np.spec?.policyTypes);
    // Without policyTypes, Kubernetes infers Ingress always and Egress only when egress rules exist.
    const effective = types.length > 0 ? types : ["Ingress", ...(np.spec?.egress ? ["Egress"] : [])];
    const rules = direction === "Ingress" ? np.spec?.ingress : np.spec?.egress;
    return effective.includes(direction) && asArray(rules).length === 0;
}

export const defaultDenyNetworkPolicy: StackValidationPolicy = {
    name: "k8s-default-deny-network-policy",
    description: "Each application namespace (config namespaces: dbos) has a default-deny NetworkPolicy: an empty " +
        "podSelector with no ingress rules and, with config denyEgress, no egress rules.",
    severity: "high",
    remediationSteps: "Create a NetworkPolicy in the namespace with podSelector: {}, policyTypes: [Ingress, Egress] " +
        "and no rules, then allow only the flows each workload needs (DNS, ingress-nginx, PostgreSQL, ...).",
    tags: ["kubernetes", "network"],
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            namespaces: { type: "array", items: { type: "string" }, default: ["dbos"] },
            denyEgress: { type: "boolean", default: true },
        },
    },
    validateStack: (args, report) => {
        const { namespaces = ["dbos"], denyEgress = true } = args.getConfig<{ namespaces?: string[]; denyEgress?: boolean }>();
        const policies = ofType(args.resources, NETWORK_POLICY).map(r => r.props);
        for (const ns of namespaces) {
            const catchAll = policies.filter(p => namespaceOf(p) === ns && selectsAllPods(p));
            const missing: string[] = [];
            if (!catchAll.some(p => deniesAll(p, "Ingress"))) {
                missing.push("ingress");
            }
            if (denyEgress && !catchAll.some(p => deniesAll(p, "Egress"))) {
                missing.push("egress");
            }
            if (missing.length > 0) {
                // Tie the violation to the namespace when the stack creates it, else to the stack itself.
                const where = ofType(args.resources, NAMESPACE).find(r => r.props.metadata?.name === ns)
                    ?? args.resources.find(r => r.type === "pulumi:pulumi:Stack");
                report(`namespace ${ns} has no NetworkPolicy that denies all ${missing.join(" and ")} by default ` +
                    `(${policies.filter(p => namespaceOf(p) === ns).length} NetworkPolicies in it).`, where?.urn);
            }
        }
    },
};

/** Does the label selector match these labels? */
export function selectorMatches(selector: any, labels: Record<string, string>): boolean {
    if (!selector) {
        return false;
    }
    const matchLabels: Record<string, string> = selector.matchLabels ?? {};
    const expressions = asArray(selector.matchExpressions);
    if (Object.keys(matchLabels).length === 0 && expressions.length === 0) {
        // An empty selector in a policy/v1 PodDisruptionBudget selects every pod of the namespace.
        return true;
    }
    for (const [k, v] of Object.entries(matchLabels)) {
        if (labels[k] !== v) {
            return false;
        }
    }
    for (const e of expressions) {
        const has = Object.prototype.hasOwnProperty.call(labels, e.key);
        const values = asArray<string>(e.values);
        switch (e.operator) {
            case "In": if (!has || !values.includes(labels[e.key])) { return false; } break;
            case "NotIn": if (has && values.includes(labels[e.key])) { return false; } break;
            case "Exists": if (!has) { return false; } break;
            case "DoesNotExist": if (has) { return false; } break;
            default: return false;
        }
    }
    return true;
}

/** Least replicas a workload runs with: its autoscaler's floor when one targets it, else spec.replicas. */
function leastReplicas(workload: PolicyResource, scalers: PolicyResource[]): number {
    const w = workload.props;
    const kind = w.kind ?? (workload.type === DEPLOYMENT ? "Deployment" : "StatefulSet");
    for (const s of scalers) {
        const target = s.props.spec?.scaleTargetRef ?? {};
        if (namespaceOf(s.props) === namespaceOf(w) && target.name === w.metadata?.name && (target.kind ?? "Deployment") === kind) {
            // KEDA's minReplicaCount defaults to 0, an HPA's minReplicas to 1.
            return s.type === SCALED_OBJECT ? (s.props.spec?.minReplicaCount ?? 0) : (s.props.spec?.minReplicas ?? 1);
        }
    }
    return typeof w.spec?.replicas === "number" ? w.spec.replicas : 1;
}

export const pdbForMultiReplica: StackValidationPolicy = {
    name: "k8s-pdb-for-multi-replica",
    description: "Every Deployment or StatefulSet that runs more than one replica (its autoscaler's minimum when " +
        "scaled by KEDA or an HPA) has a PodDisruptionBudget selecting its pods.",
    severity: "medium",
    remediationSteps: "Create a policy/v1 PodDisruptionBudget in the workload's namespace whose selector matches " +
        "the pod template labels, e.g. maxUnavailable: 1 (workload/Workload does above one replica).",
    tags: ["kubernetes", "reliability"],
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const pdbs = ofType(args.resources, PDB).map(r => r.props);
        const scalers = ofType(args.resources, SCALED_OBJECT, HPA);
        for (const workload of ofType(args.resources, DEPLOYMENT, STATEFUL_SET)) {
            const replicas = leastReplicas(workload, scalers);
            if (replicas <= 1) {
                continue;
            }
            const w = workload.props;
            const podLabels: Record<string, string> = w.spec?.template?.metadata?.labels ?? {};
            const covered = pdbs.some(p => namespaceOf(p) === namespaceOf(w) && selectorMatches(p.spec?.selector, podLabels));
            if (!covered) {
                report(`${w.kind ?? "Deployment"} ${namespaceOf(w)}/${w.metadata?.name} runs ${replicas} replicas and no ` +
                    "PodDisruptionBudget selects its pods.", workload.urn);
            }
        }
    },
};

export const conductorOAuth: StackValidationPolicy = {
    name: "conductor-oauth-enabled",
    description: "Conductor runs with OAuth (DBOS_OAUTH_ENABLED=true on its Deployment), unless the stack's pack " +
        "config waives it with a reason (config waiver).",
    severity: "high",
    remediationSteps: "Keep dbos-conductor:oauthEnabled true (the default). For a private evaluation only, set " +
        "\"conductor-oauth-enabled\": {\"waiver\": \"<reason, owner, expiry>\"} in the stack's policy config.",
    tags: ["dbos", "authentication"],
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            waiver: { type: "string", default: "", description: "Non-empty: OAuth may be off, for this reason." },
            deploymentName: { type: "string", default: "conductor" },
        },
    },
    validateStack: (args, report) => {
        const { waiver = "", deploymentName = "conductor" } = args.getConfig<{ waiver?: string; deploymentName?: string }>();
        const conductors = ofType(args.resources, DEPLOYMENT).filter(d => d.props.metadata?.name === deploymentName);
        if (conductors.length === 0) {
            args.notApplicable(`no Deployment named ${deploymentName}`);
        }
        if (waiver.trim() !== "") {
            return;
        }
        for (const d of conductors) {
            const containers = asArray(d.props.spec?.template?.spec?.containers);
            const entries = containers.flatMap((c: any) => asArray(c.env)).filter((e: any) => e.name === "DBOS_OAUTH_ENABLED");
            const enabled = entries.some((e: any) => typeof e.value === "string" && e.value.trim().toLowerCase() === "true");
            if (!enabled) {
                const found = entries.length === 0 ? "is not set" :
                    `is ${entries.map((e: any) => e.value !== undefined ? JSON.stringify(e.value) : "taken from valueFrom").join(", ")}`;
                report(`Deployment ${namespaceOf(d.props)}/${deploymentName}: DBOS_OAUTH_ENABLED ${found}.`, d.urn);
            }
        }
    },
};

export const stackPolicies: StackValidationPolicy[] = [
    defaultDenyNetworkPolicy,
    pdbForMultiReplica,
    conductorOAuth,
];
