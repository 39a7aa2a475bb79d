package org.dbosconductor.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StackConfigReaderTest {
    private static final String NS = "dbos-conductor:";

    static Map<String, String> minimal() {
        var config = new HashMap<String, String>();
        config.put("aws:region", "us-west-2");
        config.put(NS + "licenseKey", "test-license");
        config.put(NS + "conductorImage", "dbosdev/conductor:1.2.3");
        config.put(NS + "consoleImage", "dbosdev/console:1.2.3");
        return config;
    }

    static StackConfig read(Map<String, String> config) {
        return StackConfigReader.read("dbos-conductor", "test", ConfigSource.of(config));
    }

    static Map<String, String> with(String... pairs) {
        var config = minimal();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                config.remove(pairs[i]);
            } else {
                config.put(pairs[i], pairs[i + 1]);
            }
        }
        return config;
    }

    @Test
    void defaultsAreSafe() {
        StackConfig config = read(minimal());
        assertEquals("10.0.0.0/16", config.network().vpcCidr().toString());
        assertEquals(2, config.network().availabilityZoneCount());
        assertEquals(NetworkConfig.NatGatewayMode.ONE_PER_AZ, config.network().natGateways());
        assertEquals("1.31", config.cluster().kubernetesVersion());
        assertFalse(config.cluster().endpointPublicAccess(), "the API endpoint is private unless CIDRs are configured");
        assertTrue(config.database().deletionProtection());
        assertFalse(config.database().skipFinalSnapshot());
        assertEquals("postgres16", config.database().parameterGroupFamily());
        assertEquals("dexidp/dex:v2.41.1", config.conductor().dexImage());
        assertEquals("dbos-conductor-test", config.clusterName());
    }

    @Test
    void listsAcceptJsonArraysAndCommaSeparatedText() {
        assertEquals(List.of("203.0.113.0/24", "198.51.100.0/24"),
                read(with(NS + "clusterEndpointPublicAccessCidrs", "[\"203.0.113.0/24\",\"198.51.100.0/24\"]")).cluster().endpointPublicAccessCidrs());
        assertEquals(List.of("api", "audit"), read(with(NS + "clusterLogTypes", "api, audit")).cluster().logTypes());
    }

    @Test
    void secretValueIsNeverPrinted() {
        StackConfig config = read(with(NS + "licenseKey", "very-secret-license"));
        assertFalse(config.toString().contains("very-secret-license"));
        assertEquals("very-secret-license", config.conductor().licenseKey().value());
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                Arguments.of("malformed CIDR", NS + "vpcCidr", "10.0.0.0/33", "pulumi config set dbos-conductor:vpcCidr 10.0.0.0/16"),
                Arguments.of("CIDR with host bits", NS + "vpcCidr", "10.0.0.1/16", "no host bits"),
                Arguments.of("public CIDR", NS + "vpcCidr", "8.8.0.0/16", "private IPv4"),
                Arguments.of("VPC too small", NS + "vpcCidr", "10.0.0.0/24", "/16 to /20"),
                Arguments.of("fewer than 2 AZs", NS + "availabilityZoneCount", "1", "from 2 to 3"),
                Arguments.of("AZ count not a number", NS + "availabilityZoneCount", "two", "from 2 to 3"),
                Arguments.of("unknown NAT mode", NS + "natGateways", "many", "one of onePerAz, single"),
                Arguments.of("0 nodes", NS + "nodeMinSize", "0", "from 1 to 100"),
                Arguments.of("malformed instance type", NS + "nodeInstanceType", "t3medium", "EC2 instance type"),
                Arguments.of("unknown Kubernetes version", NS + "kubernetesVersion", "1.19", "supported EKS version"),
                Arguments.of("small disk", NS + "nodeDiskSizeGb", "5", "from 20 to 16384"),
                Arguments.of("bad endpoint CIDR", NS + "clusterEndpointPublicAccessCidrs", "[\"203.0.113.0/24\",\"everyone\"]", "not valid: everyone"),
                Arguments.of("unknown log type", NS + "clusterLogTypes", "api,kubelet", "not valid: kubelet"),
                Arguments.of("log retention CloudWatch refuses", NS + "clusterLogRetentionDays", "10", "one of [1, 3, 5, 7, 14"),
                Arguments.of("bad admin ARN", NS + "clusterAdminArns", "admin", "IAM role or user ARNs"),
                Arguments.of("malformed DB instance class", NS + "dbInstanceClass", "t4g.micro", "RDS instance class"),
                Arguments.of("wrong PostgreSQL major", NS + "dbEngineVersion", "15.4", "PostgreSQL 16"),
                Arguments.of("negative backup retention", NS + "dbBackupRetentionDays", "-1", "from 1 to 35"),
                Arguments.of("backup retention too long", NS + "dbBackupRetentionDays", "36", "from 1 to 35"),
                Arguments.of("multi-AZ not a boolean", NS + "dbMultiAz", "yes", "true or false"),
                Arguments.of("malformed domain", NS + "domain", "not a domain", "DNS domain"),
                Arguments.of("upper-case domain", NS + "domain", "DBOS.Example.com", "lower-case DNS domain"),
                Arguments.of("malformed e-mail", NS + "acmeEmail", "ops-at-example.com", "e-mail address"),
                Arguments.of("malformed hosted zone", NS + "hostedZoneId", "zone-1", "Route 53 hosted zone id"),
                Arguments.of("image tag latest", NS + "dexImage", "dexidp/dex:latest", "not latest"),
                Arguments.of("Conductor image untagged", NS + "conductorImage", "dbosdev/conductor", "pinned to a version tag or digest"),
                Arguments.of("Console image latest", NS + "consoleImage", "dbosdev/console:latest", "not latest"),
                Arguments.of("no Conductor replica", NS + "conductorReplicas", "0", "from 1 to 10"),
                Arguments.of("OAuth switch not a boolean", NS + "oauthEnabled", "maybe", "true or false"),
                Arguments.of("malformed Dex admin e-mail", NS + "dexAdminEmail", "admin", "e-mail address"),
                Arguments.of("untagged image", NS + "dexImage", "dexidp/dex", "pinned to a version tag or digest"),
                Arguments.of("malformed region", "aws:region", "Oregon", "AWS region"),
                Arguments.of("chart version range", NS + "kedaChartVersion", "^2.18", "pinned, no ranges"),
                Arguments.of("chart version latest", NS + "ingressNginxChartVersion", "latest", "chart version"),
                Arguments.of("add-on switch not a boolean", NS + "kedaEnabled", "off", "true or false"),
                Arguments.of("no ingress controller", NS + "ingressControllerReplicas", "0", "from 1 to 10"),
                Arguments.of("certificate shorter than a day", NS + "tlsValidityHours", "1", "from 24 to 87600"),
                Arguments.of("unknown Conductor route", NS + "appConductorRoute", "vpn", "one of internal, ingress"),
                Arguments.of("migrate image latest", NS + "migrateImage", "example.com/dbos-migrate:latest", "not latest"),
                Arguments.of("PgBouncer image untagged", NS + "pgbouncerImage", "ghcr.io/cloudnative-pg/pgbouncer", "pinned"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badValueIsReportedWithKeyValueExpectationAndFix(String label, String key, String value, String expectedText) {
        var error = assertThrows(ConfigException.class, () -> read(with(key, value)));
        String message = error.getMessage();
        assertTrue(message.contains(key), message);
        assertTrue(message.contains("\"" + value + "\""), "names the bad value: " + message);
        assertTrue(message.contains(expectedText), "says what is expected: " + message);
        assertTrue(message.contains("pulumi config set " + key), "gives the fix: " + message);
        assertEquals(1, error.problems().size(), message);
    }

    @Test
    void missingLicenseKeyNamesTheSecretCommand() {
        var error = assertThrows(ConfigException.class, () -> read(with(NS + "licenseKey", null)));
        assertTrue(error.getMessage().contains("dbos-conductor:licenseKey is not set"), error.getMessage());
        assertTrue(error.getMessage().contains("pulumi config set --secret dbos-conductor:licenseKey"), error.getMessage());
    }

    @Test
    void conductorImageHasNoDefault() {
        var error = assertThrows(ConfigException.class, () -> read(with(NS + "conductorImage", null)));
        assertTrue(error.getMessage().contains("dbos-conductor:conductorImage is not set"), error.getMessage());
    }

    @Test
    void missingRegionIsReported() {
        var error = assertThrows(ConfigException.class, () -> read(with("aws:region", null)));
        assertTrue(error.getMessage().contains("aws:region is not set"), error.getMessage());
    }

    @Test
    void minAboveMaxIsReported() {
        var error = assertThrows(ConfigException.class, () -> read(with(NS + "nodeMinSize", "5", NS + "nodeMaxSize", "3")));
        assertTrue(error.getMessage().contains("dbos-conductor:nodeMinSize = \"5\": expected at most dbos-conductor:nodeMaxSize (3)"), error.getMessage());
    }

    @Test
    void desiredOutsideMinMaxIsReported() {
        var error = assertThrows(ConfigException.class, () -> read(with(NS + "nodeDesiredSize", "9", NS + "nodeMaxSize", "4")));
        assertTrue(error.getMessage().contains("dbos-conductor:nodeDesiredSize = \"9\""), error.getMessage());
    }

    @Test
    void maxStorageBelowAllocatedIsReported() {
        var error = assertThrows(ConfigException.class, () -> read(with(NS + "dbAllocatedStorageGb", "100", NS + "dbMaxAllocatedStorageGb", "50")));
        assertTrue(error.getMessage().contains("dbos-conductor:dbMaxAllocatedStorageGb = \"50\""), error.getMessage());
    }

    @Test
    void domainNeedsAnAcmeEmail() {
        var error = assertThrows(ConfigException.class, () -> read(with(NS + "domain", "dbos.example.com")));
        assertTrue(error.getMessage().contains("dbos-conductor:acmeEmail is not set"), error.getMessage());
    }

    @Test
    void hostedZoneNeedsADomain() {
        var error = assertThrows(ConfigException.class, () -> read(with(NS + "hostedZoneId", "Z0123456789ABC")));
        assertTrue(error.getMessage().contains("dbos-conductor:domain is not set"), error.getMessage());
    }

    @Test
    void earlyRenewalMustComeBeforeExpiry() {
        var error = assertThrows(ConfigException.class, () -> read(with(NS + "tlsValidityHours", "720", NS + "tlsEarlyRenewalHours", "720")));
        assertTrue(error.getMessage().contains("dbos-conductor:tlsEarlyRenewalHours = \"720\": expected fewer hours than dbos-conductor:tlsValidityHours (720)"), error.getMessage());
    }

    @Test
    void caMustOutliveItsCertificates() {
        var error = assertThrows(ConfigException.class, () -> read(with(NS + "tlsCaValidityHours", "100", NS + "tlsValidityHours", "200", NS + "tlsEarlyRenewalHours", "10")));
        assertTrue(error.getMessage().contains("dbos-conductor:tlsCaValidityHours = \"100\""), error.getMessage());
    }

    @Test
    void anAppScaleThePoolCannotServeFailsBeforeAnythingIsCreated() {
        var error = assertThrows(ConfigException.class, () -> read(with(
                NS + "appImage", "example.com/dbos-app:1.0.0", NS + "migrateImage", "example.com/dbos-migrate:1.0.0",
                NS + "appMaxReplicas", "20", NS + "appDbConnectionsPerPod", "10", NS + "pgbouncerReplicas", "1")));
        assertTrue(error.getMessage().contains("dbos-conductor:pgbouncerPoolSize = \"20\""), error.getMessage());
        assertTrue(error.getMessage().contains("20 app replicas × 10 connections = 200"), error.getMessage());
        assertTrue(error.getMessage().contains("pulumi config set dbos-conductor:pgbouncerPoolSize"), error.getMessage());
    }

    @Test
    void withoutPgBouncerTheInstanceClassBoundsTheApp() {
        var error = assertThrows(ConfigException.class, () -> read(with(
                NS + "appImage", "example.com/dbos-app:1.0.0", NS + "migrateImage", "example.com/dbos-migrate:1.0.0",
                NS + "pgbouncerEnabled", "false", NS + "appMaxReplicas", "20", NS + "appDbConnectionsPerPod", "10")));
        assertTrue(error.getMessage().contains("db.t4g.micro"), error.getMessage());
    }

    @Test
    void appImageNeedsAMigrateImage() {
        var error = assertThrows(ConfigException.class, () -> read(with(NS + "appImage", "example.com/dbos-app:1.0.0")));
        assertTrue(error.getMessage().contains("dbos-conductor:migrateImage is not set"), error.getMessage());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        var error = assertThrows(ConfigException.class, () -> read(with(
                NS + "vpcCidr", "bad", NS + "nodeMinSize", "0", NS + "licenseKey", null)));
        assertEquals(3, error.problems().size(), error.getMessage());
        assertTrue(error.getMessage().startsWith("Invalid stack configuration (3 problems):"), error.getMessage());
    }

    @Test
    void secretValueNeverAppearsInAnError() {
        var error = assertThrows(ConfigException.class, () -> read(with(NS + "licenseKey", "lic-123", NS + "vpcCidr", "bad")));
        assertFalse(error.getMessage().contains("lic-123"));
    }
}
