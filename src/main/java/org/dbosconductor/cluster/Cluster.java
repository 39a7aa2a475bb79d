package org.dbosconductor.cluster;

import com.pulumi.aws.AwsFunctions;
import com.pulumi.aws.inputs.GetCallerIdentityArgs;
import com.pulumi.aws.cloudwatch.LogGroup;
import com.pulumi.aws.cloudwatch.LogGroupArgs;
import com.pulumi.aws.eks.AccessEntry;
import com.pulumi.aws.eks.AccessEntryArgs;
import com.pulumi.aws.eks.AccessPolicyAssociation;
import com.pulumi.aws.eks.AccessPolicyAssociationArgs;
import com.pulumi.aws.eks.Addon;
import com.pulumi.aws.eks.AddonArgs;
import com.pulumi.aws.eks.EksFunctions;
import com.pulumi.aws.eks.NodeGroup;
import com.pulumi.aws.eks.NodeGroupArgs;
import com.pulumi.aws.eks.inputs.AccessPolicyAssociationAccessScopeArgs;
import com.pulumi.aws.eks.inputs.ClusterAccessConfigArgs;
import com.pulumi.aws.eks.inputs.ClusterEncryptionConfigArgs;
import com.pulumi.aws.eks.inputs.ClusterEncryptionConfigProviderArgs;
import com.pulumi.aws.eks.inputs.ClusterVpcConfigArgs;
import com.pulumi.aws.eks.inputs.GetAddonVersionArgs;
import com.pulumi.aws.eks.inputs.NodeGroupScalingConfigArgs;
import com.pulumi.aws.eks.inputs.NodeGroupUpdateConfigArgs;
import com.pulumi.aws.eks.outputs.ClusterCertificateAuthority;
import com.pulumi.aws.eks.outputs.ClusterVpcConfig;
import com.pulumi.aws.iam.IamFunctions;
import com.pulumi.aws.iam.OpenIdConnectProvider;
import com.pulumi.aws.iam.OpenIdConnectProviderArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicyAttachment;
import com.pulumi.aws.iam.RolePolicyAttachmentArgs;
import com.pulumi.aws.iam.inputs.GetSessionContextArgs;
import com.pulumi.aws.kms.Key;
import com.pulumi.aws.kms.KeyArgs;
import com.pulumi.core.Output;
import com.pulumi.deployment.InvokeOutputOptions;
import com.pulumi.kubernetes.Provider;
import com.pulumi.kubernetes.ProviderArgs;
import com.pulumi.kubernetes.core.v1.Namespace;
import com.pulumi.kubernetes.core.v1.NamespaceArgs;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import com.pulumi.resources.ResourceArgs;
import org.dbosconductor.config.ClusterConfig;
import org.dbosconductor.config.StackConfig;
import org.dbosconductor.support.AwsTags;
import org.dbosconductor.support.KubernetesLabels;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * EKS built from pulumi-aws resources, the way pulumi-eks does inside: IAM roles with only the managed
 * policies they need, KMS envelope encryption of Secrets, control-plane logs, API access entries, a
 * managed node group in the private subnets, the core add-ons (vpc-cni with NetworkPolicy enforcement),
 * an OIDC provider for service-account roles, and the one Kubernetes provider every in-cluster
 * resource uses.
 */
public final class Cluster extends ComponentResource {
    /** The namespace every DBOS workload runs in. */
    public static final String WORKLOAD_NAMESPACE = "dbos";

    public final Output<String> clusterName;
    public final Output<String> endpoint;
    public final Output<String> kubeconfig;
    /** The security group EKS puts on the control plane and on managed nodes: the source RDS admits. */
    public final Output<String> nodeSecurityGroupId;
    public final Output<String> oidcProviderArn;
    public final Output<String> oidcIssuerUrl;
    public final Output<String> workloadNamespace;
    public final Provider kubernetesProvider;

    public Cluster(String name, StackConfig stack, Output<List<String>> privateSubnetIds,
                   ComponentResourceOptions options) {
        super("dbos-conductor:cluster:Cluster", name, ResourceArgs.Empty, options);
        ClusterConfig config = stack.cluster();
        Map<String, String> tags = stack.tags();
        String clusterName = stack.clusterName();
        var child = CustomResourceOptions.builder().parent(this).build();

        var clusterRole = serviceRole(name + "-cluster-role", "eks.amazonaws.com", IamPolicies.CLUSTER_POLICIES, tags);
        var nodeRole = serviceRole(name + "-node-role", "ec2.amazonaws.com", IamPolicies.NODE_POLICIES, tags);

        var secretsKey = new Key(name + "-secrets-key", KeyArgs.builder()
                .description("Envelope encryption of Kubernetes Secrets in EKS cluster " + clusterName)
                .enableKeyRotation(true)
                .deletionWindowInDays(30)
                .tags(AwsTags.named(tags, clusterName + "-secrets"))
                .build(), child);

        // Created first so the retention applies; EKS would otherwise create it with no expiry.
        var logGroup = new LogGroup(name + "-control-plane-logs", LogGroupArgs.builder()
                .name("/aws/eks/" + clusterName + "/cluster")
                .retentionInDays(config.logRetentionDays())
                .tags(AwsTags.named(tags, clusterName))
                .build(), child);

        var dependencies = new ArrayList<Resource>(clusterRole.attachments());
        dependencies.add(logGroup);
        var cluster = new com.pulumi.aws.eks.Cluster(name + "-eks", com.pulumi.aws.eks.ClusterArgs.builder()
                .name(clusterName)
                .version(config.kubernetesVersion())
                .roleArn(clusterRole.role().arn())
                .vpcConfig(ClusterVpcConfigArgs.builder()
                        .subnetIds(privateSubnetIds)
                        .endpointPrivateAccess(true)
                        .endpointPublicAccess(config.endpointPublicAccess())
                        .publicAccessCidrs(config.endpointPublicAccessCidrs())
                        .build())
                .accessConfig(ClusterAccessConfigArgs.builder()
                        .authenticationMode("API")
                        // The deployer gets an explicit access entry below, visible and revocable.
                        .bootstrapClusterCreatorAdminPermissions(false)
                        .build())
                .encryptionConfig(ClusterEncryptionConfigArgs.builder()
                        .resources("secrets")
                        .provider(ClusterEncryptionConfigProviderArgs.builder().keyArn(secretsKey.arn()).build())
                        .build())
                .enabledClusterLogTypes(config.logTypes())
                .tags(AwsTags.named(tags, clusterName))
                .build(), CustomResourceOptions.builder().parent(this).dependsOn(dependencies).build());
        var clusterChild = CustomResourceOptions.builder().parent(cluster).build();

        Output<String> issuer = cluster.identities()
                .applyValue(ids -> ids.get(0).oidcs().get(0).issuer().orElseThrow());
        var oidc = new OpenIdConnectProvider(name + "-oidc", OpenIdConnectProviderArgs.builder()
                .url(issuer)
                .clientIdLists("sts.amazonaws.com")
                .tags(AwsTags.named(tags, clusterName))
                .build(), clusterChild);

        var cniRole = new Role(name + "-vpc-cni-role", RoleArgs.builder()
                .description("vpc-cni (aws-node) of " + clusterName + ": manages pod network interfaces")
                .assumeRolePolicy(Output.tuple(oidc.arn(), issuer).applyValue(t ->
                        IamPolicies.assumableByServiceAccount(t.t1, t.t2, "kube-system", "aws-node")))
                .tags(AwsTags.named(tags, clusterName + "-vpc-cni"))
                .build(), clusterChild);
        var cniPolicy = new RolePolicyAttachment(name + "-vpc-cni-policy", RolePolicyAttachmentArgs.builder()
                .role(cniRole.name())
                .policyArn(IamPolicies.CNI_POLICY)
                .build(), CustomResourceOptions.builder().parent(cniRole).build());

        var vpcCni = addon(name, cluster, "vpc-cni", config.kubernetesVersion(),
                // Turns on the network policy agent, so the NetworkPolicies of this stack are enforced.
                "{\"enableNetworkPolicy\":\"true\"}", cniRole.arn(), List.of(cniPolicy), tags);
        addon(name, cluster, "kube-proxy", config.kubernetesVersion(), null, null, List.of(), tags);

        var nodeDependencies = new ArrayList<Resource>(nodeRole.attachments());
        nodeDependencies.add(vpcCni);
        var nodes = new NodeGroup(name + "-nodes", NodeGroupArgs.builder()
                .clusterName(cluster.name())
                .nodeRoleArn(nodeRole.role().arn())
                .subnetIds(privateSubnetIds)
                .instanceTypes(config.nodeInstanceType())
                .diskSize(config.nodeDiskSizeGb())
                .scalingConfig(NodeGroupScalingConfigArgs.builder()
                        .minSize(config.nodeMinSize())
                        .desiredSize(config.nodeDesiredSize())
                        .maxSize(config.nodeMaxSize())
                        .build())
                .updateConfig(NodeGroupUpdateConfigArgs.builder().maxUnavailable(1).build())
                .tags(AwsTags.named(tags, clusterName + "-node"))
                .build(), CustomResourceOptions.builder().parent(cluster).dependsOn(nodeDependencies).build());
        // CoreDNS pods need nodes to run on; created earlier the add-on would report DEGRADED.
        addon(name, cluster, "coredns", config.kubernetesVersion(), null, null, List.of(nodes), tags);

        Output<String> deployer = AwsFunctions.getCallerIdentity(GetCallerIdentityArgs.builder().build(),
                        InvokeOutputOptions.builder().parent(this).build())
                .applyValue(identity -> identity.arn())
                .apply(arn -> IamFunctions.getSessionContext(GetSessionContextArgs.builder().arn(arn).build(),
                        InvokeOutputOptions.builder().parent(this).build()))
                .applyValue(session -> session.issuerArn());
        var adminGrants = new ArrayList<Resource>();
        adminGrants.add(clusterAdmin(name + "-deployer", cluster, deployer.applyValue(arn -> {
            if (config.adminPrincipalArns().contains(arn)) {
                throw new IllegalStateException("The identity running Pulumi (" + arn + ") already gets cluster-admin access;"
                        + " remove it from dbos-conductor:clusterAdminArns");
            }
            return arn;
        }), tags));
        for (int i = 0; i < config.adminPrincipalArns().size(); i++) {
            adminGrants.add(clusterAdmin(name + "-admin-" + i, cluster, Output.of(config.adminPrincipalArns().get(i)), tags));
        }

        this.clusterName = cluster.name();
        this.endpoint = cluster.endpoint();
        this.kubeconfig = Output.tuple(cluster.name(), cluster.endpoint(), cluster.certificateAuthority())
                .applyValue(t -> Kubeconfig.render(t.t1, t.t2, caData(t.t3), stack.region()));
        this.nodeSecurityGroupId = cluster.vpcConfig().applyValue(Cluster::clusterSecurityGroup);
        this.oidcProviderArn = oidc.arn();
        this.oidcIssuerUrl = issuer;
        // Kubernetes calls made before the access entry exists would be refused.
        this.kubernetesProvider = new Provider(name + "-k8s", ProviderArgs.builder()
                .kubeconfig(kubeconfig)
                .build(), CustomResourceOptions.builder().parent(this).dependsOn(adminGrants).build());

        var namespace = new Namespace(name + "-" + WORKLOAD_NAMESPACE + "-namespace", NamespaceArgs.builder()
                .metadata(ObjectMetaArgs.builder()
                        .name(WORKLOAD_NAMESPACE)
                        // Pod Security Admission rejects privileged or root pods in this namespace.
                        .labels(KubernetesLabels.recommended(WORKLOAD_NAMESPACE, "namespace",
                                "pod-security.kubernetes.io/enforce", "restricted",
                                "pod-security.kubernetes.io/enforce-version", "latest"))
                        .build())
                .build(), CustomResourceOptions.builder().parent(this).provider(kubernetesProvider).build());
        this.workloadNamespace = namespace.metadata().applyValue(m -> m.name().orElseThrow());

        registerOutputs(Map.of(
                "clusterName", this.clusterName,
                "endpoint", endpoint,
                "kubeconfig", kubeconfig,
                "nodeSecurityGroupId", nodeSecurityGroupId,
                "oidcProviderArn", oidcProviderArn,
                "workloadNamespace", workloadNamespace));
    }

    private record ServiceRole(Role role, List<RolePolicyAttachment> attachments) {
    }

    private ServiceRole serviceRole(String name, String service, List<String> policies, Map<String, String> tags) {
        var role = new Role(name, RoleArgs.builder()
                .assumeRolePolicy(IamPolicies.assumableByService(service))
                .tags(AwsTags.named(tags, name))
                .build(), CustomResourceOptions.builder().parent(this).build());
        var attachments = new ArrayList<RolePolicyAttachment>();
        for (String policy : policies) {
            attachments.add(new RolePolicyAttachment(name + "-" + policy.substring(policy.lastIndexOf('/') + 1),
                    RolePolicyAttachmentArgs.builder().role(role.name()).policyArn(policy).build(),
                    CustomResourceOptions.builder().parent(role).build()));
        }
        return new ServiceRole(role, List.copyOf(attachments));
    }

    private Addon addon(String name, com.pulumi.aws.eks.Cluster cluster, String addonName, String kubernetesVersion,
                        String configurationValues, Output<String> serviceAccountRoleArn, List<Resource> after,
                        Map<String, String> tags) {
        // The add-on version EKS recommends for this Kubernetes version: shown in the preview, changed only by a version bump.
        Output<String> version = EksFunctions.getAddonVersion(GetAddonVersionArgs.builder()
                                .addonName(addonName).kubernetesVersion(kubernetesVersion).mostRecent(false).build(),
                        InvokeOutputOptions.builder().parent(this).build())
                .applyValue(v -> v.version());
        var args = AddonArgs.builder()
                .clusterName(cluster.name())
                .addonName(addonName)
                .addonVersion(version)
                // EKS installs self-managed copies at creation; the managed add-on takes them over.
                .resolveConflictsOnCreate("OVERWRITE")
                .resolveConflictsOnUpdate("PRESERVE")
                .tags(AwsTags.named(tags, addonName));
        if (configurationValues != null) {
            args.configurationValues(configurationValues);
        }
        if (serviceAccountRoleArn != null) {
            args.serviceAccountRoleArn(serviceAccountRoleArn);
        }
        return new Addon(name + "-" + addonName, args.build(),
                CustomResourceOptions.builder().parent(cluster).dependsOn(after).build());
    }

    private AccessPolicyAssociation clusterAdmin(String name, com.pulumi.aws.eks.Cluster cluster, Output<String> principalArn,
                                                 Map<String, String> tags) {
        var entry = new AccessEntry(name + "-access", AccessEntryArgs.builder()
                .clusterName(cluster.name())
                .principalArn(principalArn)
                .type("STANDARD")
                .tags(tags)
                .build(), CustomResourceOptions.builder().parent(cluster).build());
        return new AccessPolicyAssociation(name + "-cluster-admin", AccessPolicyAssociationArgs.builder()
                .clusterName(cluster.name())
                .principalArn(entry.principalArn())
                .policyArn(IamPolicies.CLUSTER_ADMIN_ACCESS_POLICY)
                .accessScope(AccessPolicyAssociationAccessScopeArgs.builder().type("cluster").build())
                .build(), CustomResourceOptions.builder().parent(entry).build());
    }

    private static String caData(ClusterCertificateAuthority authority) {
        return authority.data().orElseThrow(() -> new IllegalStateException("EKS returned no certificate authority data"));
    }

    private static String clusterSecurityGroup(ClusterVpcConfig vpcConfig) {
        return vpcConfig.clusterSecurityGroupId()
                .orElseThrow(() -> new IllegalStateException("EKS returned no cluster security group"));
    }
}
