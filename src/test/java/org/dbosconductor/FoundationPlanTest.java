package org.dbosconductor;

import org.dbosconductor.synth.MockCloud;
import org.dbosconductor.synth.Plan;
import org.dbosconductor.synth.PlanWriter;
import org.dbosconductor.synth.PlannedResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.dbosconductor.synth.PlanAssertions.at;
import static org.dbosconductor.synth.PlanAssertions.list;
import static org.dbosconductor.synth.PlanAssertions.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The network, cluster and database of the committed dev and prod stacks, as planned under the mock cloud. */
class FoundationPlanTest {
    static Plan dev;
    static Plan prod;

    @BeforeAll
    static void synthesize() {
        dev = TestStacks.synth("dev");
        prod = TestStacks.synth("prod");
    }

    @Test
    void vpcWithPublicAndPrivateSubnetsOverTheConfiguredZones() {
        for (Plan plan : List.of(dev, prod)) {
            assertEquals(1, plan.ofType("aws:ec2/vpc:Vpc").size());
            List<PlannedResource> subnets = plan.ofType("aws:ec2/subnet:Subnet");
            int zones = plan == dev ? 2 : 3;
            assertEquals(2 * zones, subnets.size());
            Set<Object> azs = subnets.stream().map(s -> s.inputs().get("availabilityZone")).collect(Collectors.toSet());
            assertEquals(zones, azs.size(), "subnets spread over " + azs);
            String vpcId = plan.ofType("aws:ec2/vpc:Vpc").get(0).id();
            subnets.forEach(s -> assertEquals(vpcId, s.inputs().get("vpcId")));
            long elbTagged = subnets.stream().filter(s -> "1".equals(map(s.inputs().get("tags")).get("kubernetes.io/role/elb"))).count();
            long internalTagged = subnets.stream().filter(s -> "1".equals(map(s.inputs().get("tags")).get("kubernetes.io/role/internal-elb"))).count();
            assertEquals(zones, elbTagged);
            assertEquals(zones, internalTagged);
            subnets.forEach(s -> assertEquals("shared", map(s.inputs().get("tags")).get("kubernetes.io/cluster/dbos-conductor-" + plan.stack())));
        }
    }

    @Test
    void natGatewaysFollowTheConfiguredMode() {
        assertEquals(1, dev.ofType("aws:ec2/natGateway:NatGateway").size());
        assertEquals(3, prod.ofType("aws:ec2/natGateway:NatGateway").size());
        // In dev every private route table sends internet traffic to the one NAT gateway.
        String nat = dev.ofType("aws:ec2/natGateway:NatGateway").get(0).id();
        List<PlannedResource> privateRoutes = dev.ofType("aws:ec2/route:Route").stream()
                .filter(r -> r.inputs().containsKey("natGatewayId")).toList();
        assertEquals(2, privateRoutes.size());
        privateRoutes.forEach(r -> assertEquals(nat, r.inputs().get("natGatewayId")));
        // In prod each zone has its own.
        Set<Object> prodNats = prod.ofType("aws:ec2/route:Route").stream()
                .map(r -> r.inputs().get("natGatewayId")).filter(x -> x != null).collect(Collectors.toSet());
        assertEquals(3, prodNats.size());
    }

    @Test
    void eksClusterIsEncryptedLoggedAndPrivateByDefault() {
        for (Plan plan : List.of(dev, prod)) {
            PlannedResource cluster = plan.ofType("aws:eks/cluster:Cluster").get(0);
            PlannedResource key = plan.ofType("aws:kms/key:Key").get(0);
            assertEquals(true, key.inputs().get("enableKeyRotation"));
            assertEquals(List.of("secrets"), at(cluster, "encryptionConfig", "resources"));
            assertEquals("arn:aws:kms:us-west-2:" + MockCloud.ACCOUNT_ID + ":key/" + key.id(),
                    at(cluster, "encryptionConfig", "provider", "keyArn"));
            assertEquals("1.31", cluster.inputs().get("version"));
            assertEquals("API", at(cluster, "accessConfig", "authenticationMode"));
            assertEquals(true, at(cluster, "vpcConfig", "endpointPrivateAccess"));
            assertTrue(list(cluster.inputs().get("enabledClusterLogTypes")).containsAll(List.of("api", "audit", "authenticator")));
            assertEquals(privateSubnetIds(plan), new HashSet<>(list(at(cluster, "vpcConfig", "subnetIds"))));
        }
        assertEquals(List.of("0.0.0.0/0"), at(dev.ofType("aws:eks/cluster:Cluster").get(0), "vpcConfig", "publicAccessCidrs"));
        assertEquals(List.of("203.0.113.0/24"), at(prod.ofType("aws:eks/cluster:Cluster").get(0), "vpcConfig", "publicAccessCidrs"));
        assertEquals(5, list(prod.ofType("aws:eks/cluster:Cluster").get(0).inputs().get("enabledClusterLogTypes")).size());
    }

    @Test
    void nodeGroupRunsInThePrivateSubnetsWithConfiguredSizes() {
        PlannedResource nodes = prod.ofType("aws:eks/nodeGroup:NodeGroup").get(0);
        assertEquals(privateSubnetIds(prod), new HashSet<>(list(nodes.inputs().get("subnetIds"))));
        assertEquals(List.of("m6i.large"), nodes.inputs().get("instanceTypes"));
        assertEquals(3L, at(nodes, "scalingConfig", "minSize"));
        assertEquals(6L, at(nodes, "scalingConfig", "maxSize"));
        assertEquals(80L, nodes.inputs().get("diskSize"));
    }

    @Test
    void rolesCarryOnlyTheManagedPoliciesTheyNeed() {
        Set<Object> attached = dev.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").stream()
                .map(a -> a.inputs().get("policyArn")).collect(Collectors.toSet());
        assertEquals(Set.of(
                "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy",
                "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
                "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
                "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"), attached);
        PlannedResource cni = dev.ofType("aws:eks/addon:Addon").stream().filter(a -> "vpc-cni".equals(a.inputs().get("addonName"))).findFirst().orElseThrow();
        assertEquals("{\"enableNetworkPolicy\":\"true\"}", cni.inputs().get("configurationValues"));
        PlannedResource cniRole = dev.get("aws:iam/role:Role", "cluster-vpc-cni-role");
        assertEquals("arn:aws:iam::" + MockCloud.ACCOUNT_ID + ":role/" + cniRole.id(), cni.inputs().get("serviceAccountRoleArn"));
        assertTrue(String.valueOf(cniRole.inputs().get("assumeRolePolicy")).contains("system:serviceaccount:kube-system:aws-node"));
        assertEquals(Set.of("vpc-cni", "kube-proxy", "coredns"), dev.ofType("aws:eks/addon:Addon").stream()
                .map(a -> a.inputs().get("addonName")).collect(Collectors.toSet()));
    }

    @Test
    void deployingIdentityGetsAnExplicitAccessEntryAsItsIamRole() {
        PlannedResource entry = dev.ofType("aws:eks/accessEntry:AccessEntry").get(0);
        assertEquals("arn:aws:iam::" + MockCloud.ACCOUNT_ID + ":role/" + MockCloud.DEPLOYER_ROLE, entry.inputs().get("principalArn"));
        PlannedResource association = dev.ofType("aws:eks/accessPolicyAssociation:AccessPolicyAssociation").get(0);
        assertEquals("arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", association.inputs().get("policyArn"));
        assertEquals(false, at(dev.ofType("aws:eks/cluster:Cluster").get(0), "accessConfig", "bootstrapClusterCreatorAdminPermissions"));
    }

    @Test
    void oidcProviderAndKubernetesProviderComeFromTheCluster() {
        PlannedResource cluster = dev.ofType("aws:eks/cluster:Cluster").get(0);
        PlannedResource oidc = dev.ofType("aws:iam/openIdConnectProvider:OpenIdConnectProvider").get(0);
        assertTrue(String.valueOf(oidc.inputs().get("url")).startsWith("https://oidc.eks.us-west-2.amazonaws.com/id/"));
        PlannedResource provider = dev.ofType("pulumi:providers:kubernetes").get(0);
        String kubeconfig = String.valueOf(provider.inputs().get("kubeconfig"));
        assertTrue(kubeconfig.contains(".gr7.us-west-2.eks.amazonaws.com"), kubeconfig);
        assertTrue(kubeconfig.contains("\"get-token\""), kubeconfig);
        assertTrue(kubeconfig.contains(String.valueOf(cluster.inputs().get("name"))));
        PlannedResource namespace = dev.ofType("kubernetes:core/v1:Namespace").get(0);
        assertEquals("dbos", at(namespace, "metadata", "name"));
        assertEquals("restricted", map(at(namespace, "metadata", "labels")).get("pod-security.kubernetes.io/enforce"));
    }

    @Test
    void databaseIsPrivateEncryptedTlsOnlyAndReachableOnlyFromNodes() {
        for (Plan plan : List.of(dev, prod)) {
            PlannedResource db = plan.ofType("aws:rds/instance:Instance").get(0);
            assertEquals(false, db.inputs().get("publiclyAccessible"));
            assertEquals(true, db.inputs().get("storageEncrypted"));
            assertEquals("postgres", db.inputs().get("engine"));
            assertEquals("16", db.inputs().get("engineVersion"));
            assertEquals(Plan.SECRET, db.inputs().get("password"));
            PlannedResource subnetGroup = plan.ofType("aws:rds/subnetGroup:SubnetGroup").get(0);
            assertEquals(privateSubnetIds(plan), new HashSet<>(list(subnetGroup.inputs().get("subnetIds"))));
            PlannedResource params = plan.ofType("aws:rds/parameterGroup:ParameterGroup").get(0);
            assertEquals("postgres16", params.inputs().get("family"));
            var parameter = map(list(params.inputs().get("parameters")).get(0));
            assertEquals(1, list(params.inputs().get("parameters")).size());
            assertEquals("rds.force_ssl", parameter.get("name"));
            assertEquals("1", parameter.get("value"));
            PlannedResource rule = plan.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").get(0);
            PlannedResource sg = plan.get("aws:ec2/securityGroup:SecurityGroup", "database-sg");
            assertEquals(sg.id(), rule.inputs().get("securityGroupId"));
            assertEquals(List.of(sg.id()), db.inputs().get("vpcSecurityGroupIds"));
            // The group EKS creates for the cluster and its managed nodes: an output of the cluster, not a group of ours.
            Object nodeSg = plan.exports().get("clusterSecurityGroupId");
            assertNotNull(nodeSg);
            assertTrue(String.valueOf(nodeSg).startsWith("sg-"));
            assertEquals(nodeSg, rule.inputs().get("referencedSecurityGroupId"));
            assertTrue(plan.resources().stream().noneMatch(r -> nodeSg.equals(r.id())));
            assertEquals(5432L, rule.inputs().get("fromPort"));
            assertEquals(5432L, rule.inputs().get("toPort"));
            assertFalse(rule.inputs().containsKey("cidrIpv4"), "no address range, only the node security group");
            assertFalse(sg.inputs().containsKey("ingress"), "no inline rules beside the one from the nodes");
        }
        PlannedResource devDb = dev.ofType("aws:rds/instance:Instance").get(0);
        PlannedResource prodDb = prod.ofType("aws:rds/instance:Instance").get(0);
        assertEquals(false, devDb.inputs().get("deletionProtection"));
        assertEquals(true, prodDb.inputs().get("deletionProtection"));
        assertEquals(false, prodDb.inputs().get("skipFinalSnapshot"));
        assertEquals(true, prodDb.inputs().get("multiAz"));
        assertEquals(14L, prodDb.inputs().get("backupRetentionPeriod"));
        assertEquals("db.m7g.large", prodDb.inputs().get("instanceClass"));
    }

    @Test
    void databaseDoesNotWaitForTheClusterExceptForItsIngressRule() {
        for (Plan.Flow flow : dev.flows()) {
            if (flow.from().equals("cluster") && flow.to().equals("database")) {
                assertEquals("referencedSecurityGroupId", flow.property(), "only the ingress rule uses the cluster: " + flow);
            }
            assertFalse(flow.from().equals("database") && flow.to().equals("cluster"), "the cluster needs nothing of the database");
        }
        assertTrue(dev.flows().contains(new Plan.Flow("network", "cluster", "subnetIds")), dev.flows().toString());
        assertTrue(dev.flows().contains(new Plan.Flow("network", "database", "vpcId")), dev.flows().toString());
        assertTrue(dev.flows().contains(new Plan.Flow("cluster", "database", "referencedSecurityGroupId")), dev.flows().toString());
    }

    @Test
    void everyResourceHasAKnownParentAndAUniqueName() {
        for (Plan plan : List.of(dev, prod)) {
            Set<String> names = new HashSet<>();
            for (PlannedResource r : plan.resources()) {
                assertTrue(names.add(r.name()), "duplicate name " + r.name());
            }
            for (PlannedResource r : plan.resources()) {
                if (!r.type().equals(Plan.STACK_TYPE)) {
                    assertTrue(names.contains(r.parent()), r.name() + " has unknown parent " + r.parent());
                }
            }
            assertEquals(List.of("network", "cluster", "database", "addons", "edge", "secrets", "db-bootstrap", "dex", "conductor", "pgbouncer",
                            "app", "network-policies"),
                    plan.topLevelComponents().stream().map(PlannedResource::name).toList());
            plan.resources().stream().filter(r -> !r.isComponent() && !r.type().equals(Plan.STACK_TYPE))
                    .forEach(r -> assertFalse(r.parent().equals(plan.project() + "-" + plan.stack()),
                            r.type() + " " + r.name() + " sits outside every component"));
        }
    }

    @Test
    void graphShowsTheComponentsAndTheValuesBetweenThem() {
        String graph = PlanWriter.graph(dev);
        assertTrue(graph.startsWith("flowchart LR\n"));
        assertTrue(graph.contains("network[\"network<br/>Network: "), graph);
        assertTrue(graph.contains("network -- \""), graph);
        assertTrue(graph.matches("(?s).*cluster -- \"[^\"]*referencedSecurityGroupId[^\"]*\" --> database.*"), graph);
    }

    private static Set<Object> privateSubnetIds(Plan plan) {
        return plan.ofType("aws:ec2/subnet:Subnet").stream()
                .filter(s -> map(s.inputs().get("tags")).containsKey("kubernetes.io/role/internal-elb"))
                .map(PlannedResource::id).collect(Collectors.toSet());
    }
}
