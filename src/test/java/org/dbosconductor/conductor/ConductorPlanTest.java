package org.dbosconductor.conductor;

import com.pulumi.test.Mocks;
import org.dbosconductor.DbosConductorProgram;
import org.dbosconductor.TestStacks;
import org.dbosconductor.database.BootstrapSql;
import org.dbosconductor.synth.MockCloud;
import org.dbosconductor.synth.Plan;
import org.dbosconductor.synth.PlanWriter;
import org.dbosconductor.synth.PlannedResource;
import org.dbosconductor.synth.StackFile;
import org.dbosconductor.synth.Synthesizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.dbosconductor.synth.PlanAssertions.at;
import static org.dbosconductor.synth.PlanAssertions.list;
import static org.dbosconductor.synth.PlanAssertions.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Conductor, Console and Dex with their secrets, database bootstrap and RBAC, in the dev and prod plans. */
class ConductorPlanTest {
    static final String HOST = "conductor-test-0123456789.elb.us-west-2.amazonaws.com";
    static Plan dev;
    static Plan prod;
    /** What the mock cloud received for each resource, secrets unwrapped: the values the cluster would get. */
    static Map<String, Map<String, Object>> sent = new ConcurrentHashMap<>();

    @BeforeAll
    static void synthesize() {
        StackFile file = TestStacks.stackFile("dev");
        var config = new HashMap<>(file.config());
        config.put("dbos-conductor:licenseKey", "license-under-test");
        MockCloud cloud = new MockCloud("us-west-2", HOST);
        Mocks recording = new Mocks() {
            @Override
            public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
                sent.put(args.name, args.inputs);
                return cloud.newResourceAsync(args);
            }

            @Override
            public CompletableFuture<Map<String, Object>> callAsync(CallArgs args) {
                return cloud.callAsync(args);
            }
        };
        dev = new Synthesizer(file.project(), "dev", config, file.secretKeys(), List.of(), recording).run(DbosConductorProgram::run);
        prod = TestStacks.synth("prod", Map.of(), HOST);
    }

    static Map<String, Map<String, Object>> manifests(Plan plan) {
        return PlanWriter.manifests(plan);
    }

    static Map<String, Object> object(Plan plan, String file) {
        Map<String, Object> object = manifests(plan).get(file);
        assertNotNull(object, file + " in " + manifests(plan).keySet());
        return object;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> containers(Map<String, Object> workload) {
        return (List<Map<String, Object>>) (List<?>) list(map(map(map(workload.get("spec")).get("template")).get("spec")).get("containers"));
    }

    static Map<String, Object> env(Map<String, Object> container) {
        var env = new HashMap<String, Object>();
        list(container.get("env")).forEach(e -> {
            var entry = map(e);
            env.put(String.valueOf(entry.get("name")), entry.containsKey("value") ? entry.get("value") : entry.get("valueFrom"));
        });
        return env;
    }

    /** Secrets a pod reads, through its environment or as mounted files. */
    static Set<String> secretRefs(Map<String, Object> workload) {
        var names = new TreeSet<String>();
        var podSpec = map(map(map(workload.get("spec")).get("template")).get("spec"));
        if (podSpec.get("volumes") != null) {
            list(podSpec.get("volumes")).forEach(v -> {
                var secret = map(map(v).get("secret"));
                if (secret != null) {
                    names.add(String.valueOf(secret.get("secretName")));
                }
            });
        }
        for (var container : containers(workload)) {
            list(container.get("env")).forEach(e -> {
                var from = map(map(e).get("valueFrom"));
                if (from != null && from.containsKey("secretKeyRef")) {
                    names.add(String.valueOf(map(from.get("secretKeyRef")).get("name")));
                }
            });
        }
        return names;
    }

    @Test
    void theSeedsSecretInventoryExistsAndIsMasked() {
        Set<String> secrets = manifests(dev).values().stream().filter(o -> "Secret".equals(o.get("kind")))
                .filter(o -> "dbos".equals(map(o.get("metadata")).get("namespace")))
                .map(o -> String.valueOf(map(o.get("metadata")).get("name"))).collect(Collectors.toSet());
        assertTrue(secrets.containsAll(Set.of("postgres-admin", "conductor-db", "conductor-license", "dbos-app-db",
                "conductor-api-key", "dex-db", "dex-admin")), secrets.toString());
        manifests(dev).values().stream().filter(o -> "Secret".equals(o.get("kind")))
                .forEach(o -> assertEquals(Plan.SECRET, o.get("stringData"), "every Secret's data is masked: " + o.get("metadata")));
    }

    @Test
    void connectionUrlsAreBuiltFromTheRdsEndpointWithTls() {
        String address = String.valueOf(dev.exports().get("databaseAddress"));
        var conductorDb = map(sent.get("secrets-conductor-db").get("stringData"));
        String password = String.valueOf(conductorDb.get("password"));
        assertEquals("postgresql://" + BootstrapSql.CONDUCTOR_ROLE + ":" + password + "@" + address + ":5432/"
                + BootstrapSql.CONDUCTOR_DATABASE + "?sslmode=require", conductorDb.get("database-url"));
        assertTrue(password.startsWith(MockCloud.MOCK_PASSWORD_PREFIX), "the generated password: " + password);
        // The app goes through PgBouncer (dev default): plain TCP inside the cluster, its pgx pool capped (dev: 5).
        var appDb = map(sent.get("secrets-dbos-app-db").get("stringData"));
        assertEquals("postgresql://" + BootstrapSql.APP_ROLE + ":" + appDb.get("password")
                + "@pgbouncer.dbos.svc.cluster.local:5432/dbos_app?sslmode=disable&pool_max_conns=5", appDb.get("database-url"));
        var admin = map(sent.get("secrets-postgres-admin").get("stringData"));
        assertTrue(String.valueOf(admin.get("database-url")).startsWith("postgresql://postgres:" + admin.get("password") + "@" + address));
        assertEquals("license-under-test", map(sent.get("secrets-conductor-license").get("stringData")).get("license-key"));
        assertEquals("not-yet-registered", map(sent.get("secrets-conductor-api-key").get("stringData")).get("api-key"));
        assertFalse(PlanWriter.planJsonText(dev).contains("license-under-test"), "the license never reaches the plan");
    }

    @Test
    void everyWorkloadReadsSecretsOnlyThroughItsOwnNarrowRole() {
        for (Plan plan : List.of(dev, prod)) {
            var objects = manifests(plan).values();
            var workloads = objects.stream().filter(o -> Set.of("Deployment", "Job").contains(o.get("kind"))).toList();
            assertTrue(workloads.size() >= 4, "conductor, console, dex and the bootstrap Job");
            for (var workload : workloads) {
                var podSpec = map(map(map(workload.get("spec")).get("template")).get("spec"));
                String account = String.valueOf(podSpec.get("serviceAccountName"));
                assertEquals(false, podSpec.get("automountServiceAccountToken"));
                var serviceAccount = objects.stream().filter(o -> "ServiceAccount".equals(o.get("kind"))
                        && account.equals(map(o.get("metadata")).get("name"))).findFirst().orElseThrow(() -> new AssertionError("no ServiceAccount " + account));
                assertEquals(false, serviceAccount.get("automountServiceAccountToken"));
                Set<String> uses = secretRefs(workload);
                Set<String> granted = new TreeSet<>();
                objects.stream().filter(o -> "RoleBinding".equals(o.get("kind")))
                        .filter(b -> list(b.get("subjects")).stream().anyMatch(s -> account.equals(map(s).get("name"))))
                        .forEach(binding -> {
                            String roleName = String.valueOf(map(binding.get("roleRef")).get("name"));
                            var role = objects.stream().filter(o -> "Role".equals(o.get("kind")) && roleName.equals(map(o.get("metadata")).get("name")))
                                    .findFirst().orElseThrow();
                            for (Object rule : list(role.get("rules"))) {
                                assertEquals(List.of("get"), map(rule).get("verbs"), "read only");
                                assertEquals(List.of("secrets"), map(rule).get("resources"));
                                list(map(rule).get("resourceNames")).forEach(n -> granted.add(String.valueOf(n)));
                            }
                        });
                assertEquals(uses, granted, account + " may read exactly the Secrets it uses");
            }
        }
    }

    @Test
    void everyContainerIsHardenedProbedAndBudgeted() {
        for (var workload : manifests(prod).values().stream().filter(o -> Set.of("Deployment", "Job").contains(o.get("kind"))).toList()) {
            var podSpec = map(map(map(workload.get("spec")).get("template")).get("spec"));
            assertEquals(true, map(podSpec.get("securityContext")).get("runAsNonRoot"));
            assertEquals("RuntimeDefault", map(map(podSpec.get("securityContext")).get("seccompProfile")).get("type"));
            for (var container : containers(workload)) {
                var security = map(container.get("securityContext"));
                assertEquals(false, security.get("allowPrivilegeEscalation"));
                assertEquals(List.of("ALL"), map(security.get("capabilities")).get("drop"));
                assertEquals(true, security.get("readOnlyRootFilesystem"));
                var resources = map(container.get("resources"));
                assertTrue(map(resources.get("requests")).keySet().containsAll(Set.of("cpu", "memory")));
                assertTrue(map(resources.get("limits")).keySet().containsAll(Set.of("cpu", "memory")));
                assertFalse(String.valueOf(container.get("image")).endsWith(":latest"));
                if ("Deployment".equals(workload.get("kind"))) {
                    assertNotNull(container.get("readinessProbe"), container.get("name") + " readiness");
                    assertNotNull(container.get("livenessProbe"), container.get("name") + " liveness");
                }
            }
        }
    }

    @Test
    void conductorTalksToItsDatabaseAndChecksDexTokens() {
        var conductor = object(dev, "deployment-dbos-conductor.yaml");
        var container = containers(conductor).get(0);
        var env = env(container);
        assertEquals(Map.of("secretKeyRef", Map.of("name", "conductor-db", "key", "database-url")), env.get("DBOS__CONDUCTOR_DB_URL"));
        assertEquals(Map.of("secretKeyRef", Map.of("name", "conductor-license", "key", "license-key")), env.get("DBOS_CONDUCTOR_LICENSE_KEY"));
        assertEquals("true", env.get("DBOS_OAUTH_ENABLED"));
        assertEquals("http://dex.dbos.svc.cluster.local:5556/dex/keys", env.get("DBOS_OAUTH_JWKS_URL"));
        assertEquals("https://" + HOST + "/dex", env.get("DBOS_OAUTH_ISSUER"));
        assertEquals("dbos-console", env.get("DBOS_OAUTH_AUDIENCE"));
        assertFalse(env.containsKey("DBOS__ADVERTISE_ADDRESS"), "one replica in dev");
        assertEquals(8090L, map(list(map(object(dev, "service-dbos-conductor.yaml").get("spec")).get("ports")).get(0)).get("port"));
        var prodEnv = env(containers(object(prod, "deployment-dbos-conductor.yaml")).get(0));
        assertEquals(Map.of("fieldRef", Map.of("fieldPath", "status.podIP")), prodEnv.get("DBOS__ADVERTISE_ADDRESS"));
        assertTrue(manifests(prod).containsKey("poddisruptionbudget-dbos-conductor.yaml"), "two replicas get a PDB");
        assertFalse(manifests(dev).containsKey("poddisruptionbudget-dbos-conductor.yaml"));
    }

    @Test
    void consoleListensOn8080BehindPort80AndLogsInThroughDex() {
        var container = containers(object(dev, "deployment-dbos-console.yaml")).get(0);
        assertEquals(8080L, map(list(container.get("ports")).get(0)).get("containerPort"));
        assertEquals("/health", map(map(container.get("readinessProbe")).get("httpGet")).get("path"));
        assertEquals(8080L, map(map(container.get("readinessProbe")).get("httpGet")).get("port"));
        var service = object(dev, "service-dbos-console.yaml");
        assertEquals(80L, map(list(map(service.get("spec")).get("ports")).get(0)).get("port"));
        assertEquals(8080L, map(list(map(service.get("spec")).get("ports")).get(0)).get("targetPort"));
        var env = env(container);
        assertEquals("conductor.dbos.svc.cluster.local:8090", env.get("DBOS_CONDUCTOR_URL"));
        String issuer = "https://" + HOST + "/dex";
        assertEquals(Map.of(
                "DBOS_OAUTH_ENABLED", "true",
                "DBOS_OAUTH_AUTHORIZATION_URL", issuer + "/auth",
                "DBOS_OAUTH_TOKEN_URL", issuer + "/token",
                "DBOS_OAUTH_CLIENT_ID", "dbos-console",
                "DBOS_OAUTH_SCOPE", "openid profile email",
                "DBOS_OAUTH_USERINFO_URL", issuer + "/userinfo",
                "DBOS_OAUTH_AUDIENCE", "dbos-console"),
                env.entrySet().stream().filter(e -> e.getKey().startsWith("DBOS_OAUTH_"))
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    @Test
    @SuppressWarnings("unchecked")
    void dexIsConfiguredFromDataWithItsStateInPostgresAndNoSecret() {
        var configMap = object(dev, "configmap-dbos-dex-config.yaml");
        String text = String.valueOf(map(configMap.get("data")).get("config.yaml"));
        var config = (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        assertEquals("https://" + HOST + "/dex", config.get("issuer"));
        var client = map(list(config.get("staticClients")).get(0));
        assertEquals("dbos-console", client.get("id"));
        assertEquals(true, client.get("public"));
        assertEquals(List.of("https://" + HOST + "/oauth/callback"), client.get("redirectURIs"));
        var storage = map(config.get("storage"));
        assertEquals("postgres", storage.get("type"));
        assertEquals(dev.exports().get("databaseAddress"), map(storage.get("config")).get("host"));
        assertEquals("dex", map(storage.get("config")).get("database"));
        assertEquals("$DEX_DB_PASSWORD", map(storage.get("config")).get("password"));
        assertEquals("require", map(map(storage.get("config")).get("ssl")).get("mode"));
        var admin = map(list(config.get("staticPasswords")).get(0));
        assertEquals("admin@example.com", admin.get("email"));
        assertEquals("DEX_ADMIN_PASSWORD_HASH", admin.get("hashFromEnv"));
        assertFalse(admin.containsKey("hash"));
        assertFalse(text.contains(MockCloud.MOCK_PASSWORD_PREFIX) || text.contains("$2a$"), "no secret in the ConfigMap");
        var dex = object(dev, "deployment-dbos-dex.yaml");
        var container = containers(dex).get(0);
        assertEquals("/dex/healthz", map(map(container.get("livenessProbe")).get("httpGet")).get("path"));
        var env = env(container);
        assertEquals(Map.of("secretKeyRef", Map.of("name", "dex-db", "key", "password")), env.get("DEX_DB_PASSWORD"));
        assertEquals(Map.of("secretKeyRef", Map.of("name", "dex-admin", "key", "password-hash")), env.get("DEX_ADMIN_PASSWORD_HASH"));
        assertEquals("admin@example.com", dev.exports().get("dexAdminEmail"));
        assertEquals(Plan.SECRET, dev.exports().get("dexAdminPassword"));
        // Dex's admin hash is the bcrypt of the generated password: both come from one RandomPassword.
        assertTrue(String.valueOf(map(sent.get("secrets-dex-admin").get("stringData")).get("password-hash")).startsWith("$2a$"));
    }

    @Test
    void bootstrapJobRunsTheScriptBeforeAnythingLogsIn() {
        PlannedResource job = dev.ofType("kubernetes:batch/v1:Job").get(0);
        String jobName = String.valueOf(at(job, "metadata", "name"));
        assertTrue(jobName.matches("db-bootstrap-[0-9a-f]{10}"), jobName);
        var configMap = manifests(dev).values().stream().filter(o -> "ConfigMap".equals(o.get("kind"))
                && String.valueOf(map(o.get("metadata")).get("name")).startsWith("db-bootstrap-sql-")).findFirst().orElseThrow();
        assertEquals(BootstrapSql.script(), map(configMap.get("data")).get("bootstrap.sql"));
        var container = map(list(at(job, "spec", "template", "spec", "containers")).get(0));
        String command = String.join(" ", list(container.get("command")).stream().map(String::valueOf).toList());
        assertTrue(command.contains("-v ON_ERROR_STOP=1"), command);
        for (var tenant : BootstrapSql.TENANTS) {
            assertTrue(command.contains("-v " + tenant.passwordVariable() + "=\"$" + tenant.passwordEnv() + "\""), command);
        }
        assertFalse(command.contains(MockCloud.MOCK_PASSWORD_PREFIX), "passwords come from the environment, never inline");
        var env = env(container);
        assertEquals(Map.of("secretKeyRef", Map.of("name", "postgres-admin", "key", "password")), env.get("PGPASSWORD"));
        assertEquals("require", env.get("PGSSLMODE"));
        assertEquals(dev.exports().get("databaseAddress"), env.get("PGHOST"));
        for (String deployment : List.of("conductor-conductor-deployment", "dex-workload-deployment")) {
            assertTrue(dev.get("kubernetes:apps/v1:Deployment", deployment).dependsOn().contains(job.name()),
                    deployment + " waits for the roles to exist");
        }
        // Another RDS endpoint (here prod's) gives another Job, so the script runs against the new database.
        assertFalse(jobName.equals(at(prod.ofType("kubernetes:batch/v1:Job").get(0), "metadata", "name")));
    }

    @Test
    void oauthCanBeSwitchedOffWithAWarning() {
        Plan open = TestStacks.synth("dev", Map.of("dbos-conductor:oauthEnabled", "false"), HOST);
        var env = env(containers(PlanWriter.manifests(open).get("deployment-dbos-conductor.yaml")).get(0));
        assertEquals("false", env.get("DBOS_OAUTH_ENABLED"));
        assertFalse(env.containsKey("DBOS_OAUTH_ISSUER"));
        assertTrue(open.warnings().stream().anyMatch(w -> w.contains("OAuth is off")), open.warnings().toString());
        assertTrue(dev.warnings().isEmpty(), dev.warnings().toString());
    }

    @Test
    void namesAreUniqueAcrossTheManifests() {
        var seen = new HashSet<String>();
        manifests(prod).keySet().forEach(f -> assertTrue(seen.add(f)));
    }
}
