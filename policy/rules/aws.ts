// AWS rules: RDS, EKS, security groups, ECR, KMS. No side effects: this module only declares data.
import { ResourceValidationPolicy } from "@pulumi/policy";
import { asArray, resourceRule, WORLD_CIDRS } from "./support";

export const RDS_INSTANCE = "aws:rds/instance:Instance";
export const EKS_CLUSTER = "aws:eks/cluster:Cluster";
export const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
export const DEFAULT_SECURITY_GROUP = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";
export const SECURITY_GROUP_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
export const SECURITY_GROUP_INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
export const ECR_REPOSITORY = "aws:ecr/repository:Repository";
export const KMS_KEY = "aws:kms/key:Key";

export const rdsNotPublic = resourceRule({
    name: "rds-not-publicly-accessible",
    description: "RDS instances are reachable from inside the VPC only (publiclyAccessible is not true).",
    severity: "critical",
    remediationSteps: "Set publiclyAccessible: false on the aws.rds.Instance (database/Database) and keep it in the " +
        "private subnet group; reach it from the cluster through the node security group.",
    tags: ["aws", "rds", "network"],
}, [RDS_INSTANCE], (db, _args, report) => {
    if (db.publiclyAccessible === true) {
        report("publiclyAccessible is true: the database gets a public address.");
    }
});

export const rdsStorageEncrypted = resourceRule({
    name: "rds-storage-encrypted",
    description: "RDS storage (and so its snapshots and backups) is encrypted at rest.",
    severity: "high",
    remediationSteps: "Set storageEncrypted: true (optionally kmsKeyId) on the aws.rds.Instance. An existing " +
        "unencrypted instance must be restored from an encrypted snapshot copy.",
    tags: ["aws", "rds", "encryption"],
}, [RDS_INSTANCE], (db, _args, report) => {
    if (db.storageEncrypted !== true) {
        report(`storageEncrypted is ${JSON.stringify(db.storageEncrypted ?? null)}; it must be true.`);
    }
});

export const rdsBackupRetention = resourceRule({
    name: "rds-backup-retention",
    description: "RDS automated backups are kept at least the configured number of days (config minimumDays).",
    severity: "high",
    remediationSteps: "Raise backupRetentionPeriod (stack config dbos-conductor:dbBackupRetentionDays) to at least " +
        "the pack's minimumDays for this stack, e.g. `pulumi config set dbos-conductor:dbBackupRetentionDays 14`.",
    tags: ["aws", "rds", "backup"],
}, [RDS_INSTANCE], (db, args, report) => {
    const { minimumDays = 7 } = args.getConfig<{ minimumDays?: number }>();
    const days = typeof db.backupRetentionPeriod === "number" ? db.backupRetentionPeriod : 0;
    if (days < minimumDays) {
        report(`backupRetentionPeriod is ${db.backupRetentionPeriod ?? "not set (0: no automated backups)"}; ` +
            `this stack requires at least ${minimumDays} days.`);
    }
}, {
    properties: {
        minimumDays: { type: "integer", minimum: 1, maximum: 35, default: 7, description: "Least backup retention, days." },
    },
});

export const rdsDeletionProtection = resourceRule({
    name: "rds-deletion-protection",
    description: "RDS instances refuse deletion (deletionProtection: true); required for production stacks.",
    severity: "high",
    remediationSteps: "Set deletionProtection: true (stack config dbos-conductor:dbDeletionProtection true) and " +
        "keep skipFinalSnapshot false so a deletion leaves a final snapshot.",
    tags: ["aws", "rds", "resilience"],
}, [RDS_INSTANCE], (db, _args, report) => {
    if (db.deletionProtection !== true) {
        report(`deletionProtection is ${JSON.stringify(db.deletionProtection ?? null)}; it must be true.`);
    }
});

export const eksSecretsEncryption = resourceRule({
    name: "eks-secrets-encryption",
    description: "EKS envelope-encrypts Kubernetes Secrets with a KMS key.",
    severity: "high",
    remediationSteps: "Give the aws.eks.Cluster an encryptionConfig with resources: [\"secrets\"] and " +
        "provider.keyArn of a KMS key with rotation on (cluster/Cluster does this).",
    tags: ["aws", "eks", "encryption"],
}, [EKS_CLUSTER], (cluster, _args, report) => {
    const configs = asArray(cluster.encryptionConfig);
    const ok = configs.some(c => asArray<string>(c?.resources).includes("secrets") && !!c?.provider?.keyArn);
    if (!ok) {
        report("no encryptionConfig covers \"secrets\" with a KMS key ARN.");
    }
});

export const eksEndpointRestricted = resourceRule({
    name: "eks-endpoint-public-access-restricted",
    description: "The EKS API endpoint is private, or public only to listed CIDRs (never 0.0.0.0/0 or ::/0).",
    severity: "high",
    remediationSteps: "Set dbos-conductor:clusterEndpointPublicAccessCidrs to your office or CI egress ranges " +
        "(or to an empty list for a private-only endpoint): `pulumi config set --path " +
        "'dbos-conductor:clusterEndpointPublicAccessCidrs[0]' 203.0.113.0/24`.",
    tags: ["aws", "eks", "network"],
}, [EKS_CLUSTER], (cluster, _args, report) => {
    const vpc = cluster.vpcConfig ?? {};
    // AWS defaults: public endpoint on, open to 0.0.0.0/0.
    if (vpc.endpointPublicAccess === false) {
        return;
    }
    const cidrs = asArray<string>(vpc.publicAccessCidrs);
    if (cidrs.length === 0) {
        report("the public endpoint is on without publicAccessCidrs, so AWS opens it to 0.0.0.0/0.");
        return;
    }
    const open = cidrs.filter(c => WORLD_CIDRS.includes(c));
    if (open.length > 0) {
        report(`the public endpoint admits ${open.join(", ")}.`);
    }
});

export const eksControlPlaneLogging = resourceRule({
    name: "eks-control-plane-logging",
    description: "EKS sends the required control-plane logs (config requiredLogTypes) to CloudWatch.",
    severity: "medium",
    remediationSteps: "List the missing types in dbos-conductor:clusterLogTypes (api, audit, authenticator at least); " +
        "cluster/Cluster passes them as enabledClusterLogTypes.",
    tags: ["aws", "eks", "logging"],
}, [EKS_CLUSTER], (cluster, args, report) => {
    const { requiredLogTypes = ["api", "audit", "authenticator"] } = args.getConfig<{ requiredLogTypes?: string[] }>();
    const enabled = asArray<string>(cluster.enabledClusterLogTypes);
    const missing = requiredLogTypes.filter(t => !enabled.includes(t));
    if (missing.length > 0) {
        report(`enabledClusterLogTypes lacks ${missing.join(", ")}.`);
    }
}, {
    properties: {
        requiredLogTypes: {
            type: "array",
            items: { type: "string", enum: ["api", "audit", "authenticator", "controllerManager", "scheduler"] },
            default: ["api", "audit", "authenticator"],
        },
    },
});

interface IngressRule {
    protocol: string;
    fromPort: number | undefined;
    toPort: number | undefined;
    cidrs: string[];
}

function groupIngressRules(sg: any): IngressRule[] {
    return asArray(sg.ingress).map((r: any) => ({
        protocol: String(r?.protocol ?? ""),
        fromPort: r?.fromPort,
        toPort: r?.toPort,
        cidrs: [...asArray<string>(r?.cidrBlocks), ...asArray<string>(r?.ipv6CidrBlocks)],
    }));
}

function ingressRulesOf(type: string, props: any): IngressRule[] {
    switch (type) {
        case SECURITY_GROUP:
        case DEFAULT_SECURITY_GROUP:
            return groupIngressRules(props);
        case SECURITY_GROUP_RULE:
            if (props.type !== "ingress") {
                return [];
            }
            return [{
                protocol: String(props.protocol ?? ""),
                fromPort: props.fromPort,
                toPort: props.toPort,
                cidrs: [...asArray<string>(props.cidrBlocks), ...asArray<string>(props.ipv6CidrBlocks)],
            }];
        case SECURITY_GROUP_INGRESS_RULE:
            return [{
                protocol: String(props.ipProtocol ?? ""),
                fromPort: props.fromPort,
                toPort: props.toPort,
                cidrs: [props.cidrIpv4, props.cidrIpv6].filter((c): c is string => typeof c === "string"),
            }];
        default:
            return [];
    }
}

/** The names a security group or rule goes by: its Pulumi name, AWS name, description and Name tag. */
function namesOf(name: string, props: any): string[] {
    return [name, props.name, props.namePrefix, props.description, props.tags?.Name]
        .filter((s): s is string => typeof s === "string");
}

export const securityGroupNoWorldIngress = resourceRule({
    name: "security-group-no-world-ingress",
    description: "No security group admits the whole internet (0.0.0.0/0, ::/0), except a load balancer's " +
        "group on TCP 80/443 (config allowedPorts, loadBalancerPattern).",
    severity: "critical",
    remediationSteps: "Admit the peer security group (referencedSecurityGroupId / sourceSecurityGroupId) or a " +
        "narrow CIDR instead of 0.0.0.0/0. Only a load balancer's group (named or described as one) may be open, " +
        "and only on single TCP ports 80 and 443.",
    tags: ["aws", "network"],
}, [SECURITY_GROUP, DEFAULT_SECURITY_GROUP, SECURITY_GROUP_RULE, SECURITY_GROUP_INGRESS_RULE], (props, args, report) => {
    const {
        allowedPorts = [80, 443],
        loadBalancerPattern = "(^|[^a-z])(lb|elb|alb|nlb|load[- ]?balancer)([^a-z]|$)",
    } = args.getConfig<{ allowedPorts?: number[]; loadBalancerPattern?: string }>();
    const isLoadBalancer = namesOf(args.name, props).some(n => new RegExp(loadBalancerPattern, "i").test(n));
    for (const rule of ingressRulesOf(args.type, props)) {
        const open = rule.cidrs.filter(c => WORLD_CIDRS.includes(c));
        if (open.length === 0) {
            continue;
        }
        const tcp = rule.protocol === "tcp" || rule.protocol === "6";
        const singlePort = rule.fromPort !== undefined && rule.fromPort === rule.toPort;
        const allowed = isLoadBalancer && tcp && singlePort && allowedPorts.includes(rule.fromPort as number);
        if (!allowed) {
            const ports = rule.fromPort === undefined || rule.protocol === "-1" ? "all ports"
                : rule.fromPort === rule.toPort ? `${rule.fromPort}` : `${rule.fromPort}-${rule.toPort}`;
            report(`ingress ${rule.protocol === "-1" ? "all protocols" : rule.protocol || "?"}/${ports} from ${open.join(", ")}` +
                (isLoadBalancer ? ": a load balancer may be open on TCP " + allowedPorts.join("/") + " only."
                    : ": only a load balancer's security group may be open to the internet."));
        }
    }
}, {
    properties: {
        allowedPorts: { type: "array", items: { type: "integer" }, default: [80, 443] },
        loadBalancerPattern: {
            type: "string",
            default: "(^|[^a-z])(lb|elb|alb|nlb|load[- ]?balancer)([^a-z]|$)",
            description: "Case-insensitive regular expression that marks a group or rule as a load balancer's.",
        },
    },
});

export const ecrImmutableTags = resourceRule({
    name: "ecr-immutable-tags",
    description: "ECR repositories have immutable tags, so a tag always names the same image.",
    severity: "high",
    remediationSteps: "Set imageTagMutability: \"IMMUTABLE\" on the aws.ecr.Repository and push every build " +
        "under a new tag (the git SHA, as app-image.yml does).",
    tags: ["aws", "ecr", "supply-chain"],
}, [ECR_REPOSITORY], (repo, _args, report) => {
    if (repo.imageTagMutability !== "IMMUTABLE") {
        report(`imageTagMutability is ${repo.imageTagMutability ?? "not set (MUTABLE)"}.`);
    }
});

export const ecrScanOnPush = resourceRule({
    name: "ecr-scan-on-push",
    description: "ECR repositories scan every pushed image for vulnerabilities.",
    severity: "medium",
    remediationSteps: "Set imageScanningConfiguration: { scanOnPush: true } on the aws.ecr.Repository.",
    tags: ["aws", "ecr", "supply-chain"],
}, [ECR_REPOSITORY], (repo, _args, report) => {
    if (repo.imageScanningConfiguration?.scanOnPush !== true) {
        report("imageScanningConfiguration.scanOnPush is not true.");
    }
});

export const kmsKeyRotation = resourceRule({
    name: "kms-key-rotation",
    description: "Symmetric KMS keys rotate their key material (enableKeyRotation: true).",
    severity: "medium",
    remediationSteps: "Set enableKeyRotation: true on the aws.kms.Key (asymmetric and HMAC keys cannot rotate " +
        "and are not checked).",
    tags: ["aws", "kms", "encryption"],
}, [KMS_KEY], (key, args, report) => {
    const spec = key.customerMasterKeySpec ?? key.keySpec ?? "SYMMETRIC_DEFAULT";
    if (spec !== "SYMMETRIC_DEFAULT") {
        args.notApplicable(`key spec ${spec} cannot rotate`);
    }
    if (key.enableKeyRotation !== true) {
        report("enableKeyRotation is not true.");
    }
});

export const awsPolicies: ResourceValidationPolicy[] = [
    rdsNotPublic,
    rdsStorageEncrypted,
    rdsBackupRetention,
    rdsDeletionProtection,
    eksSecretsEncryption,
    eksEndpointRestricted,
    eksControlPlaneLogging,
    securityGroupNoWorldIngress,
    ecrImmutableTags,
    ecrScanOnPush,
    kmsKeyRotation,
];
