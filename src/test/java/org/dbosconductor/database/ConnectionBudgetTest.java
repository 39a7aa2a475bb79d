package org.dbosconductor.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.dbosconductor.config.ConfigProblem;
import org.dbosconductor.config.StackConfigReader;
import org.dbosconductor.database.ConnectionBudget.Inputs;
import org.dbosconductor.database.ConnectionBudget.OtherClient;
import org.dbosconductor.database.ConnectionBudget.Violation;
import org.junit.jupiter.api.Test;

/**
 * {@link ConnectionBudget}: the memory table against max_connections values known independently of it, then each
 * rule passing and failing, each failure's suggestion shown to fix its rule, and an unknown class.
 */
class ConnectionBudgetTest {
    private static final long GIB = 1024L * 1024 * 1024;
    private static final List<OtherClient> OTHERS = List.of(new OtherClient("Conductor", 10), new OtherClient("Dex", 2));

    /**
     * {@code SHOW max_connections} on default RDS PostgreSQL instances, by memory, as published in
     * https://gist.github.com/guizmaii/1cacffef793c2ba9645083c3e18b3d8c ("The default formula use by AWS RDS to
     * calculate the max_connections"): db.t2.small (2 GiB) 198, db.t2.medium (4 GiB) 413, db.t2.large and db.m4.large
     * (8 GiB) 856, db.r4.large (15.25 GiB) 1660. The formula depends only on the memory, so they hold for every
     * class of that memory. The estimate must never be above a reading (the budget must not promise connections
     * RDS will not give) and at most 4% below it.
     */
    private static final Map<Long, Integer> OBSERVED = Map.of(
            2 * GIB, 198,
            4 * GIB, 413,
            8 * GIB, 856,
            15 * GIB + GIB / 4, 1660);

    @Test
    void theEstimateIsConservativeAndCloseToPublishedReadings() {
        OBSERVED.forEach((memory, observed) -> {
            int estimate = ConnectionBudget.defaultMaxConnectionsForMemory(memory);
            assertTrue(estimate <= observed && estimate >= observed * 0.96,
                    () -> memory / (double) GIB + " GiB: estimate " + estimate + ", RDS reports " + observed);
        });
    }

    @Test
    void theMemoryTableGivesKnownMaxConnectionsPerClass() {
        // Upper bounds: LEAST(memory / 9531392, 5000) with nothing reserved (AWS's formula over the nominal memory
        // of "Hardware specifications for DB instance classes"): 1 GiB → 112, 8 GiB → 901.
        assertBetween("db.t4g.micro", 81, 112);
        assertBetween("db.t3.micro", 81, 112);
        assertBetween("db.t4g.small", 192, 198);
        assertBetween("db.t4g.medium", 400, 413);
        assertBetween("db.m7g.large", 840, 901);
        assertBetween("db.m5.large", 840, 856);
        assertBetween("db.r7g.large", 1700, 1762);
        assertBetween("db.m6i.2xlarge", 3450, 3604);
        // 64 GiB and more: capped.
        assertEquals(OptionalInt.of(5000), ConnectionBudget.defaultMaxConnections("db.r6g.2xlarge"));
        assertEquals(OptionalInt.of(5000), ConnectionBudget.defaultMaxConnections("db.m7g.4xlarge"));
        assertEquals(8 * GIB, ConnectionBudget.memoryBytes("db.m6g.large").orElseThrow());
        assertEquals(128 * GIB, ConnectionBudget.memoryBytes("db.r5.4xlarge").orElseThrow());
        assertEquals(32 * GIB, ConnectionBudget.memoryBytes("db.t3.2xlarge").orElseThrow());
        assertEquals(2 * 6 + 8 * 4, ConnectionBudget.knownInstanceClasses().size());
        assertEquals(77, ConnectionBudget.usableConnections(82), "3 superuser + 2 rds_superuser reserved");
    }

    private static void assertBetween(String instanceClass, int low, int high) {
        int max = ConnectionBudget.defaultMaxConnections(instanceClass).orElseThrow();
        assertTrue(max >= low && max <= high, () -> instanceClass + ": " + max + " not in [" + low + ", " + high + "]");
    }

    // Without PgBouncer ------------------------------------------------------------------------------------------

    @Test
    void directConnectionsThatFitPass() {
        // db.t4g.medium ≈ 413 − 5 = 408 usable: 5 × 10 + 12 = 62.
        assertEquals(List.of(), ConnectionBudget.check(direct("db.t4g.medium", 5, 10)));
        // db.t4g.micro: 6 × 10 + 12 = 72 of 77.
        assertEquals(List.of(), ConnectionBudget.check(direct("db.t4g.micro", 6, 10)));
    }

    @Test
    void tooManyDirectConnectionsBlameConnectionsPerPod() {
        Inputs in = direct("db.t4g.micro", 10, 20);
        Violation v = only(ConnectionBudget.check(in));
        assertEquals(StackConfigReader.APP_DB_CONNECTIONS_PER_POD, v.key());
        assertEquals("20", v.value());
        assertEquals("6", v.suggestedValue(), v::toString); // (77 − 12) / 10
        assertTrue(v.message().startsWith("10 app replicas × 20 connections = 200 plus 12 for other clients (Conductor 10, Dex 2) = 212"
                + " exceed the 77 connections db.t4g.micro leaves for non-superusers"), v.message());
        assertTrue(v.message().contains("pgbouncerEnabled true") && v.message().contains("db.t4g.medium"), v.message());
        assertFixes(in, v);
    }

    @Test
    void theOtherClientsCountAgainstTheDirectBudget() {
        // 7 × 10 = 70 fits the 77 alone, but not with Conductor's and Dex's 12.
        Inputs in = direct("db.t4g.micro", 7, 10);
        Violation v = only(ConnectionBudget.check(in));
        assertEquals("9", v.suggestedValue(), v::toString); // (77 − 12) / 7
        assertFixes(in, v);
        assertEquals(List.of(), ConnectionBudget.check(new Inputs("db.t4g.micro", 7, 10, false, 1, 20, 5, 200, List.of())));
    }

    @Test
    void directConnectionsThatNeedMoreThanAPodCanGiveUpBlameTheInstanceClass() {
        Inputs in = direct("db.t4g.micro", 50, 10); // 512 needed; (77 − 12) / 50 = 1 per pod is below the minimum 2
        Violation v = only(ConnectionBudget.check(in));
        assertEquals(StackConfigReader.DB_INSTANCE_CLASS, v.key());
        assertEquals("db.t4g.large", v.suggestedValue(), v::toString); // ≈ 855 − 5 ≥ 512; db.t4g.medium's 408 is not
        assertFixes(in, v);
    }

    @Test
    void directConnectionsNoClassOfTheFamilyCanTakeAskForPgBouncer() {
        Inputs in = direct("db.t4g.micro", 100, 100); // 10 012 > db.t4g.2xlarge's ≈ 3 500
        Violation v = only(ConnectionBudget.check(in));
        assertEquals(StackConfigReader.PGBOUNCER_ENABLED, v.key());
        assertEquals("true", v.suggestedValue());
    }

    // With PgBouncer --------------------------------------------------------------------------------------------

    @Test
    void aScaleThatFitsPgBouncerAndTheDatabasePasses() {
        // Clients: 5 × 10 = 50 ≤ 200 × 2. Servers: 2 × (20 + 5) + 12 = 62 ≤ 77.
        assertEquals(List.of(), ConnectionBudget.check(pooled("db.t4g.micro", 5, 10, 2, 20, 5, 200)));
        assertEquals(List.of(), ConnectionBudget.check(pooled("db.m7g.large", 10, 20, 2, 100, 20, 1000)));
    }

    @Test
    void moreAppConnectionsThanPgBouncerTakesBlameMaxClientConn() {
        Inputs in = pooled("db.m7g.large", 10, 20, 1, 200, 5, 100);
        Violation v = only(ConnectionBudget.check(in));
        assertEquals(StackConfigReader.PGBOUNCER_MAX_CLIENT_CONNECTIONS, v.key());
        assertEquals("100", v.value());
        assertEquals("200", v.suggestedValue());
        assertTrue(v.message().startsWith("10 app replicas × 20 connections = 200 exceed PgBouncer's max_client_conn 100;"), v.message());
        assertFixes(in, v);

        Inputs two = pooled("db.m7g.large", 10, 20, 2, 100, 5, 60);
        Violation perReplica = only(ConnectionBudget.check(two));
        assertEquals("100", perReplica.suggestedValue(), perReplica::toString);
        assertTrue(perReplica.message().contains("max_client_conn 60 × 2 replicas = 120"), perReplica.message());
        assertFixes(two, perReplica);
    }

    @Test
    void moreAppConnectionsThanMaxClientConnCanReachAskForReplicas() {
        Inputs in = pooled("db.r7g.4xlarge", 200, 100, 1, 20, 5, 5000); // 20 000: one replica would need 20 000 > 10 000
        Violation v = ConnectionBudget.check(in).stream().filter(x -> x.key().equals(StackConfigReader.PGBOUNCER_REPLICAS))
                .findFirst().orElseThrow();
        assertEquals("4", v.suggestedValue());
        // So many sessions cannot fit any database either: the session-pool rule reports that separately.
        assertTrue(ConnectionBudget.check(in).stream().anyMatch(x -> x.message().contains("in session mode")));
    }

    @Test
    void pgbouncerPoolsThatOverflowTheDatabaseBlameThePoolSize() {
        Inputs in = pooled("db.t4g.micro", 5, 10, 3, 20, 5, 200); // 3 × 25 + 12 = 87 > 77
        Violation v = only(ConnectionBudget.check(in));
        assertEquals(StackConfigReader.PGBOUNCER_POOL_SIZE, v.key());
        assertEquals("20", v.value());
        assertEquals("16", v.suggestedValue(), v::toString); // (77 − 12) / 3 − 5
        assertTrue(v.message().startsWith("3 PgBouncer replicas × (pool 20 + reserve 5) = 75 plus 12 for other clients"
                + " (Conductor 10, Dex 2) = 87 exceed the 77 connections db.t4g.micro leaves for non-superusers"
                + " (default max_connections ≈ 82 − 5 reserved for superusers and rds_superuser)"), v.message());
        assertFixes(in, v);
    }

    @Test
    void otherClientsThatLeaveNoRoomForAPoolBlameTheInstanceClass() {
        Inputs in = new Inputs("db.t4g.micro", 5, 10, true, 2, 20, 5, 200, List.of(new OtherClient("Conductor", 70)));
        Violation v = only(ConnectionBudget.check(in));
        assertEquals(StackConfigReader.DB_INSTANCE_CLASS, v.key());
        assertEquals("db.t4g.small", v.suggestedValue(), v::toString); // 120 needed; ≈ 192 − 5
        assertFixes(in, v);
    }

    @Test
    void bothPgBouncerRulesAreReportedTogether() {
        List<Violation> all = ConnectionBudget.check(pooled("db.t4g.micro", 10, 20, 3, 20, 5, 50));
        assertEquals(List.of(StackConfigReader.PGBOUNCER_MAX_CLIENT_CONNECTIONS, StackConfigReader.PGBOUNCER_POOL_SIZE,
                        StackConfigReader.PGBOUNCER_POOL_SIZE),
                all.stream().map(Violation::key).toList());
    }

    @Test
    void sessionModeNeedsAServerConnectionPerAppConnection() {
        // Clients: 10 × 10 = 100 ≤ 200, servers: 25 + 12 fit, but 100 sessions need 100 server connections, not 25.
        Inputs in = pooled("db.m7g.large", 10, 10, 1, 20, 5, 200);
        Violation v = only(ConnectionBudget.check(in));
        assertEquals(StackConfigReader.PGBOUNCER_POOL_SIZE, v.key());
        assertEquals("95", v.suggestedValue());
        assertTrue(v.message().startsWith("10 app replicas × 10 connections = 100 exceed PgBouncer's server pool 1 × (20 + reserve 5) = 25"), v.message());
        assertFixes(in, v);
    }

    // Unknown classes and the config problem --------------------------------------------------------------------

    @Test
    void anUnknownClassIsAProblemNotAGuess() {
        assertTrue(ConnectionBudget.defaultMaxConnections("db.r8g.large").isEmpty());
        assertTrue(ConnectionBudget.memoryBytes("db.x2g.large").isEmpty());
        Violation r8g = only(ConnectionBudget.check(direct("db.r8g.large", 5, 10)));
        assertEquals(StackConfigReader.DB_INSTANCE_CLASS, r8g.key());
        assertEquals("db.r8g.large", r8g.value());
        assertEquals("db.r7g.large", r8g.suggestedValue(), "the same size of the newest known family of the same kind");
        assertTrue(r8g.message().contains("cannot tell how many connections db.r8g.large allows"), r8g.message());
        assertEquals("db.m7g.large", only(ConnectionBudget.check(direct("db.x2g.large", 5, 10))).suggestedValue());
        assertEquals("db.t4g.micro", only(ConnectionBudget.check(direct("db.t2.micro", 5, 10))).suggestedValue());
        // With PgBouncer the client rule needs no class and is still checked.
        List<Violation> both = ConnectionBudget.check(pooled("db.r8g.large", 10, 20, 1, 200, 5, 100));
        assertEquals(List.of(StackConfigReader.DB_INSTANCE_CLASS, StackConfigReader.PGBOUNCER_MAX_CLIENT_CONNECTIONS),
                both.stream().map(Violation::key).toList());
    }

    @Test
    void aViolationBecomesAConfigProblemWithThePulumiFix() {
        Violation v = only(ConnectionBudget.check(pooled("db.t4g.micro", 5, 10, 3, 20, 5, 200)));
        ConfigProblem problem = v.toConfigProblem();
        assertEquals("dbos-conductor:pgbouncerPoolSize", problem.key());
        assertEquals("20", problem.value());
        assertEquals("pulumi config set dbos-conductor:pgbouncerPoolSize 16", problem.fix());
        assertTrue(problem.message().startsWith("dbos-conductor:pgbouncerPoolSize = \"20\": expected at most 16, so that 3 × (16 + 5)"
                + " + 12 other fit in 77 (3 PgBouncer replicas × (pool 20 + reserve 5) = 75"), problem.message());
    }

    @Test
    void nonsenseInputsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> direct("db.t4g.micro", 0, 10));
        assertThrows(IllegalArgumentException.class, () -> pooled("db.t4g.micro", 1, 10, 1, 20, -1, 100));
        assertThrows(IllegalArgumentException.class, () -> new OtherClient("Dex", -2));
        assertFalse(ConnectionBudget.check(direct("db.t4g.micro", 1, 2)).iterator().hasNext());
    }

    // -----------------------------------------------------------------------------------------------------------

    private static Inputs direct(String instanceClass, int replicas, int perPod) {
        return new Inputs(instanceClass, replicas, perPod, false, 1, 20, 5, 200, OTHERS);
    }

    private static Inputs pooled(String instanceClass, int replicas, int perPod, int bouncers, int pool, int reserve, int maxClients) {
        return new Inputs(instanceClass, replicas, perPod, true, bouncers, pool, reserve, maxClients, OTHERS);
    }

    private static Violation only(List<Violation> violations) {
        assertEquals(1, violations.size(), violations::toString);
        return violations.get(0);
    }

    /** Applying the suggestion must make the check pass (each test's inputs break one rule only). */
    private static void assertFixes(Inputs in, Violation v) {
        String s = v.suggestedValue();
        Inputs fixed;
        if (v.key().equals(StackConfigReader.APP_DB_CONNECTIONS_PER_POD)) {
            fixed = new Inputs(in.instanceClass(), in.appMaxReplicas(), Integer.parseInt(s), in.pgbouncerEnabled(), in.pgbouncerReplicas(),
                    in.pgbouncerPoolSize(), in.pgbouncerReservePoolSize(), in.pgbouncerMaxClientConn(), in.otherClients());
        } else if (v.key().equals(StackConfigReader.DB_INSTANCE_CLASS)) {
            fixed = new Inputs(s, in.appMaxReplicas(), in.appConnectionsPerPod(), in.pgbouncerEnabled(), in.pgbouncerReplicas(),
                    in.pgbouncerPoolSize(), in.pgbouncerReservePoolSize(), in.pgbouncerMaxClientConn(), in.otherClients());
        } else if (v.key().equals(StackConfigReader.PGBOUNCER_MAX_CLIENT_CONNECTIONS)) {
            fixed = new Inputs(in.instanceClass(), in.appMaxReplicas(), in.appConnectionsPerPod(), in.pgbouncerEnabled(), in.pgbouncerReplicas(),
                    in.pgbouncerPoolSize(), in.pgbouncerReservePoolSize(), Integer.parseInt(s), in.otherClients());
        } else if (v.key().equals(StackConfigReader.PGBOUNCER_REPLICAS)) {
            fixed = new Inputs(in.instanceClass(), in.appMaxReplicas(), in.appConnectionsPerPod(), in.pgbouncerEnabled(), Integer.parseInt(s),
                    in.pgbouncerPoolSize(), in.pgbouncerReservePoolSize(), in.pgbouncerMaxClientConn(), in.otherClients());
        } else if (v.key().equals(StackConfigReader.PGBOUNCER_POOL_SIZE)) {
            fixed = new Inputs(in.instanceClass(), in.appMaxReplicas(), in.appConnectionsPerPod(), in.pgbouncerEnabled(), in.pgbouncerReplicas(),
                    Integer.parseInt(s), in.pgbouncerReservePoolSize(), in.pgbouncerMaxClientConn(), in.otherClients());
        } else {
            throw new AssertionError("no way to apply " + v);
        }
        assertEquals(List.of(), ConnectionBudget.check(fixed), () -> "the suggestion " + v.key() + " = " + s + " does not fix " + v.message());
    }
}
