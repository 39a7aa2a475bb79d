package org.dbosconductor.synth;

import com.google.gson.JsonParser;
import org.dbosconductor.TestStacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SynthCommandTest {
    record Run(int exitCode, String out, String err) {
    }

    static Run synth(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = SynthCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void writesPlanManifestsAndGraphForDev(@TempDir Path out) throws Exception {
        Run run = synth("--stack", "dev", "--dir", TestStacks.PROJECT_DIR.toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        var plan = JsonParser.parseString(Files.readString(out.resolve("plan.json"))).getAsJsonObject();
        assertEquals("dbos-conductor", plan.get("project").getAsString());
        assertEquals("dev", plan.get("stack").getAsString());
        var first = plan.getAsJsonArray("resources").get(1).getAsJsonObject();
        for (String field : new String[]{"type", "name", "id", "parent", "inputs"}) {
            assertTrue(first.has(field), "resource entries carry " + field + ": " + first);
        }
        assertTrue(plan.getAsJsonObject("exports").has("vpcId"));
        assertEquals("[secret]", plan.getAsJsonObject("exports").get("databaseAdminPassword").getAsString());
        assertTrue(Files.isDirectory(out.resolve("manifests")));
        assertTrue(Files.exists(out.resolve("manifests/namespace-dbos.yaml")));
        assertTrue(Files.readString(out.resolve("graph.mmd")).startsWith("flowchart LR"));
        assertTrue(run.out().contains("network (dbos-conductor:network:Network): "), run.out());
        assertTrue(run.out().contains("cluster (dbos-conductor:cluster:Cluster): "), run.out());
        assertTrue(run.out().contains("dbos-conductor:licenseKey"), "lists the placeholder secret: " + run.out());
    }

    @Test
    void numbersStayNumbersAndSecretsNeverReachTheFiles(@TempDir Path out) throws Exception {
        assertEquals(0, synth("--stack", "prod", "--dir", TestStacks.PROJECT_DIR.toString(), "--out", out.toString()).exitCode());
        String text = Files.readString(out.resolve("plan.json"));
        assertTrue(text.contains("\"allocatedStorage\": 100,"), "whole numbers are JSON numbers");
        assertFalse(text.contains(StackFile.PLACEHOLDER_PREFIX), "the license placeholder is masked");
        assertFalse(text.contains(MockCloud.MOCK_PASSWORD_PREFIX), "generated passwords are masked");
        try (var files = Files.walk(out)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = Files.readString(file);
                assertFalse(content.contains(StackFile.PLACEHOLDER_PREFIX) || content.contains(MockCloud.MOCK_PASSWORD_PREFIX), file + " leaks a secret");
            }
        }
    }

    @Test
    void badConfigExitsNonZeroWithTheErrorAndWritesNothing(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("Pulumi.yaml"), "name: dbos-conductor\nruntime: java\n");
        Files.writeString(dir.resolve("Pulumi.broken.yaml"), "config:\n  aws:region: us-west-2\n  dbos-conductor:vpcCidr: 10.0.0.0/40\n");
        Path out = dir.resolve("out");
        Run run = synth("--stack", "broken", "--dir", dir.toString(), "--out", out.toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("dbos-conductor:vpcCidr = \"10.0.0.0/40\""), run.err());
        assertTrue(run.err().contains("pulumi config set dbos-conductor:vpcCidr 10.0.0.0/16"), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void elbHostnameFlagReachesEveryConsumerAndNoDefaultRemains(@TempDir Path out) throws Exception {
        String host = "k8s-given-by-flag-0123456789.elb.eu-central-1.amazonaws.com";
        Run run = synth("--stack", "dev", "--dir", TestStacks.PROJECT_DIR.toString(), "--out", out.toString(), "--elb-hostname", host);
        assertEquals(0, run.exitCode(), run.err());
        String plan = Files.readString(out.resolve("plan.json"));
        String ingress = Files.readString(out.resolve("manifests/ingress-dbos-dbos-ingress.yaml"));
        assertTrue(ingress.contains("host: " + host), ingress);
        assertTrue(ingress.contains("- " + host), "TLS host: " + ingress);
        var json = JsonParser.parseString(plan).getAsJsonObject();
        var exports = json.getAsJsonObject("exports");
        assertEquals(host, exports.get("elbHostname").getAsString());
        assertEquals("https://" + host + "/dex", exports.get("dexIssuer").getAsString());
        var csr = json.getAsJsonArray("resources").asList().stream().map(e -> e.getAsJsonObject())
                .filter(r -> r.get("type").getAsString().equals("tls:index/certRequest:CertRequest")).findFirst().orElseThrow();
        assertEquals("[\"" + host + "\"]", csr.getAsJsonObject("inputs").get("dnsNames").toString(), "certificate SAN");
        assertFalse(plan.contains(MockCloud.defaultElbHostname("us-west-2")));
    }

    @Test
    void setOverridesAStackValue(@TempDir Path out) throws Exception {
        Run run = synth("--stack", "dev", "--dir", TestStacks.PROJECT_DIR.toString(), "--out", out.toString(),
                "--set", "dbos-conductor:domain=dbos.example.com", "--set", "dbos-conductor:acmeEmail=ops@example.com");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(Files.exists(out.resolve("manifests/clusterissuer-letsencrypt-prod.yaml")));
        Run bad = synth("--stack", "dev", "--dir", TestStacks.PROJECT_DIR.toString(), "--set", "domain");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("--set takes namespace:key=value"), bad.err());
    }

    @Test
    void usageErrors() {
        assertEquals(2, synth().exitCode());
        assertEquals(2, synth("--stack").exitCode());
        assertEquals(2, synth("--stack", "dev", "--bogus", "x").exitCode());
        Run badHost = synth("--stack", "dev", "--elb-hostname", "not a host");
        assertEquals(2, badHost.exitCode());
        assertTrue(badHost.err().contains("--elb-hostname"), badHost.err());
    }

    @Test
    void missingStackFileIsExplained(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("Pulumi.yaml"), "name: dbos-conductor\n");
        Run run = synth("--stack", "qa", "--dir", dir.toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("Pulumi.qa.yaml"), run.err());
    }
}
