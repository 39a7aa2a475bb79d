package org.dbosconductor.synth;

import java.util.Map;

/**
 * How long AWS, Kubernetes and Helm typically take to create each kind of resource this program
 * registers, in minutes: the figures the deploy simulation ({@code synth --simulate-deploy}) waits for.
 * One table, each figure with the public source it comes from. Figures are typical first-create times
 * in a healthy region, not worst cases; "seconds" means one API call and its waiter, counted as 0.1 min.
 * Type tokens are exactly those of plan.json.
 */
public final class CreationTimes {
    /** One API call and the provider's short waiter: IAM, EC2 networking objects, KMS, log groups, ECR, EKS access entries. */
    static final double SECONDS = 0.1;

    private CreationTimes() {
    }

    /** What a resource needs besides its declared inputs before its pods can run: nothing, a node, or a node and cluster DNS. */
    public enum Needs { NOTHING, NODES, NODES_AND_DNS }

    /** A figure and where it comes from. */
    public record Figure(double minutes, String source) {
    }

    private static final String TF_AWS = "Terraform AWS provider docs, resource timeouts and waiters (registry.terraform.io/providers/hashicorp/aws)";
    private static final String PULUMI_K8S_AWAIT = "pulumi-kubernetes await logic (API docs of each kind: \"This resource waits until its status is ready\";"
            + " Deployment: the new ReplicaSet's pods available; Job: complete; Service: ready endpoints)";

    // --- the table -------------------------------------------------------------------------------
    private static final Map<String, Figure> BY_TYPE = Map.ofEntries(
            // Network. VPC, subnets, gateways, route tables, routes: one EC2 call each, available within
            // seconds (Terraform aws_vpc / aws_subnet wait for state "available", typically 1-10 s).
            Map.entry("aws:ec2/vpc:Vpc", new Figure(SECONDS, TF_AWS + ": aws_vpc, created in seconds")),
            Map.entry("aws:ec2/subnet:Subnet", new Figure(SECONDS, TF_AWS + ": aws_subnet, created in seconds")),
            Map.entry("aws:ec2/internetGateway:InternetGateway", new Figure(SECONDS, TF_AWS + ": aws_internet_gateway, attach in seconds")),
            Map.entry("aws:ec2/routeTable:RouteTable", new Figure(SECONDS, TF_AWS + ": aws_route_table, seconds")),
            Map.entry("aws:ec2/route:Route", new Figure(SECONDS, TF_AWS + ": aws_route, seconds")),
            Map.entry("aws:ec2/routeTableAssociation:RouteTableAssociation", new Figure(SECONDS, TF_AWS + ": aws_route_table_association, seconds")),
            Map.entry("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", new Figure(SECONDS, TF_AWS + ": aws_default_security_group adopts the existing group, seconds")),
            Map.entry("aws:ec2/securityGroup:SecurityGroup", new Figure(SECONDS, TF_AWS + ": aws_security_group, seconds")),
            Map.entry("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", new Figure(SECONDS, TF_AWS + ": aws_vpc_security_group_ingress_rule, seconds")),
            Map.entry("aws:ec2/eip:Eip", new Figure(SECONDS, TF_AWS + ": aws_eip, an address allocation, seconds")),
            // NAT gateway: state pending -> available (EC2 API reference, NatGateway.state); public terraform-aws-modules/vpc
            // apply logs on GitHub: "aws_nat_gateway.this[0]: Creation complete after" 1m25s, 1m28s, 1m34s, 1m45s, 1m47s, 2m4s, 2m5s.
            Map.entry("aws:ec2/natGateway:NatGateway", new Figure(2.0, "EC2 API reference, NatGateway state pending -> available;"
                    + " public terraform-aws-modules/vpc apply logs: 1m25s-2m5s")),
            // Identity and keys.
            Map.entry("aws:iam/role:Role", new Figure(SECONDS, TF_AWS + ": aws_iam_role, one call (IAM is eventually consistent within seconds)")),
            Map.entry("aws:iam/rolePolicyAttachment:RolePolicyAttachment", new Figure(SECONDS, TF_AWS + ": aws_iam_role_policy_attachment, seconds")),
            Map.entry("aws:iam/openIdConnectProvider:OpenIdConnectProvider", new Figure(SECONDS, TF_AWS + ": aws_iam_openid_connect_provider, seconds")),
            Map.entry("aws:kms/key:Key", new Figure(SECONDS, TF_AWS + ": aws_kms_key, CreateKey returns an enabled key in seconds")),
            Map.entry("aws:cloudwatch/logGroup:LogGroup", new Figure(SECONDS, TF_AWS + ": aws_cloudwatch_log_group, seconds")),
            Map.entry("aws:ecr/repository:Repository", new Figure(SECONDS, TF_AWS + ": aws_ecr_repository, seconds")),
            // EKS.
            // Control plane: EKS API reference, CreateCluster: "In most cases, it takes several minutes to create a
            // cluster"; aws/containers-roadmap#1227: provisioning "currently averages 15 minutes" (since reduced);
            // public terraform-aws-eks apply logs on GitHub: "aws_eks_cluster.this[0]: Creation complete after"
            // 8m23s, 8m55s, 9m6s, 9m24s, 10m12s, 10m22s, 10m52s, 11m3s, 11m23s. An unofficial 21-region test
            // (easontechtalk.com) measured 13-16 min: the figure with the widest spread.
            Map.entry("aws:eks/cluster:Cluster", new Figure(10.0, "EKS API reference, CreateCluster (\"several minutes\");"
                    + " aws/containers-roadmap#1227; public terraform-aws-eks apply logs: 8m23s-11m23s")),
            // Managed node group: the Auto Scaling group launches the instances, they boot and join the cluster.
            // Public terraform-aws-eks apply logs: "aws_eks_node_group.this[0]: Creation complete after" 1m28s, 1m29s,
            // 1m48s, 1m59s, 2m10s, 2m59s, 3m21s.
            Map.entry("aws:eks/nodeGroup:NodeGroup", new Figure(3.0, "EKS User Guide, managed node groups (ACTIVE once the nodes joined);"
                    + " public terraform-aws-eks apply logs: 1m28s-3m21s")),
            Map.entry("aws:eks/accessEntry:AccessEntry", new Figure(SECONDS, TF_AWS + ": aws_eks_access_entry, seconds")),
            Map.entry("aws:eks/accessPolicyAssociation:AccessPolicyAssociation", new Figure(SECONDS, TF_AWS + ": aws_eks_access_policy_association, seconds")),
            // RDS groups: one call each.
            Map.entry("aws:rds/subnetGroup:SubnetGroup", new Figure(SECONDS, TF_AWS + ": aws_db_subnet_group, seconds")),
            Map.entry("aws:rds/parameterGroup:ParameterGroup", new Figure(SECONDS, TF_AWS + ": aws_db_parameter_group, seconds")),
            // DNS: Route 53 docs: "Changes generally propagate to all Route 53 name servers within 60 seconds";
            // the provider waits for the change to be INSYNC.
            Map.entry("aws:route53/record:Record", new Figure(1.0, "Amazon Route 53 Developer Guide, editing records: \"Changes generally"
                    + " propagate to all Route 53 name servers within 60 seconds\" (the provider waits for INSYNC)")),
            // Kubernetes objects with no readiness to wait for: one API call.
            Map.entry("kubernetes:core/v1:Namespace", new Figure(0, PULUMI_K8S_AWAIT + ": Namespace, no wait")),
            Map.entry("kubernetes:core/v1:Secret", new Figure(0, PULUMI_K8S_AWAIT + ": Secret, no wait")),
            Map.entry("kubernetes:core/v1:ConfigMap", new Figure(0, PULUMI_K8S_AWAIT + ": ConfigMap, no wait")),
            Map.entry("kubernetes:core/v1:ServiceAccount", new Figure(0, PULUMI_K8S_AWAIT + ": ServiceAccount, no wait")),
            Map.entry("kubernetes:rbac.authorization.k8s.io/v1:Role", new Figure(0, PULUMI_K8S_AWAIT + ": Role, no wait")),
            Map.entry("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", new Figure(0, PULUMI_K8S_AWAIT + ": RoleBinding, no wait")),
            Map.entry("kubernetes:networking.k8s.io/v1:NetworkPolicy", new Figure(0, PULUMI_K8S_AWAIT + ": NetworkPolicy, no wait")),
            Map.entry("kubernetes:policy/v1:PodDisruptionBudget", new Figure(0, PULUMI_K8S_AWAIT + ": PodDisruptionBudget, no wait")),
            Map.entry("kubernetes:keda.sh/v1alpha1:ScaledObject", new Figure(0, PULUMI_K8S_AWAIT + ": custom resources, no wait")),
            Map.entry("kubernetes:cert-manager.io/v1:ClusterIssuer", new Figure(0, PULUMI_K8S_AWAIT + ": custom resources, no wait")),
            // A ClusterIP Service waits for ready endpoints, i.e. for its Deployment's pods, which the Deployment's
            // own figure counts; nothing in the program consumes a Service's outputs, so it is counted as the object alone.
            Map.entry("kubernetes:core/v1:Service", new Figure(0, PULUMI_K8S_AWAIT + ": Service; its wait is its Deployment's rollout, counted there")),
            // The Ingress: ingress-nginx (already running when it is created) writes the load balancer into its status within seconds.
            Map.entry("kubernetes:networking.k8s.io/v1:Ingress", new Figure(0.5, PULUMI_K8S_AWAIT + ": Ingress, until .status.loadBalancer is set")),
            // A Deployment: schedule, pull the image, pass the readiness probe: about a minute.
            Map.entry("kubernetes:apps/v1:Deployment", new Figure(1.0, PULUMI_K8S_AWAIT + ": Deployment rollout, ~1 min with the image pull and readiness probe")),
            // Local computations of the random and tls providers, and provider registrations: nothing to wait for.
            Map.entry("random:index/randomPassword:RandomPassword", new Figure(0, "pulumi-random: computed locally")),
            Map.entry("tls:index/privateKey:PrivateKey", new Figure(0, "pulumi-tls: computed locally")),
            Map.entry("tls:index/selfSignedCert:SelfSignedCert", new Figure(0, "pulumi-tls: computed locally")),
            Map.entry("tls:index/certRequest:CertRequest", new Figure(0, "pulumi-tls: computed locally")),
            Map.entry("tls:index/locallySignedCert:LocallySignedCert", new Figure(0, "pulumi-tls: computed locally")),
            Map.entry("pulumi:providers:kubernetes", new Figure(0, "a provider registration: no cloud call")));

    // RDS PostgreSQL. Single-AZ: public terraform-aws-modules/rds apply logs on GitHub, "aws_db_instance.this[0]: Creation
    // complete after" 5m57s, 6m8s (db.t3.micro, no backups to take yet); 8 min leaves room for the first automated backup
    // RDS takes before reporting "available" when backups are on. Multi-AZ: RDS creates the primary, snapshots it and
    // restores the standby in a second zone (RDS User Guide, "Multi-AZ DB instance deployments"; the same steps as
    // converting Single-AZ to Multi-AZ, AWS Knowledge Center "rds-convert-single-az-multi-az"): about twice as long.
    // 15 min is an estimate from that description, not a measurement.
    static final Figure RDS_SINGLE_AZ = new Figure(8.0, "public terraform-aws-modules/rds apply logs: ~6 min, plus the first backup");
    static final Figure RDS_MULTI_AZ = new Figure(15.0, "RDS User Guide, Multi-AZ DB instance deployments (standby restored from a"
            + " snapshot of the primary): about twice Single-AZ; an estimate");

    // EKS add-ons: vpc-cni and kube-proxy are DaemonSets EKS takes over in place (resolveConflicts OVERWRITE):
    // ACTIVE within about 30 s (public terraform-aws-eks apply logs: an aws_eks_addon "Creation complete after 24s").
    // CoreDNS is a Deployment: ACTIVE only once its pods run on a node (EKS User Guide, "Amazon EKS add-ons"), ~1 min.
    static final Figure ADDON_DAEMONSET = new Figure(0.5, "EKS User Guide, Amazon EKS add-ons; public terraform-aws-eks apply logs ~30 s");
    static final Figure ADDON_COREDNS = new Figure(1.0, "EKS User Guide, CoreDNS add-on (ACTIVE once its pods run on a node), ~1 min");

    // Helm releases (atomic: helm --wait until every Deployment is ready and every LoadBalancer Service has its
    // address; Helm docs, `helm install --wait`). ingress-nginx: public helm_release apply logs show the chart alone
    // in 28s-1m8s; the AWS load balancer behind its Service is provisioned in parallel and is usable 1-2 min later
    // (its DNS name resolves once provisioned): 2.5 min in all.
    static final Figure HELM_INGRESS_NGINX = new Figure(2.5, "Helm docs, --wait; public helm_release apply logs: chart 28s-1m8s;"
            + " plus the AWS load balancer's provisioning, 1-2 min");
    // cert-manager: public helm_release apply logs 20s, 24s, 44s, 59s, 2m11s (webhook waits for its CA injection).
    static final Figure HELM_CERT_MANAGER = new Figure(1.0, "public helm_release apply logs: 20s-2m11s, typically under a minute");
    static final Figure HELM_KEDA = new Figure(1.0, "KEDA docs, deploying with Helm: operator, metrics server and webhook Deployments, ~1 min");
    static final Figure HELM_SEALED_SECRETS = new Figure(1.0, "sealed-secrets chart: one controller Deployment, ~1 min");
    static final Figure HELM_OTHER = new Figure(1.0, "Helm --wait on a chart's Deployments: ~1 min");

    // Jobs: Pulumi waits for completion. The bootstrap runs one psql script, the migration one `dbos migrate`:
    // image pull + run, about half a minute each.
    static final Figure JOB_BOOTSTRAP = new Figure(0.5, PULUMI_K8S_AWAIT + ": Job until complete; one psql script, ~30 s with the image pull");
    static final Figure JOB_MIGRATE = new Figure(0.5, PULUMI_K8S_AWAIT + ": Job until complete; one `dbos migrate`, ~30 s with the image pull");

    static final Figure UNKNOWN = new Figure(SECONDS, "not in the table: counted as one API call");
    static final Figure NONE = new Figure(0, "components and reads of existing objects: no cloud work");

    /**
     * The typical creation time of one resource.
     *
     * @param inputs the inputs the program sent (RDS Multi-AZ, the Helm chart, the add-on's name are read from them)
     * @param read   the program only reads an existing object ({@code Service.get})
     */
    public static Figure of(String type, String name, Map<String, Object> inputs, boolean read) {
        if (read || type.startsWith(Plan.PROJECT_TYPE_PREFIX) || type.equals(Plan.STACK_TYPE)) {
            return NONE;
        }
        return switch (type) {
            case "aws:rds/instance:Instance" -> Boolean.TRUE.equals(inputs.get("multiAz")) ? RDS_MULTI_AZ : RDS_SINGLE_AZ;
            case "aws:eks/addon:Addon" -> "coredns".equals(inputs.get("addonName")) ? ADDON_COREDNS : ADDON_DAEMONSET;
            case "kubernetes:helm.sh/v3:Release" -> switch (String.valueOf(inputs.get("chart"))) {
                case "ingress-nginx" -> HELM_INGRESS_NGINX;
                case "cert-manager" -> HELM_CERT_MANAGER;
                case "keda" -> HELM_KEDA;
                case "sealed-secrets" -> HELM_SEALED_SECRETS;
                default -> HELM_OTHER;
            };
            case "kubernetes:batch/v1:Job" -> name.contains("migrate") ? JOB_MIGRATE : JOB_BOOTSTRAP;
            default -> BY_TYPE.getOrDefault(type, UNKNOWN);
        };
    }

    public static double minutes(String type, String name, Map<String, Object> inputs, boolean read) {
        return of(type, name, inputs, read).minutes();
    }

    /**
     * Pods need a node to run on, whatever the program declares: a Helm release or a Deployment created
     * before the node group is ready waits inside its own await for the nodes. Jobs and workloads also
     * resolve service and database names, so they wait for CoreDNS as well.
     */
    public static Needs needs(String type) {
        return switch (type) {
            case "kubernetes:helm.sh/v3:Release" -> Needs.NODES;
            case "kubernetes:apps/v1:Deployment", "kubernetes:batch/v1:Job" -> Needs.NODES_AND_DNS;
            default -> Needs.NOTHING;
        };
    }

    /** Whether {@code type} has its own figure (rather than the fallback {@link #UNKNOWN}). */
    static boolean known(String type) {
        return BY_TYPE.containsKey(type) || type.startsWith(Plan.PROJECT_TYPE_PREFIX) || type.equals(Plan.STACK_TYPE)
                || switch (type) {
                    case "aws:rds/instance:Instance", "aws:eks/addon:Addon", "kubernetes:helm.sh/v3:Release", "kubernetes:batch/v1:Job" -> true;
                    default -> false;
                };
    }
}
