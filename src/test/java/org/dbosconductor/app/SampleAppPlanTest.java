package org.dbosconductor.app;

import org.dbosconductor.TestStacks;
import org.dbosconductor.synth.Plan;
import org.dbosconductor.synth.PlanWriter;
import org.dbosconductor.synth.PlannedResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.dbosconductor.synth.PlanAssertions.at;
import static org.dbosconductor.synth.PlanAssertions.list;
import static org.dbosconductor.synth.PlanAssertions.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sample app, its migration, scaler and pooler as the dev stack plans them. */
class SampleAppPlanTest {
    static final String HOST = "app-test-0123456789.elb.us-west-2.amazonaws.com";
    static Plan dev;

    @BeforeAll
    static void synthesize() {
        dev = TestStacks.synth("dev", Map.of(), HOST);
    }

    static Map<String, Object> env(PlannedResource workload) {
        var env = new HashMap<String, Object>();
        list(at(workload, "spec", "template", "spec", "containers", 0, "env")).forEach(e -> {
            var entry = map(e);
            env.put(String.valueOf(entry.get("name")), entry.containsKey("value") ? entry.get("value") : entry.get("valueFrom"));
        });
        return env;
    }

    static PlannedResource deployment(Plan plan, String name) {
        return plan.ofType("kubernetes:apps/v1:Deployment").stream()
                .filter(d -> name.equals(at(d, "metadata", "name"))).findFirst().orElseThrow(() -> new AssertionError("no Deployment " + name));
    }

    static PlannedResource migrateJob(Plan plan) {
        return plan.ofType("kubernetes:batch/v1:Job").stream()
                .filter(j -> String.valueOf(at(j, "metadata", "name")).startsWith("dbos-migrate-")).findFirst().orElseThrow();
    }

    @Test
    void ecrRepositoriesAreImmutableAndScanned() {
        var repositories = dev.ofType("aws:ecr/repository:Repository");
        assertEquals(2, repositories.size());
        for (PlannedResource repository : repositories) {
            assertEquals("IMMUTABLE", repository.inputs().get("imageTagMutability"));
            assertEquals(true, at(repository, "imageScanningConfiguration", "scanOnPush"));
        }
        assertTrue(dev.exports().containsKey("appRepositoryUrl"));
        assertTrue(dev.exports().containsKey("migrateRepositoryUrl"));
    }

    @Test
    void migrationRunsDbosMigrateAsAdminAfterTheBootstrapAndBeforeTheApp() {
        PlannedResource job = migrateJob(dev);
        var container = map(list(at(job, "spec", "template", "spec", "containers")).get(0));
        assertEquals(List.of("migrate", "--app-role", "dbos_app_role"), container.get("args"));
        assertTrue(String.valueOf(container.get("image")).endsWith("/dbos-migrate:0.1.0"));
        assertEquals(Map.of("secretKeyRef", Map.of("name", "postgres-admin", "key", "database-url")), env(job).get("DBOS_SYSTEM_DATABASE_URL"));
        PlannedResource bootstrap = dev.ofType("kubernetes:batch/v1:Job").stream()
                .filter(j -> String.valueOf(at(j, "metadata", "name")).startsWith("db-bootstrap-")).findFirst().orElseThrow();
        assertTrue(job.dependsOn().contains(bootstrap.name()), "the app role must exist: " + job.dependsOn());
        assertTrue(deployment(dev, "dbos-app").dependsOn().contains(job.name()), "the app waits for its tables");
        // A new migrate image is a new Job, so an upgrade migrates again.
        Plan upgraded = TestStacks.synth("dev", Map.of("dbos-conductor:migrateImage",
                "123456789012.dkr.ecr.us-west-2.amazonaws.com/dbos-conductor-dev/dbos-migrate:0.2.0"), HOST);
        assertNotEquals(at(job, "metadata", "name"), at(migrateJob(upgraded), "metadata", "name"));
    }

    @Test
    void appUsesItsSecretsAndTheInternalConductorByDefault() {
        PlannedResource app = deployment(dev, "dbos-app");
        var env = env(app);
        assertEquals(Map.of("secretKeyRef", Map.of("name", "dbos-app-db", "key", "database-url")), env.get("DBOS_SYSTEM_DATABASE_URL"));
        assertEquals(Map.of("secretKeyRef", Map.of("name", "conductor-api-key", "key", "api-key")), env.get("DBOS_CONDUCTOR_KEY"));
        assertEquals("ws://conductor.dbos.svc.cluster.local:8090/", env.get("DBOS_CONDUCTOR_URL"));
        assertFalse(env.containsKey("SSL_CERT_FILE"));
        assertTrue(app.dependsOn().contains(deployment(dev, "pgbouncer").name()), "the app waits for its pooler");
    }

    @Test
    void throughTheIngressTheAppTrustsThePrivateCa() {
        Plan viaIngress = TestStacks.synth("dev", Map.of("dbos-conductor:appConductorRoute", "ingress"), HOST);
        var env = env(deployment(viaIngress, "dbos-app"));
        assertEquals("wss://" + HOST + "/conductor/", env.get("DBOS_CONDUCTOR_URL"));
        assertEquals("/etc/dbos-ca/ca.crt", env.get("SSL_CERT_FILE"));
        var ca = PlanWriter.manifests(viaIngress).get("configmap-dbos-dbos-ca.yaml");
        assertEquals(viaIngress.exports().get("caCertificatePem"), map(ca.get("data")).get("ca.crt"));
    }

    @Test
    void kedaScalesOnTheQueueDepthTheAppReports() {
        PlannedResource scaler = dev.ofType("kubernetes:keda.sh/v1alpha1:ScaledObject").get(0);
        assertEquals("dbos-app", at(scaler, "spec", "scaleTargetRef", "name"));
        assertEquals(1L, at(scaler, "spec", "minReplicaCount"), "one pod always serves the metric");
        assertEquals(3L, at(scaler, "spec", "maxReplicaCount"), "dev's appMaxReplicas");
        var trigger = map(list(at(scaler, "spec", "triggers")).get(0));
        assertEquals("metrics-api", trigger.get("type"));
        var metadata = map(trigger.get("metadata"));
        assertEquals("http://dbos-app.dbos.svc.cluster.local:8080/metrics/taskQueue", metadata.get("url"));
        assertEquals("queue_length", metadata.get("valueLocation"));
        assertEquals("2", metadata.get("targetValue"), "the queue's worker concurrency");
        var scaleDown = map(at(scaler, "spec", "advanced", "horizontalPodAutoscalerConfig", "behavior", "scaleDown"));
        assertTrue(((Number) scaleDown.get("stabilizationWindowSeconds")).intValue() > 0);
        assertFalse(list(scaleDown.get("policies")).isEmpty());
    }

    @Test
    void pgbouncerRunsInSessionModeInFrontOfRds() {
        var manifests = PlanWriter.manifests(dev);
        String ini = String.valueOf(map(manifests.get("configmap-dbos-pgbouncer-config.yaml").get("data")).get("pgbouncer.ini"));
        assertTrue(ini.matches("(?s).*pool_mode\\s*=\\s*session.*"), ini);
        assertTrue(ini.contains(String.valueOf(dev.exports().get("databaseAddress"))), ini);
        assertEquals(Plan.SECRET, manifests.get("secret-dbos-pgbouncer-userlist.yaml").get("stringData"));
        var container = map(list(at(deployment(dev, "pgbouncer"), "spec", "template", "spec", "containers")).get(0));
        assertTrue(map(container.get("readinessProbe")).containsKey("tcpSocket"));
        assertTrue(manifests.containsKey("poddisruptionbudget-dbos-pgbouncer.yaml"), "dev runs two poolers: a drain keeps one");
    }

    @Test
    void withoutAnAppImageOnlyTheRepositoriesAreCreated() {
        var overrides = new HashMap<String, String>();
        overrides.put("dbos-conductor:appImage", null);
        overrides.put("dbos-conductor:migrateImage", null);
        Plan bare = TestStacks.synth("dev", overrides, HOST);
        assertEquals(2, bare.ofType("aws:ecr/repository:Repository").size());
        assertTrue(bare.ofType("kubernetes:keda.sh/v1alpha1:ScaledObject").isEmpty());
        assertTrue(bare.ofType("kubernetes:apps/v1:Deployment").stream().noneMatch(d ->
                List.of("dbos-app", "pgbouncer").contains(String.valueOf(at(d, "metadata", "name")))));
        assertTrue(bare.warnings().stream().anyMatch(w -> w.contains("No app image configured")), bare.warnings().toString());
    }
}
