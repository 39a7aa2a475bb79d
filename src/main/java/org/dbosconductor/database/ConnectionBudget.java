package org.dbosconductor.database;

import org.dbosconductor.config.ConfigProblem;
import org.dbosconductor.config.StackConfigReader;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Does the configured app scale fit the database's connections? Pure arithmetic over config values, run before
 * anything is deployed; each {@link Violation} names the config key to change and a value that fits.
 *
 * <h2>What RDS PostgreSQL allows</h2>
 * The default parameter group sets {@code max_connections = LEAST({DBInstanceClassMemory/9531392}, 5000)}
 * (AWS, "Quotas and constraints for Amazon RDS", section "Maximum number of database connections"; the RDS
 * parameter group shows the same default). {@code DBInstanceClassMemory} is the class's memory minus what RDS
 * keeps for the operating system and its own processes. AWS does not publish that reservation, so it is
 * estimated here as {@value #RESERVED_BASE_MIB} MiB + 1/{@value #RESERVED_FRACTION_DIVISOR} of the memory,
 * fitted to published {@code SHOW max_connections} readings of default instances (2 GiB: 198, 4 GiB: 413,
 * 8 GiB: 856, 15.25 GiB: 1660; see {@code ConnectionBudgetTest}) and below each of them by at most 4%: it errs
 * on the safe side (1 GiB gives 82, where the formula without any reservation would give 112). Of those
 * connections, {@value #SUPERUSER_RESERVED_CONNECTIONS}
 * ({@code superuser_reserved_connections}) plus {@value #RDS_SUPERUSER_RESERVED_CONNECTIONS}
 * ({@code rds.rds_superuser_reserved_connections}) are kept for superusers and {@code rds_superuser}
 * (AWS knowledge center, "remaining connection slots are reserved"), so the roles of this platform get
 * {@code max_connections - 5}.
 *
 * <h2>Memory per class</h2>
 * From AWS, "Hardware specifications for DB instance classes" (Amazon RDS User Guide), for the classes a user
 * would plausibly pick; any other class is reported as unknown rather than guessed:
 * <table>
 * <caption>Memory in GiB</caption>
 * <tr><th>Family</th><th>micro</th><th>small</th><th>medium</th><th>large</th><th>xlarge</th><th>2xlarge</th><th>4xlarge</th></tr>
 * <tr><td>db.t3, db.t4g</td><td>1</td><td>2</td><td>4</td><td>8</td><td>16</td><td>32</td><td>-</td></tr>
 * <tr><td>db.m5, db.m6g, db.m6i, db.m7g</td><td>-</td><td>-</td><td>-</td><td>8</td><td>16</td><td>32</td><td>64</td></tr>
 * <tr><td>db.r5, db.r6g, db.r6i, db.r7g</td><td>-</td><td>-</td><td>-</td><td>16</td><td>32</td><td>64</td><td>128</td></tr>
 * </table>
 *
 * <h2>The rules</h2>
 * <ul>
 * <li>Without PgBouncer every app connection is a server connection:
 *     {@code appMaxReplicas × appDbConnectionsPerPod + other ≤ max_connections - 5}.</li>
 * <li>With PgBouncer the app's connections must fit PgBouncer's clients:
 *     {@code appMaxReplicas × appDbConnectionsPerPod ≤ max_client_conn × pgbouncerReplicas}, and PgBouncer's
 *     server connections the database: {@code pgbouncerReplicas × (default_pool_size + reserve_pool_size) + other
 *     ≤ max_connections - 5}.</li>
 * </ul>
 * "Other" is every other client of the instance (Conductor, Dex, the bootstrap and migration Jobs), given by
 * the caller as {@link OtherClient}s.
 */
public final class ConnectionBudget {
    /** The divisor of RDS PostgreSQL's default {@code max_connections}. */
    public static final long BYTES_PER_CONNECTION = 9_531_392L;
    /** The cap of RDS PostgreSQL's default {@code max_connections}. */
    public static final int MAX_CONNECTIONS_CAP = 5_000;
    /** PostgreSQL's {@code superuser_reserved_connections}, 3 on RDS. */
    public static final int SUPERUSER_RESERVED_CONNECTIONS = 3;
    /** RDS's {@code rds.rds_superuser_reserved_connections}, 2 by default. */
    public static final int RDS_SUPERUSER_RESERVED_CONNECTIONS = 2;
    /** The estimated RDS reservation: this many MiB ... */
    public static final long RESERVED_BASE_MIB = 256;
    /** ... plus the memory divided by this (2%). */
    public static final long RESERVED_FRACTION_DIVISOR = 50;

    /** The config reader's bounds, so a suggested value is one the reader accepts. */
    static final int MIN_CONNECTIONS_PER_POD = 2;
    static final int MAX_PGBOUNCER_REPLICAS = 10;
    static final int MIN_MAX_CLIENT_CONN = 10;
    static final int MAX_MAX_CLIENT_CONN = 10_000;

    private static final long MIB = 1024L * 1024;
    private static final long GIB = 1024L * MIB;
    private static final Pattern CLASS = Pattern.compile("db\\.([a-z]+)(\\d+)([a-z]*)\\.([0-9a-z]+)");
    /** Instance class → memory in GiB; see the class comment for the source. Insertion order: family, then size. */
    private static final Map<String, Integer> MEMORY_GIB = memoryTable();
    /** The newest family of each kind in the table, for the suggestion that replaces an unknown class. */
    private static final Map<String, String> NEWEST_FAMILY = Map.of("t", "db.t4g", "m", "db.m7g", "r", "db.r7g");

    private ConnectionBudget() {
    }

    private static Map<String, Integer> memoryTable() {
        Map<String, Integer> table = new LinkedHashMap<>();
        for (String family : List.of("db.t3", "db.t4g")) {
            int gib = 1;
            for (String size : List.of("micro", "small", "medium", "large", "xlarge", "2xlarge")) {
                table.put(family + "." + size, gib);
                gib *= 2;
            }
        }
        for (String family : List.of("db.m5", "db.m6g", "db.m6i", "db.m7g", "db.r5", "db.r6g", "db.r6i", "db.r7g")) {
            int gib = family.startsWith("db.m") ? 8 : 16;
            for (String size : List.of("large", "xlarge", "2xlarge", "4xlarge")) {
                table.put(family + "." + size, gib);
                gib *= 2;
            }
        }
        return Collections.unmodifiableMap(table);
    }

    /** Another client of the database instance and the most connections it opens, e.g. ("Conductor", 2 × 10). */
    public record OtherClient(String name, int connections) {
        public OtherClient {
            Objects.requireNonNull(name, "name");
            if (connections < 0) {
                throw new IllegalArgumentException("connections of " + name + " must not be negative: " + connections);
            }
        }
    }

    /**
     * The configured scale.
     *
     * @param instanceClass            {@code dbInstanceClass}
     * @param appMaxReplicas           {@code appMaxReplicas}: the most app pods the scaler runs
     * @param appConnectionsPerPod     {@code appDbConnectionsPerPod}: each pod's pool size
     * @param pgbouncerEnabled         whether the app connects through PgBouncer
     * @param pgbouncerReplicas        PgBouncer pods
     * @param pgbouncerPoolSize        {@code default_pool_size} of each
     * @param pgbouncerReservePoolSize {@code reserve_pool_size} of each
     * @param pgbouncerMaxClientConn   {@code max_client_conn} of each
     * @param otherClients             every other client of the instance
     */
    public record Inputs(
            String instanceClass,
            int appMaxReplicas,
            int appConnectionsPerPod,
            boolean pgbouncerEnabled,
            int pgbouncerReplicas,
            int pgbouncerPoolSize,
            int pgbouncerReservePoolSize,
            int pgbouncerMaxClientConn,
            List<OtherClient> otherClients) {

        public Inputs {
            Objects.requireNonNull(instanceClass, "instanceClass");
            otherClients = List.copyOf(Objects.requireNonNull(otherClients, "otherClients"));
            positive("appMaxReplicas", appMaxReplicas);
            positive("appConnectionsPerPod", appConnectionsPerPod);
            positive("pgbouncerReplicas", pgbouncerReplicas);
            positive("pgbouncerPoolSize", pgbouncerPoolSize);
            if (pgbouncerReservePoolSize < 0) {
                throw new IllegalArgumentException("pgbouncerReservePoolSize must not be negative: " + pgbouncerReservePoolSize);
            }
            positive("pgbouncerMaxClientConn", pgbouncerMaxClientConn);
        }

        private static void positive(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1: " + value);
            }
        }

        /** The most connections the app asks for at full scale. */
        public int appConnections() {
            return Math.multiplyExact(appMaxReplicas, appConnectionsPerPod);
        }

        public int otherConnections() {
            return otherClients.stream().mapToInt(OtherClient::connections).sum();
        }
    }

    /**
     * One way the scale does not fit.
     *
     * @param key            the config key to change, e.g. {@code dbos-conductor:pgbouncerPoolSize}
     * @param value          that key's current value
     * @param suggestedValue a value for it that makes this rule pass (other rules are checked separately)
     * @param expected       what the key's value must be, with the numbers
     * @param message        the problem in one sentence, with the numbers and the alternatives
     */
    public record Violation(String key, String value, String suggestedValue, String expected, String message) {
        /** As a config problem whose fix is {@code pulumi config set <key> <suggestedValue>}. */
        public ConfigProblem toConfigProblem() {
            return new ConfigProblem(key, value, expected + " (" + message + ")", "pulumi config set " + key + " " + suggestedValue);
        }
    }

    /** Every instance class in the memory table, in table order. */
    public static List<String> knownInstanceClasses() {
        return List.copyOf(MEMORY_GIB.keySet());
    }

    /** The class's memory in bytes per AWS's table, or empty for a class the table does not hold. */
    public static OptionalLong memoryBytes(String instanceClass) {
        Integer gib = MEMORY_GIB.get(instanceClass);
        return gib == null ? OptionalLong.empty() : OptionalLong.of(gib * GIB);
    }

    /** The estimated {@code DBInstanceClassMemory}: the memory minus RDS's reservation (see the class comment). */
    public static long estimatedInstanceClassMemory(long memoryBytes) {
        return memoryBytes - RESERVED_BASE_MIB * MIB - memoryBytes / RESERVED_FRACTION_DIVISOR;
    }

    /** RDS PostgreSQL's default {@code max_connections} for an instance with this much memory (estimated). */
    public static int defaultMaxConnectionsForMemory(long memoryBytes) {
        long estimate = Math.max(0, estimatedInstanceClassMemory(memoryBytes)) / BYTES_PER_CONNECTION;
        return (int) Math.min(estimate, MAX_CONNECTIONS_CAP);
    }

    /** RDS PostgreSQL's default {@code max_connections} for the class (estimated), or empty for an unknown class. */
    public static OptionalInt defaultMaxConnections(String instanceClass) {
        OptionalLong memory = memoryBytes(instanceClass);
        return memory.isEmpty() ? OptionalInt.empty() : OptionalInt.of(defaultMaxConnectionsForMemory(memory.getAsLong()));
    }

    /** The connections left for this platform's roles: {@code max_connections} minus the superuser reservations. */
    public static int usableConnections(int maxConnections) {
        return Math.max(0, maxConnections - SUPERUSER_RESERVED_CONNECTIONS - RDS_SUPERUSER_RESERVED_CONNECTIONS);
    }

    /** Every rule the inputs break; empty when the scale fits. */
    public static List<Violation> check(Inputs in) {
        Objects.requireNonNull(in, "inputs");
        List<Violation> violations = new ArrayList<>();
        OptionalInt max = defaultMaxConnections(in.instanceClass());
        if (max.isEmpty()) {
            violations.add(unknownClass(in.instanceClass()));
        }
        if (in.pgbouncerEnabled()) {
            pgbouncerClients(in).ifPresent(violations::add);
            sessionPool(in).ifPresent(violations::add);
            if (max.isPresent()) {
                pgbouncerServers(in, max.getAsInt()).ifPresent(violations::add);
            }
        } else if (max.isPresent()) {
            direct(in, max.getAsInt()).ifPresent(violations::add);
        }
        return List.copyOf(violations);
    }

    // ----------------------------------------------------------------------------------------------------------

    private static Violation unknownClass(String instanceClass) {
        String suggestion = "db.m7g.large";
        Matcher m = CLASS.matcher(instanceClass);
        if (m.matches() && NEWEST_FAMILY.containsKey(m.group(1)) && MEMORY_GIB.containsKey(NEWEST_FAMILY.get(m.group(1)) + "." + m.group(4))) {
            suggestion = NEWEST_FAMILY.get(m.group(1)) + "." + m.group(4);
        }
        String known = "db.t3 and db.t4g (micro to 2xlarge), db.m5, db.m6g, db.m6i and db.m7g (large to 4xlarge),"
                + " db.r5, db.r6g, db.r6i and db.r7g (large to 4xlarge)";
        return new Violation(StackConfigReader.DB_INSTANCE_CLASS, instanceClass, suggestion,
                "an instance class whose memory the connection budget knows: " + known,
                "the connection budget cannot tell how many connections " + instanceClass + " allows (RDS derives max_connections"
                        + " from the class's memory, and " + instanceClass + " is not in its table), so it cannot check that the app's"
                        + " scale fits; choose a listed class such as " + suggestion);
    }

    /** Without PgBouncer: every app connection is a server connection. */
    private static Optional<Violation> direct(Inputs in, int maxConnections) {
        int usable = usableConnections(maxConnections);
        int other = in.otherConnections();
        long need = (long) in.appConnections() + other;
        if (need <= usable) {
            return Optional.empty();
        }
        String problem = replicasTimes(in) + " = " + in.appConnections() + " plus " + others(in) + " = " + need
                + " exceed the " + usable + " connections " + limit(in.instanceClass(), maxConnections);
        int perPod = (usable - other) / in.appMaxReplicas();
        String biggerClass = smallestFittingClass(in.instanceClass(), need);
        String alternatives = "or set " + StackConfigReader.PGBOUNCER_ENABLED + " true"
                + (biggerClass == null ? "" : ", or use " + biggerClass);
        if (perPod >= MIN_CONNECTIONS_PER_POD) {
            return Optional.of(new Violation(StackConfigReader.APP_DB_CONNECTIONS_PER_POD, String.valueOf(in.appConnectionsPerPod()),
                    String.valueOf(perPod),
                    "at most " + perPod + " connections per pod, so that " + in.appMaxReplicas() + " app replicas × " + perPod
                            + " + " + other + " other fit in " + usable,
                    problem + "; lower " + StackConfigReader.APP_DB_CONNECTIONS_PER_POD + " to " + perPod + ", " + alternatives));
        }
        if (biggerClass != null) {
            return Optional.of(new Violation(StackConfigReader.DB_INSTANCE_CLASS, in.instanceClass(), biggerClass,
                    "an instance class with at least " + need + " connections for non-superusers, such as " + biggerClass,
                    problem + "; use " + biggerClass + " or set " + StackConfigReader.PGBOUNCER_ENABLED + " true"));
        }
        return Optional.of(new Violation(StackConfigReader.PGBOUNCER_ENABLED, "false", "true",
                "true: no " + family(in.instanceClass()) + " class gives " + need + " direct connections",
                problem + "; put PgBouncer in front (" + StackConfigReader.PGBOUNCER_ENABLED + " true) or lower "
                        + StackConfigReader.APP_MAX_REPLICAS));
    }

    /** With PgBouncer: the app's connections must fit PgBouncer's clients. */
    /**
     * Session mode (which DBOS needs) gives each connected client a server connection for its whole
     * session: app connections beyond the pool wait, then are dropped after query_wait_timeout.
     */
    private static Optional<Violation> sessionPool(Inputs in) {
        int perReplica = in.pgbouncerPoolSize() + in.pgbouncerReservePoolSize();
        long capacity = (long) perReplica * in.pgbouncerReplicas();
        int need = in.appConnections();
        if (need <= capacity) {
            return Optional.empty();
        }
        int suggested = Math.max(1, ceilDiv(need, in.pgbouncerReplicas()) - in.pgbouncerReservePoolSize());
        return Optional.of(new Violation(StackConfigReader.PGBOUNCER_POOL_SIZE, String.valueOf(in.pgbouncerPoolSize()),
                String.valueOf(suggested),
                "at least " + suggested + ", so that " + in.pgbouncerReplicas() + " × (" + suggested + " + reserve "
                        + in.pgbouncerReservePoolSize() + ") ≥ " + need,
                replicasTimes(in) + " = " + need + " exceed PgBouncer's server pool " + in.pgbouncerReplicas() + " × ("
                        + in.pgbouncerPoolSize() + " + reserve " + in.pgbouncerReservePoolSize() + ") = " + capacity
                        + ": in session mode every app connection holds a server connection; raise "
                        + StackConfigReader.PGBOUNCER_POOL_SIZE + " or " + StackConfigReader.PGBOUNCER_REPLICAS + ", or lower "
                        + StackConfigReader.APP_MAX_REPLICAS + " or " + StackConfigReader.APP_DB_CONNECTIONS_PER_POD));
    }

    private static Optional<Violation> pgbouncerClients(Inputs in) {
        long capacity = (long) in.pgbouncerMaxClientConn() * in.pgbouncerReplicas();
        int need = in.appConnections();
        if (need <= capacity) {
            return Optional.empty();
        }
        String problem = replicasTimes(in) + " = " + need + " exceed PgBouncer's max_client_conn " + in.pgbouncerMaxClientConn()
                + (in.pgbouncerReplicas() == 1 ? "" : " × " + in.pgbouncerReplicas() + " replicas = " + capacity);
        int perReplica = ceilDiv(need, in.pgbouncerReplicas());
        if (perReplica <= MAX_MAX_CLIENT_CONN) {
            int suggested = Math.max(perReplica, MIN_MAX_CLIENT_CONN);
            return Optional.of(new Violation(StackConfigReader.PGBOUNCER_MAX_CLIENT_CONNECTIONS,
                    String.valueOf(in.pgbouncerMaxClientConn()), String.valueOf(suggested),
                    "at least " + suggested + " per PgBouncer replica, so that " + in.pgbouncerReplicas() + " × " + suggested + " ≥ " + need,
                    problem + "; raise " + StackConfigReader.PGBOUNCER_MAX_CLIENT_CONNECTIONS + " to " + suggested
                            + ", or lower " + StackConfigReader.APP_MAX_REPLICAS + " or " + StackConfigReader.APP_DB_CONNECTIONS_PER_POD));
        }
        int replicas = ceilDiv(need, in.pgbouncerMaxClientConn());
        if (replicas <= MAX_PGBOUNCER_REPLICAS) {
            return Optional.of(new Violation(StackConfigReader.PGBOUNCER_REPLICAS, String.valueOf(in.pgbouncerReplicas()),
                    String.valueOf(replicas),
                    "at least " + replicas + " replicas, so that " + replicas + " × " + in.pgbouncerMaxClientConn() + " ≥ " + need,
                    problem + "; run " + replicas + " PgBouncer replicas, or lower " + StackConfigReader.APP_MAX_REPLICAS
                            + " or " + StackConfigReader.APP_DB_CONNECTIONS_PER_POD));
        }
        int perPod = (int) Math.max(1, (long) MAX_MAX_CLIENT_CONN * MAX_PGBOUNCER_REPLICAS / in.appMaxReplicas());
        return Optional.of(new Violation(StackConfigReader.APP_DB_CONNECTIONS_PER_POD, String.valueOf(in.appConnectionsPerPod()),
                String.valueOf(perPod),
                "at most " + perPod + " connections per pod: even " + MAX_PGBOUNCER_REPLICAS + " PgBouncer replicas × "
                        + MAX_MAX_CLIENT_CONN + " clients cannot take " + need,
                problem + "; lower " + StackConfigReader.APP_DB_CONNECTIONS_PER_POD + " or " + StackConfigReader.APP_MAX_REPLICAS));
    }

    /** With PgBouncer: its server connections (pool + reserve per replica) and the other clients must fit the database. */
    private static Optional<Violation> pgbouncerServers(Inputs in, int maxConnections) {
        int usable = usableConnections(maxConnections);
        int other = in.otherConnections();
        int perReplica = in.pgbouncerPoolSize() + in.pgbouncerReservePoolSize();
        long need = (long) in.pgbouncerReplicas() * perReplica + other;
        if (need <= usable) {
            return Optional.empty();
        }
        String problem = in.pgbouncerReplicas() + " PgBouncer replica" + (in.pgbouncerReplicas() == 1 ? "" : "s") + " × (pool "
                + in.pgbouncerPoolSize() + " + reserve " + in.pgbouncerReservePoolSize() + ") = " + (long) in.pgbouncerReplicas() * perReplica
                + " plus " + others(in) + " = " + need + " exceed the " + usable + " connections " + limit(in.instanceClass(), maxConnections);
        int pool = (usable - other) / in.pgbouncerReplicas() - in.pgbouncerReservePoolSize();
        String biggerClass = smallestFittingClass(in.instanceClass(), need);
        if (pool >= 1) {
            return Optional.of(new Violation(StackConfigReader.PGBOUNCER_POOL_SIZE, String.valueOf(in.pgbouncerPoolSize()),
                    String.valueOf(pool),
                    "at most " + pool + ", so that " + in.pgbouncerReplicas() + " × (" + pool + " + " + in.pgbouncerReservePoolSize()
                            + ") + " + other + " other fit in " + usable,
                    problem + "; lower " + StackConfigReader.PGBOUNCER_POOL_SIZE + " to " + pool
                            + (in.pgbouncerReplicas() > 1 ? ", or lower " + StackConfigReader.PGBOUNCER_REPLICAS : "")
                            + (biggerClass == null ? "" : ", or use " + biggerClass)));
        }
        if (biggerClass != null) {
            return Optional.of(new Violation(StackConfigReader.DB_INSTANCE_CLASS, in.instanceClass(), biggerClass,
                    "an instance class with at least " + need + " connections for non-superusers, such as " + biggerClass,
                    problem + "; use " + biggerClass));
        }
        int replicas = Math.max(1, (usable - other) / (1 + in.pgbouncerReservePoolSize()));
        return Optional.of(new Violation(StackConfigReader.PGBOUNCER_REPLICAS, String.valueOf(in.pgbouncerReplicas()),
                String.valueOf(replicas),
                "fewer PgBouncer replicas: no " + family(in.instanceClass()) + " class gives " + need + " connections",
                problem + "; run fewer PgBouncer replicas or fewer other clients"));
    }

    /** The smallest class of the same family (e.g. db.t4g) whose usable connections reach {@code need}, or null. */
    private static String smallestFittingClass(String instanceClass, long need) {
        String family = family(instanceClass);
        return MEMORY_GIB.keySet().stream()
                .filter(c -> family(c).equals(family))
                .filter(c -> usableConnections(defaultMaxConnections(c).orElse(0)) >= need)
                .findFirst()
                .orElse(null);
    }

    private static String family(String instanceClass) {
        int dot = instanceClass.lastIndexOf('.');
        return dot < 0 ? instanceClass : instanceClass.substring(0, dot);
    }

    private static String replicasTimes(Inputs in) {
        return in.appMaxReplicas() + " app replica" + (in.appMaxReplicas() == 1 ? "" : "s") + " × " + in.appConnectionsPerPod()
                + " connection" + (in.appConnectionsPerPod() == 1 ? "" : "s");
    }

    private static String others(Inputs in) {
        if (in.otherClients().isEmpty()) {
            return "0 for other clients";
        }
        return in.otherConnections() + " for other clients (" + in.otherClients().stream()
                .map(c -> c.name() + " " + c.connections()).collect(Collectors.joining(", ")) + ")";
    }

    private static String limit(String instanceClass, int maxConnections) {
        int reserved = SUPERUSER_RESERVED_CONNECTIONS + RDS_SUPERUSER_RESERVED_CONNECTIONS;
        return instanceClass + " leaves for non-superusers (default max_connections ≈ " + maxConnections + " − " + reserved
                + " reserved for superusers and rds_superuser)";
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
