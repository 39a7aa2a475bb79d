package org.dbosconductor.edge;

import com.pulumi.test.Mocks;
import org.dbosconductor.DbosConductorProgram;
import org.dbosconductor.TestStacks;
import org.dbosconductor.synth.MockCloud;
import org.dbosconductor.synth.Plan;
import org.dbosconductor.synth.PlanWriter;
import org.dbosconductor.synth.PlannedResource;
import org.dbosconductor.synth.StackFile;
import org.dbosconductor.synth.SynthException;
import org.dbosconductor.synth.Synthesizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.dbosconductor.synth.PlanAssertions.at;
import static org.dbosconductor.synth.PlanAssertions.list;
import static org.dbosconductor.synth.PlanAssertions.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The load balancer's hostname flowing into every consumer, the add-ons, TLS and the Ingress. */
class EdgePlanTest {
    static String host;
    static Plan dev;

    @BeforeAll
    static void synthesizeWithARandomHostname() {
        byte[] bytes = new byte[16];
        new Random().nextBytes(bytes);
        host = "a" + HexFormat.of().formatHex(bytes) + "-" + (1_000_000 + new Random().nextInt(8_000_000)) + ".elb.us-west-2.amazonaws.com";
        dev = TestStacks.synth("dev", Map.of(), host);
    }

    private static PlannedResource ingress(Plan plan) {
        return plan.ofType("kubernetes:networking.k8s.io/v1:Ingress").get(0);
    }

    @Test
    void hostnameFlowsIntoCertificateIngressAndEveryPublicUrl() {
        PlannedResource csr = dev.ofType("tls:index/certRequest:CertRequest").get(0);
        assertEquals(List.of(host), csr.inputs().get("dnsNames"));
        String commonName = String.valueOf(at(csr, "subject", "commonName"));
        assertTrue(commonName.length() <= 64, "OpenSSL caps the CN at 64: " + commonName);
        PlannedResource ingress = ingress(dev);
        assertEquals(host, at(ingress, "spec", "rules", 0, "host"));
        assertEquals(List.of(host), at(ingress, "spec", "tls", 0, "hosts"));
        assertEquals(host, dev.exports().get("elbHostname"));
        assertEquals("https://" + host + "/", dev.exports().get("consoleUrl"));
        assertEquals("wss://" + host + "/conductor/", dev.exports().get("conductorUrl"));
        assertEquals("https://" + host + "/dex", dev.exports().get("dexIssuer"));
    }

    @Test
    void noOtherLoadBalancerNameAppearsAnywhere() {
        String plan = PlanWriter.planJsonText(dev);
        String defaultHost = MockCloud.defaultElbHostname("us-west-2");
        assertFalse(plan.contains(defaultHost));
        var elbNames = java.util.regex.Pattern.compile("[a-z0-9-]+\\.elb\\.[a-z0-9-]+\\.amazonaws\\.com").matcher(plan)
                .results().map(m -> m.group()).collect(Collectors.toSet());
        assertEquals(Set.of(host), elbNames);
    }

    @Test
    void anEmptyHostnameStopsTheDeploymentBeforeAnyCertificateOrIngress() {
        StackFile file = TestStacks.stackFile("dev");
        var created = ConcurrentHashMap.<String>newKeySet();
        MockCloud cloud = new MockCloud("us-west-2", "");
        Mocks watching = new Mocks() {
            @Override
            public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
                created.add(args.type);
                return cloud.newResourceAsync(args);
            }

            @Override
            public CompletableFuture<Map<String, Object>> callAsync(CallArgs args) {
                return cloud.callAsync(args);
            }
        };
        var error = assertThrows(SynthException.class, () -> new Synthesizer(file.project(), "dev", file.config(),
                file.secretKeys(), file.placeholderKeys(), watching).run(DbosConductorProgram::run));
        assertTrue(error.getMessage().contains("ingress-nginx/ingress-nginx-controller has no hostname"), error.getMessage());
        assertTrue(error.getMessage().contains("kubectl -n ingress-nginx describe service ingress-nginx-controller"), error.getMessage());
        assertTrue(created.contains("kubernetes:helm.sh/v3:Release"), "the add-ons were installed: " + created);
        assertFalse(created.contains("tls:index/certRequest:CertRequest"), "no certificate for an empty name");
        assertFalse(created.contains("tls:index/locallySignedCert:LocallySignedCert"));
        assertFalse(created.contains("kubernetes:networking.k8s.io/v1:Ingress"), "no Ingress for an empty name");
    }

    @Test
    void ingressFollowsTheSeedsRoutingTable() {
        PlannedResource ingress = ingress(dev);
        Map<String, Object> annotations = map(at(ingress, "metadata", "annotations"));
        assertEquals("true", annotations.get("nginx.ingress.kubernetes.io/use-regex"));
        assertEquals("/$2", annotations.get("nginx.ingress.kubernetes.io/rewrite-target"));
        assertEquals("3600", annotations.get("nginx.ingress.kubernetes.io/proxy-read-timeout"));
        assertEquals("3600", annotations.get("nginx.ingress.kubernetes.io/proxy-send-timeout"));
        assertEquals("nginx", at(ingress, "spec", "ingressClassName"));
        assertEquals("dbos-tls", at(ingress, "spec", "tls", 0, "secretName"));
        var routes = list(at(ingress, "spec", "rules", 0, "http", "paths")).stream().map(p -> {
            var path = map(p);
            var service = map(map(path.get("backend")).get("service"));
            return path.get("path") + " -> " + service.get("name") + ":" + map(service.get("port")).get("number");
        }).collect(Collectors.toSet());
        assertEquals(Set.of(
                "/conductor(/|$)(.*) -> conductor:8090",
                "/app(/|$)(.*) -> dbos-app:8080",
                "/()(dex/.*) -> dex:5556",
                "/()(.*) -> console:80"), routes);
    }

    @Test
    void tlsSecretIsSignedByThePrivateCaAndTheCaIsExported() {
        PlannedResource secret = dev.ofType("kubernetes:core/v1:Secret").stream()
                .filter(s -> "dbos-tls".equals(at(s, "metadata", "name"))).findFirst().orElseThrow();
        assertEquals("kubernetes.io/tls", secret.inputs().get("type"));
        assertEquals("dbos", at(secret, "metadata", "namespace"));
        assertEquals(Plan.SECRET, secret.inputs().get("stringData"));
        PlannedResource ca = dev.get("tls:index/selfSignedCert:SelfSignedCert", "edge-ca-cert");
        assertEquals(true, ca.inputs().get("isCaCertificate"));
        PlannedResource server = dev.get("tls:index/locallySignedCert:LocallySignedCert", "edge-server-cert");
        assertEquals(8760L, server.inputs().get("validityPeriodHours"));
        assertEquals(720L, server.inputs().get("earlyRenewalHours"));
        assertTrue(list(server.inputs().get("allowedUses")).contains("server_auth"));
        assertEquals(Plan.SECRET, server.inputs().get("caPrivateKeyPem"));
        assertTrue(String.valueOf(dev.exports().get("caCertificatePem")).startsWith("-----BEGIN CERTIFICATE-----"));
        assertEquals(server.inputs().get("caCertPem"), dev.exports().get("caCertificatePem"));
    }

    @Test
    void addOnsArePinnedHelmReleasesAndIngressNginxKeepsWebSocketsOpen() {
        Map<String, PlannedResource> releases = dev.ofType("kubernetes:helm.sh/v3:Release").stream()
                .collect(Collectors.toMap(r -> String.valueOf(r.inputs().get("chart")), r -> r));
        assertEquals(Set.of("ingress-nginx", "sealed-secrets", "keda"), releases.keySet(), "cert-manager only with a domain");
        releases.values().forEach(r -> assertTrue(String.valueOf(r.inputs().get("version")).matches("v?\\d+\\.\\d+\\.\\d+"), r.name()));
        PlannedResource nginx = releases.get("ingress-nginx");
        assertEquals("LoadBalancer", at(nginx, "values", "controller", "service", "type"));
        assertEquals("3600", map(at(nginx, "values", "controller", "service", "annotations"))
                .get("service.beta.kubernetes.io/aws-load-balancer-connection-idle-timeout"));
        assertEquals(false, at(nginx, "values", "controller", "allowSnippetAnnotations"));
        assertFalse(Boolean.TRUE.equals(nginx.inputs().get("skipAwait")), "the release waits for its load balancer");
    }

    @Test
    void sealingKeyIsInstalledActiveBeforeTheController() {
        PlannedResource key = dev.ofType("kubernetes:core/v1:Secret").stream()
                .filter(s -> "kube-system".equals(at(s, "metadata", "namespace"))).findFirst().orElseThrow();
        assertEquals("active", map(at(key, "metadata", "labels")).get("sealedsecrets.bitnami.com/sealed-secrets-key"));
        assertEquals("kubernetes.io/tls", key.inputs().get("type"));
        PlannedResource controller = dev.ofType("kubernetes:helm.sh/v3:Release").stream()
                .filter(r -> "sealed-secrets".equals(r.inputs().get("chart"))).findFirst().orElseThrow();
        assertTrue(controller.dependsOn().contains(key.name()), "controller waits for its key: " + controller.dependsOn());
        assertEquals("0", at(controller, "values", "keyrenewperiod"), "no key the program does not own");
        assertTrue(String.valueOf(dev.exports().get("sealingCertificatePem")).startsWith("-----BEGIN CERTIFICATE-----"));
        assertEquals(4096L, dev.get("tls:index/privateKey:PrivateKey", "addons-sealing-key").inputs().get("rsaBits"));
    }

    @Test
    void addOnsThatAreSafeToDropCanBeSwitchedOff() {
        Plan plan = TestStacks.synth("dev", Map.of("dbos-conductor:kedaEnabled", "false", "dbos-conductor:sealedSecretsEnabled", "false"), host);
        assertEquals(Set.of("ingress-nginx"), plan.ofType("kubernetes:helm.sh/v3:Release").stream()
                .map(r -> r.inputs().get("chart")).collect(Collectors.toSet()));
        assertFalse(plan.exports().containsKey("sealingCertificatePem"));
        assertTrue(plan.find("tls:index/privateKey:PrivateKey", "addons-sealing-key").isEmpty());
    }

    @Test
    void domainModeUsesCertManagerHostsAndRoute53() {
        var overrides = new HashMap<String, String>();
        overrides.put("dbos-conductor:domain", "dbos.example.com");
        overrides.put("dbos-conductor:acmeEmail", "ops@example.com");
        overrides.put("dbos-conductor:hostedZoneId", "Z0123456789ABC");
        Plan plan = TestStacks.synth("dev", overrides, host);
        PlannedResource certManager = plan.ofType("kubernetes:helm.sh/v3:Release").stream()
                .filter(r -> "cert-manager".equals(r.inputs().get("chart"))).findFirst().orElseThrow();
        assertEquals(true, at(certManager, "values", "crds", "enabled"));
        PlannedResource issuer = plan.ofType("kubernetes:cert-manager.io/v1:ClusterIssuer").get(0);
        assertEquals("ops@example.com", at(issuer, "spec", "acme", "email"));
        assertEquals("https://acme-v02.api.letsencrypt.org/directory", at(issuer, "spec", "acme", "server"));
        assertEquals("nginx", at(issuer, "spec", "acme", "solvers", 0, "http01", "ingress", "ingressClassName"));
        assertTrue(issuer.dependsOn().contains(certManager.name()), "the issuer needs cert-manager's CRDs");
        PlannedResource ingress = ingress(plan);
        assertEquals("letsencrypt-prod", map(at(ingress, "metadata", "annotations")).get("cert-manager.io/cluster-issuer"));
        Set<String> hosts = Set.of("console.dbos.example.com", "conductor.dbos.example.com", "app.dbos.example.com", "auth.dbos.example.com");
        assertEquals(hosts, Set.copyOf(list(at(ingress, "spec", "tls", 0, "hosts")).stream().map(String::valueOf).toList()));
        var backends = list(at(ingress, "spec", "rules")).stream().map(r -> {
            var rule = map(r);
            var path = map(list(map(rule.get("http")).get("paths")).get(0));
            return String.valueOf(rule.get("host")) + path.get("path") + " -> " + map(map(path.get("backend")).get("service")).get("name");
        }).collect(Collectors.toSet());
        assertEquals(Set.of("console.dbos.example.com/ -> console", "conductor.dbos.example.com/ -> conductor",
                "app.dbos.example.com/ -> dbos-app", "auth.dbos.example.com/ -> dex"), backends);
        var records = plan.ofType("aws:route53/record:Record");
        assertEquals(hosts, records.stream().map(r -> String.valueOf(r.inputs().get("name"))).collect(Collectors.toSet()));
        records.forEach(r -> {
            assertEquals("CNAME", r.inputs().get("type"));
            assertEquals(List.of(host), r.inputs().get("records"));
            assertEquals("Z0123456789ABC", r.inputs().get("zoneId"));
        });
        assertTrue(plan.ofType("tls:index/locallySignedCert:LocallySignedCert").isEmpty(), "Let's Encrypt, not the private CA");
        assertEquals("https://auth.dbos.example.com/dex", plan.exports().get("dexIssuer"));
        assertEquals("wss://conductor.dbos.example.com/", plan.exports().get("conductorUrl"));
    }
}
