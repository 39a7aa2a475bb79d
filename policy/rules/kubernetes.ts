// Kubernetes resource rules. No side effects: this module only declares data.
import { ResourceValidationPolicy, UnknownValueError } from "@pulumi/policy";
import {
    asArray, containersOf, isLookedUp, k8sId, LONG_RUNNING_TYPES, podSpecOf, resourceRule, RuleMetadata, WORKLOAD_TYPES,
} from "./support";

export const INGRESS = "kubernetes:networking.k8s.io/v1:Ingress";

/** Why an image reference is not pinned, or undefined when it is. */
export function imageProblem(image: unknown): string | undefined {
    if (typeof image !== "string" || image.trim() === "") {
        return "has no image";
    }
    const at = image.indexOf("@");
    if (at >= 0) {
        return /^sha256:[0-9a-f]{64}$/.test(image.slice(at + 1)) ? undefined : `has a malformed digest (${image})`;
    }
    const lastSlash = image.lastIndexOf("/");
    const lastColon = image.lastIndexOf(":");
    if (lastColon <= lastSlash) {
        return `is untagged (${image}), so Kubernetes pulls :latest`;
    }
    if (image.slice(lastColon + 1).toLowerCase() === "latest") {
        return `uses the latest tag (${image})`;
    }
    return undefined;
}

export const imagePinned = resourceRule({
    name: "k8s-image-pinned",
    description: "Every container image is pinned to a version tag or a digest: never `latest`, never untagged.",
    severity: "high",
    remediationSteps: "Reference a release tag (dexidp/dex:v2.41.1) or a digest (image@sha256:...). For the " +
        "app images, push the git-SHA tag built by app-image.yml and set dbos-conductor:appImage to it.",
    tags: ["kubernetes", "supply-chain"],
}, WORKLOAD_TYPES, (props, args, report) => {
    for (const { container, label } of containersOf(podSpecOf(args.type, props))) {
        const problem = imageProblem(container.image);
        if (problem) {
            report(`${k8sId(props)}: ${label} ${problem}.`);
        }
    }
});

export const resourcesSet = resourceRule({
    name: "k8s-resources-requests-limits",
    description: "Every container declares resource requests and limits (config requiredRequests, requiredLimits).",
    severity: "medium",
    remediationSteps: "Give each container resources.requests (cpu, memory) and resources.limits (cpu, memory); " +
        "workload/PodSpecs.Resources carries them for the program's workloads.",
    tags: ["kubernetes", "reliability"],
}, WORKLOAD_TYPES, (props, args, report) => {
    const { requiredRequests = ["cpu", "memory"], requiredLimits = ["cpu", "memory"] } =
        args.getConfig<{ requiredRequests?: string[]; requiredLimits?: string[] }>();
    for (const { container, label } of containersOf(podSpecOf(args.type, props))) {
        const requests = container.resources?.requests ?? {};
        const limits = container.resources?.limits ?? {};
        const missing = [
            ...requiredRequests.filter(r => requests[r] === undefined || requests[r] === null).map(r => `requests.${r}`),
            ...requiredLimits.filter(r => limits[r] === undefined || limits[r] === null).map(r => `limits.${r}`),
        ];
        if (missing.length > 0) {
            report(`${k8sId(props)}: ${label} lacks ${missing.join(", ")}.`);
        }
    }
}, {
    properties: {
        requiredRequests: { type: "array", items: { type: "string" }, default: ["cpu", "memory"] },
        requiredLimits: { type: "array", items: { type: "string" }, default: ["cpu", "memory"] },
    },
});

export const probesSet = resourceRule({
    name: "k8s-probes",
    description: "Every container of a long-running workload (Deployment, StatefulSet, DaemonSet) has a readiness " +
        "and a liveness probe.",
    severity: "medium",
    remediationSteps: "Add readinessProbe and livenessProbe (httpGet on the health endpoint) to the container; " +
        "WorkloadSpec takes the health path.",
    tags: ["kubernetes", "reliability"],
}, LONG_RUNNING_TYPES, (props, args, report) => {
    for (const { container, label } of containersOf(podSpecOf(args.type, props), false)) {
        const missing = ["readinessProbe", "livenessProbe"].filter(p => !container[p]);
        if (missing.length > 0) {
            report(`${k8sId(props)}: ${label} lacks ${missing.join(" and ")}.`);
        }
    }
});

export const containerHardened = resourceRule({
    name: "k8s-no-privilege-escalation",
    description: "Every container sets allowPrivilegeEscalation: false and drops all capabilities.",
    severity: "high",
    remediationSteps: "Set securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: [\"ALL\"] } } " +
        "on the container (PodSpecs.restrictedContainer does), as Pod Security `restricted` requires.",
    tags: ["kubernetes", "security"],
}, WORKLOAD_TYPES, (props, args, report) => {
    for (const { container, label } of containersOf(podSpecOf(args.type, props))) {
        const sc = container.securityContext ?? {};
        const problems: string[] = [];
        if (sc.allowPrivilegeEscalation !== false) {
            problems.push("allowPrivilegeEscalation is not false");
        }
        const dropped = asArray<string>(sc.capabilities?.drop).map(c => String(c).toUpperCase());
        if (!dropped.includes("ALL")) {
            problems.push("capabilities.drop lacks ALL");
        }
        if (problems.length > 0) {
            report(`${k8sId(props)}: ${label}: ${problems.join("; ")}.`);
        }
    }
});

/** Env names that hold a credential. A name ending in _URL/_URI/_HOST/... is a location unless it is a DB URL. */
const CREDENTIAL_NAME = /(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|CREDENTIAL|PRIVATE_?KEY|API_?KEY|(^|_)KEY($|_)|DATABASE_URL$|DB_URL$|(^|_)DSN$|CONNECTION_STRING)/;
const LOCATION_NAME = /_(URL|URI|ENDPOINT|HOST|PORT|PATH|FILE|DIR|ID)$/;
const DATABASE_URL_NAME = /(DATABASE|DB)_URL$/;
/** scheme://user:password@ — a URL that carries its password. */
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:[^/\s@]+@/i;
/** The offline plan's stand-in for a secret value. */
const PLAN_SECRET = "[secret]";

export function isCredentialName(name: string): boolean {
    const n = name.toUpperCase();
    if (DATABASE_URL_NAME.test(n)) {
        return true;
    }
    return CREDENTIAL_NAME.test(n) && !LOCATION_NAME.test(n);
}

export const noPlaintextCredentials = resourceRule({
    name: "k8s-no-plaintext-credentials",
    description: "No credential is written into a container's env: variables named like a password, secret, " +
        "token, key or database URL, and any URL with a password, come from a Secret (valueFrom.secretKeyRef).",
    severity: "critical",
    remediationSteps: "Put the value in a Kubernetes Secret (security/SecretInventory) and reference it with " +
        "env[].valueFrom.secretKeyRef (PodSpecs.fromSecret); never interpolate passwords or database URLs into " +
        "env[].value.",
    tags: ["kubernetes", "security", "secrets"],
}, WORKLOAD_TYPES, (props, args, report) => {
    for (const { container, label } of containersOf(podSpecOf(args.type, props))) {
        for (const env of asArray(container.env)) {
            const name = String(env.name ?? "");
            const hasValue = Object.prototype.hasOwnProperty.call(env, "value");
            if (isCredentialName(name)) {
                if (hasValue) {
                    report(`${k8sId(props)}: ${label} sets ${name} as a plain value.`);
                } else if (!env.valueFrom?.secretKeyRef) {
                    report(`${k8sId(props)}: ${label} takes ${name} from ` +
                        `${Object.keys(env.valueFrom ?? {}).join(", ") || "nowhere"}, not from a secretKeyRef.`);
                }
                continue;
            }
            if (!hasValue) {
                continue;
            }
            let value: unknown;
            try {
                value = env.value;
            } catch (e) {
                // An unknown value during a preview comes from another resource's output. It is no literal
                // in the program, and its name is not a credential's: judge the rest of the env.
                if (e instanceof UnknownValueError) {
                    continue;
                }
                throw e;
            }
            if (typeof value !== "string") {
                continue;
            }
            if (value === PLAN_SECRET) {
                report(`${k8sId(props)}: ${label} sets ${name} to a secret value inline.`);
            } else if (URL_WITH_PASSWORD.test(value)) {
                report(`${k8sId(props)}: ${label} sets ${name} to a URL that carries a password.`);
            }
        }
    }
});

/** Does `host` match the TLS host `pattern` (which may be a `*.` wildcard)? */
function tlsCovers(pattern: string, host: string): boolean {
    if (pattern === host) {
        return true;
    }
    if (pattern.startsWith("*.")) {
        const suffix = pattern.slice(1);
        return host.endsWith(suffix) && !host.slice(0, -suffix.length).includes(".");
    }
    return false;
}

export const ingressTls = resourceRule({
    name: "k8s-ingress-tls",
    description: "Every Ingress terminates TLS for each of its hosts.",
    severity: "high",
    remediationSteps: "Add spec.tls with a secretName and hosts covering every rule host (edge/Edge does: the " +
        "private-CA certificate `dbos-tls`, or cert-manager's in domain mode).",
    tags: ["kubernetes", "network", "encryption"],
}, [INGRESS], (ing, _args, report) => {
    const tls = asArray(ing.spec?.tls);
    if (tls.length === 0) {
        report(`${k8sId(ing)} has no spec.tls.`);
        return;
    }
    const tlsHosts = tls.flatMap((t: any) => asArray<string>(t?.hosts));
    const uncovered = asArray(ing.spec?.rules)
        .map((r: any) => r?.host)
        .filter((h: unknown): h is string => typeof h === "string" && h !== "")
        .filter((h: string) => !tlsHosts.some(p => tlsCovers(p, h)));
    if (uncovered.length > 0) {
        report(`${k8sId(ing)}: no TLS entry covers ${uncovered.join(", ")}.`);
    }
    if (tls.some((t: any) => !t?.secretName)) {
        report(`${k8sId(ing)}: a spec.tls entry has no secretName.`);
    }
});

export const ingressTimeouts = resourceRule({
    name: "k8s-ingress-websocket-timeouts",
    description: "Every Ingress keeps WebSocket connections open: nginx proxy read and send timeouts of at least " +
        "config minimumSeconds (3600).",
    severity: "medium",
    remediationSteps: "Annotate the Ingress with nginx.ingress.kubernetes.io/proxy-read-timeout and " +
        "proxy-send-timeout \"3600\" (edge/Edge); Conductor's WebSocket to each app drops at the first idle timeout.",
    tags: ["kubernetes", "network"],
}, [INGRESS], (ing, args, report) => {
    const { minimumSeconds = 3600 } = args.getConfig<{ minimumSeconds?: number }>();
    const annotations = ing.metadata?.annotations ?? {};
    for (const key of ["proxy-read-timeout", "proxy-send-timeout"]) {
        const raw = annotations[`nginx.ingress.kubernetes.io/${key}`];
        const seconds = Number(raw);
        if (raw === undefined || !Number.isFinite(seconds) || seconds < minimumSeconds) {
            report(`${k8sId(ing)}: nginx.ingress.kubernetes.io/${key} is ${raw === undefined ? "not set" : JSON.stringify(raw)}; ` +
                `at least ${minimumSeconds} is required.`);
        }
    }
}, {
    properties: {
        minimumSeconds: { type: "integer", minimum: 1, default: 3600 },
    },
});

export const RECOMMENDED_LABELS = ["app.kubernetes.io/name", "app.kubernetes.io/part-of", "app.kubernetes.io/managed-by"];

/** Kubernetes types that are not objects of their own: Helm releases and the provider's component types. */
function isLabelledObjectType(type: string): boolean {
    return type.startsWith("kubernetes:")
        && !type.startsWith("kubernetes:helm.sh/")
        && !type.startsWith("kubernetes:yaml")
        && !type.startsWith("kubernetes:kustomize");
}

const recommendedLabelsMeta: RuleMetadata = {
    name: "k8s-recommended-labels",
    description: "Every Kubernetes object the program creates carries the recommended labels " +
        "app.kubernetes.io/name, /part-of and /managed-by (Helm releases and looked-up objects excepted).",
    severity: "low",
    remediationSteps: "Build metadata.labels with support/KubernetesLabels.recommended(name, component), which " +
        "sets app.kubernetes.io/name, part-of=dbos-conductor and managed-by=pulumi.",
    tags: ["kubernetes", "operability"],
};

export const recommendedLabels: ResourceValidationPolicy = {
    ...recommendedLabelsMeta,
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            requiredLabels: { type: "array", items: { type: "string" }, default: RECOMMENDED_LABELS },
        },
    },
    validateResource: (args, report) => {
        if (!isLabelledObjectType(args.type)) {
            args.notApplicable("not a Kubernetes object");
        }
        if (isLookedUp(args.props)) {
            args.notApplicable("a looked-up object is not the program's to label");
        }
        const { requiredLabels = RECOMMENDED_LABELS } = args.getConfig<{ requiredLabels?: string[] }>();
        const labels = args.props.metadata?.labels ?? {};
        const missing = requiredLabels.filter(l => typeof labels[l] !== "string" || labels[l] === "");
        if (missing.length > 0) {
            report(`${k8sId(args.props)} lacks the label${missing.length > 1 ? "s" : ""} ${missing.join(", ")}.`);
        }
    },
};

export const kubernetesPolicies: ResourceValidationPolicy[] = [
    imagePinned,
    resourcesSet,
    probesSet,
    containerHardened,
    noPlaintextCredentials,
    ingressTls,
    ingressTimeouts,
    recommendedLabels,
];
