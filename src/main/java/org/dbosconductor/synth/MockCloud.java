package org.dbosconductor.synth;

import com.pulumi.test.Mocks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A stand-in for AWS and Kubernetes that answers every resource and invoke the program uses with
 * values shaped like the real ones (ids, ARNs, endpoints, the ingress controller's load-balancer
 * hostname). Values are derived from resource names, so two runs give the same plan.
 */
public final class MockCloud implements Mocks {
    public static final String ACCOUNT_ID = "123456789012";
    public static final String DEPLOYER_ROLE = "platform-deployer";
    /** Every generated password starts with this, so tests can prove none leaks into the synth output. */
    public static final String MOCK_PASSWORD_PREFIX = "mockpw";

    private final String region;
    private final String elbHostname;

    public MockCloud(String region, String elbHostname) {
        this.region = region;
        this.elbHostname = elbHostname;
    }

    /** A load-balancer hostname of the shape AWS gives classic and network load balancers. */
    public static String defaultElbHostname(String region) {
        return "a" + hex("elb", 31) + "-" + Long.parseLong(hex("elb-n", 8), 16) % 1_000_000_000L
                + ".elb." + region + ".amazonaws.com";
    }

    public String elbHostname() {
        return elbHostname;
    }

    @Override
    public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
        var state = new HashMap<String, Object>(args.inputs);
        String id = args.id != null && !args.id.isEmpty() ? read(args.type, args.id, state) : describe(args.type, args.name, state);
        return CompletableFuture.completedFuture(ResourceResult.of(java.util.Optional.ofNullable(id), state));
    }

    /** Adds the provider-computed outputs to {@code state} and returns the resource id. */
    private String describe(String type, String name, Map<String, Object> state) {
        String h = hex(type + "/" + name, 17);
        return switch (type) {
            case "aws:ec2/vpc:Vpc" -> withArn(state, "vpc-" + h, "ec2", "vpc/vpc-" + h);
            case "aws:ec2/subnet:Subnet" -> withArn(state, "subnet-" + h, "ec2", "subnet/subnet-" + h);
            case "aws:ec2/internetGateway:InternetGateway" -> withArn(state, "igw-" + h, "ec2", "internet-gateway/igw-" + h);
            case "aws:ec2/eip:Eip" -> {
                state.put("publicIp", "198.51.100." + (Integer.parseInt(h.substring(0, 2), 16) % 250 + 1));
                yield "eipalloc-" + h;
            }
            case "aws:ec2/natGateway:NatGateway" -> "nat-" + h;
            case "aws:ec2/routeTable:RouteTable" -> withArn(state, "rtb-" + h, "ec2", "route-table/rtb-" + h);
            case "aws:ec2/route:Route" -> "r-" + h;
            case "aws:ec2/routeTableAssociation:RouteTableAssociation" -> "rtbassoc-" + h;
            case "aws:ec2/securityGroup:SecurityGroup", "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup" ->
                    withArn(state, "sg-" + h, "ec2", "security-group/sg-" + h);
            case "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule" -> "sgr-" + h;
            case "aws:iam/role:Role" -> {
                String roleName = name + "-" + h.substring(0, 7);
                state.put("name", roleName);
                state.put("arn", "arn:aws:iam::" + ACCOUNT_ID + ":role/" + roleName);
                yield roleName;
            }
            case "aws:iam/rolePolicyAttachment:RolePolicyAttachment" -> name + "-" + h.substring(0, 7);
            case "aws:iam/openIdConnectProvider:OpenIdConnectProvider" -> {
                String arn = "arn:aws:iam::" + ACCOUNT_ID + ":oidc-provider/" + String.valueOf(state.get("url")).replaceFirst("^https://", "");
                state.put("arn", arn);
                yield arn;
            }
            case "aws:kms/key:Key" -> {
                String keyId = uuid(h);
                state.put("keyId", keyId);
                state.put("arn", "arn:aws:kms:" + region + ":" + ACCOUNT_ID + ":key/" + keyId);
                yield keyId;
            }
            case "aws:cloudwatch/logGroup:LogGroup" -> {
                state.put("arn", "arn:aws:logs:" + region + ":" + ACCOUNT_ID + ":log-group:" + state.get("name"));
                yield String.valueOf(state.get("name"));
            }
            case "aws:eks/cluster:Cluster" -> eksCluster(state, h);
            case "aws:eks/nodeGroup:NodeGroup" -> {
                state.put("arn", "arn:aws:eks:" + region + ":" + ACCOUNT_ID + ":nodegroup/" + state.get("clusterName") + "/" + name + "/" + uuid(h));
                state.put("status", "ACTIVE");
                yield state.get("clusterName") + ":" + name;
            }
            case "aws:eks/addon:Addon" -> state.get("clusterName") + ":" + state.get("addonName");
            case "aws:eks/accessEntry:AccessEntry" -> state.get("clusterName") + ":" + state.get("principalArn");
            case "aws:eks/accessPolicyAssociation:AccessPolicyAssociation" -> {
                state.put("associatedAt", "2026-01-01T00:00:00Z");
                yield state.get("clusterName") + "#" + state.get("principalArn") + "#" + state.get("policyArn");
            }
            case "aws:rds/subnetGroup:SubnetGroup", "aws:rds/parameterGroup:ParameterGroup" -> {
                String physical = name + "-" + h.substring(0, 7);
                state.put("name", physical);
                state.put("arn", "arn:aws:rds:" + region + ":" + ACCOUNT_ID + ":" + (type.contains("subnet") ? "subgrp" : "pg") + ":" + physical);
                yield physical;
            }
            case "aws:rds/instance:Instance" -> rdsInstance(state, h);
            case "random:index/randomPassword:RandomPassword" -> {
                // Letters and digits, as the program asks for (special = false).
                state.put("result", MOCK_PASSWORD_PREFIX + h + hex(h, 23));
                state.put("bcryptHash", "$2a$10$" + hex("bcrypt" + h, 53));
                yield "none";
            }
            case "tls:index/privateKey:PrivateKey" -> {
                state.put("privateKeyPem", pem("PRIVATE KEY", name + h));
                state.put("privateKeyPemPkcs8", pem("PRIVATE KEY", "pkcs8" + name + h));
                state.put("privateKeyOpenssh", pem("OPENSSH PRIVATE KEY", name + h));
                state.put("publicKeyPem", pem("PUBLIC KEY", name + h));
                state.put("publicKeyOpenssh", "ssh-rsa " + hex("ssh" + h, 40));
                state.put("publicKeyFingerprintMd5", hex("md5" + h, 32));
                state.put("publicKeyFingerprintSha256", "SHA256:" + hex("sha" + h, 43));
                yield hex("key" + h, 40);
            }
            case "tls:index/selfSignedCert:SelfSignedCert", "tls:index/locallySignedCert:LocallySignedCert" -> {
                state.put("certPem", pem("CERTIFICATE", name + h));
                state.put("validityStartTime", "2026-01-01T00:00:00Z");
                state.put("validityEndTime", "2027-01-01T00:00:00Z");
                state.put("readyForRenewal", false);
                yield String.valueOf(Long.parseLong(hex("serial" + h, 12), 16));
            }
            case "tls:index/certRequest:CertRequest" -> {
                state.put("certRequestPem", pem("CERTIFICATE REQUEST", name + h));
                yield hex("csr" + h, 40);
            }
            case "kubernetes:helm.sh/v3:Release" -> {
                Object namespace = state.getOrDefault("namespace", "default");
                Object release = state.getOrDefault("name", name);
                state.put("status", Map.of("name", release, "namespace", namespace, "status", "deployed",
                        "chart", String.valueOf(state.get("chart")), "version", String.valueOf(state.get("version")), "revision", 1.0));
                yield namespace + "/" + release;
            }
            case "aws:route53/record:Record" -> {
                state.put("fqdn", state.get("name"));
                yield state.get("zoneId") + "_" + state.get("name") + "_" + state.get("type");
            }
            default -> type.startsWith("kubernetes:") ? kubernetesObject(type, state) : name + "-" + h.substring(0, 8);
        };
    }

    /** A resource the program looks up (e.g. {@code Service.get}) rather than creates. */
    private String read(String type, String id, Map<String, Object> state) {
        if (type.equals("kubernetes:core/v1:Service")) {
            String[] parts = id.split("/", 2);
            state.put("metadata", Map.of("namespace", parts[0], "name", parts[1]));
            state.put("spec", Map.of("type", "LoadBalancer"));
            state.put("status", loadBalancerStatus());
        }
        return id;
    }

    /** What AWS reports once the load balancer exists; an empty hostname means it does not (yet). */
    private Map<String, Object> loadBalancerStatus() {
        List<Object> ingress = elbHostname.isEmpty() ? List.of() : List.of(Map.of("hostname", elbHostname));
        return Map.of("loadBalancer", Map.of("ingress", ingress));
    }

    private String withArn(Map<String, Object> state, String id, String service, String resource) {
        state.put("arn", "arn:aws:" + service + ":" + region + ":" + ACCOUNT_ID + ":" + resource);
        return id;
    }

    private String eksCluster(Map<String, Object> state, String h) {
        String oidcId = hex("oidc" + h, 32).toUpperCase();
        String clusterName = String.valueOf(state.get("name"));
        state.put("arn", "arn:aws:eks:" + region + ":" + ACCOUNT_ID + ":cluster/" + clusterName);
        state.put("endpoint", "https://" + oidcId + ".gr7." + region + ".eks.amazonaws.com");
        state.put("certificateAuthority", Map.of("data", Base64.getEncoder().encodeToString(
                ("-----BEGIN CERTIFICATE-----\nmock cluster CA " + h + "\n-----END CERTIFICATE-----\n").getBytes(StandardCharsets.UTF_8))));
        state.put("identities", List.of(Map.of("oidcs", List.of(Map.of("issuer", "https://oidc.eks." + region + ".amazonaws.com/id/" + oidcId)))));
        @SuppressWarnings("unchecked")
        var vpcConfig = new HashMap<String, Object>((Map<String, Object>) state.getOrDefault("vpcConfig", Map.of()));
        vpcConfig.put("clusterSecurityGroupId", "sg-" + hex("eks-cluster-sg" + h, 17));
        state.put("vpcConfig", vpcConfig);
        state.put("status", "ACTIVE");
        state.put("platformVersion", "eks.1");
        return clusterName;
    }

    private String rdsInstance(Map<String, Object> state, String h) {
        String identifier = state.getOrDefault("identifierPrefix", "db-") + hex("rds" + h, 12);
        String address = identifier + ".c" + hex("rds-host", 11) + "." + region + ".rds.amazonaws.com";
        Object port = state.getOrDefault("port", 5432.0);
        state.put("identifier", identifier);
        state.put("address", address);
        state.put("port", port);
        state.put("endpoint", address + ":" + ((Number) port).intValue());
        state.put("arn", "arn:aws:rds:" + region + ":" + ACCOUNT_ID + ":db:" + identifier);
        return identifier;
    }

    private String kubernetesObject(String type, Map<String, Object> state) {
        @SuppressWarnings("unchecked")
        var metadata = (Map<String, Object>) state.getOrDefault("metadata", Map.of());
        Object namespace = metadata.get("namespace");
        Object objectName = metadata.getOrDefault("name", type);
        if (type.equals("kubernetes:core/v1:Service") && "LoadBalancer".equals(spec(state).get("type"))) {
            state.put("status", loadBalancerStatus());
        }
        return namespace == null ? String.valueOf(objectName) : namespace + "/" + objectName;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(Map<String, Object> state) {
        return (Map<String, Object>) state.getOrDefault("spec", Map.of());
    }

    @Override
    public CompletableFuture<Map<String, Object>> callAsync(CallArgs args) {
        Map<String, Object> result = switch (args.token) {
            case "aws:index/getAvailabilityZones:getAvailabilityZones" -> Map.of(
                    "id", region,
                    "names", List.of(region + "a", region + "b", region + "c"),
                    "zoneIds", List.of("usw2-az1", "usw2-az2", "usw2-az3"),
                    "groupNames", List.of(region),
                    "state", "available");
            case "aws:index/getCallerIdentity:getCallerIdentity" -> Map.of(
                    "id", ACCOUNT_ID,
                    "accountId", ACCOUNT_ID,
                    "arn", "arn:aws:sts::" + ACCOUNT_ID + ":assumed-role/" + DEPLOYER_ROLE + "/pulumi-session",
                    "userId", "AROAEXAMPLEID:pulumi-session");
            case "aws:iam/getSessionContext:getSessionContext" -> Map.of(
                    "id", String.valueOf(args.args.get("arn")),
                    "arn", String.valueOf(args.args.get("arn")),
                    "issuerArn", "arn:aws:iam::" + ACCOUNT_ID + ":role/" + DEPLOYER_ROLE,
                    "issuerId", "AROAEXAMPLEID",
                    "issuerName", DEPLOYER_ROLE,
                    "sessionName", "pulumi-session");
            case "aws:eks/getAddonVersion:getAddonVersion" -> Map.of(
                    "id", String.valueOf(args.args.get("addonName")),
                    "addonName", String.valueOf(args.args.get("addonName")),
                    "kubernetesVersion", String.valueOf(args.args.get("kubernetesVersion")),
                    "version", addonVersion(String.valueOf(args.args.get("addonName")), String.valueOf(args.args.get("kubernetesVersion"))));
            default -> throw new IllegalArgumentException("the mock cloud does not answer invoke " + args.token
                    + "; add it to " + MockCloud.class.getName());
        };
        return CompletableFuture.completedFuture(result);
    }

    private static String addonVersion(String addon, String kubernetesVersion) {
        return switch (addon) {
            case "vpc-cni" -> "v1.19.2-eksbuild.1";
            case "coredns" -> "v1.11.3-eksbuild.2";
            case "kube-proxy" -> "v" + kubernetesVersion + ".3-eksbuild.2";
            default -> "v1.0.0-eksbuild.1";
        };
    }

    private static String pem(String label, String seed) {
        return "-----BEGIN " + label + "-----\n" + Base64.getEncoder().encodeToString(("mock " + seed).getBytes(StandardCharsets.UTF_8))
                + "\n-----END " + label + "-----\n";
    }

    private static String uuid(String seed) {
        String x = hex("uuid" + seed, 32);
        return x.substring(0, 8) + "-" + x.substring(8, 12) + "-" + x.substring(12, 16) + "-" + x.substring(16, 20) + "-" + x.substring(20);
    }

    static String hex(String seed, int length) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            String text = HexFormat.of().formatHex(digest);
            while (text.length() < length) {
                text = text + text;
            }
            return text.substring(0, length);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
