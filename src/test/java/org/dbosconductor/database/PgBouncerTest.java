package org.dbosconductor.database;

import static org.dbosconductor.database.BootstrapSql.APP_DATABASE;
import static org.dbosconductor.database.BootstrapSql.APP_ROLE;
import static org.dbosconductor.database.BootstrapSql.DEX_ROLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

import org.dbosconductor.database.PgBouncerConfig.ServerTls;
import org.dbosconductor.database.PgBouncerConfig.Settings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@link PgBouncerConfig} rendered, then run by a real {@code pgbouncer} (Debian's package) in front of a real
 * PostgreSQL ({@link LocalPostgres}) bootstrapped by {@link BootstrapSql}, everything on 127.0.0.1 on free ports
 * (never Debian's own pgbouncer service on 6432). As root, pgbouncer runs as the {@code postgres} system user
 * (it refuses root) from a temp dir that user owns. Clients are the real {@code psql} and, for startup
 * parameters, a hand-written startup packet.
 *
 * <p>Rows: (a) {@code dbos_app_role} queries through PgBouncer; (b) LISTEN on one connection, NOTIFY from another,
 * the notification arrives, and the control row shows transaction pooling loses it (why session mode is fixed);
 * (c) the admin console (a stats user, test only) reports session mode, the pool sizes and every rendered
 * setting; (d) with {@code max_client_conn = N} the N+1th concurrent client is refused. The pure rows check the
 * production rendering ({@code server_tls_sslmode = require}) and the input validation without any server.
 */
class PgBouncerTest {
    static final String HOST = LocalPostgres.HOST;
    /** The RDS master user: CREATEDB, CREATEROLE, not a superuser; runs the bootstrap script. */
    private static final String ADMIN = Database.ADMIN_USERNAME;
    private static final String ADMIN_PASSWORD = "AdminPassw0rd";
    /** A double quote, spaces, a single quote and a backslash: userlist.txt's doubled-quote escaping must carry them. */
    private static final String APP_PASSWORD = "app\"Pass 'x\\1 end";
    private static final String STATS_USER = "pgb_stats";
    private static final String STATS_PASSWORD = "stats\"Passw0rd";
    private static final String CHANNEL = "dbos_workflow_events";
    private static final String PAYLOAD = "hello-through-pgbouncer";
    private static final String NOTIFICATION = "Asynchronous notification \"" + CHANNEL + "\" with payload \"" + PAYLOAD + "\"";
    private static final int POOL_SIZE = 4;
    private static final int RESERVE_POOL_SIZE = 2;
    private static final int MAX_CLIENT_CONN = 12;
    private static final String PGBOUNCER_PROPERTY = "pgbouncer.bin";
    private static final String SYSTEM_USER = "postgres";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(20);

    /** The production rendering for a typical RDS endpoint, the example in the report and the README. */
    private static final Settings PRODUCTION = Settings.forApp(6432,
            "dbos-conductor-db.c0ffee123456.us-west-2.rds.amazonaws.com", 5432, APP_DATABASE, 20, 200, "/auth/userlist.txt");

    private static Env env;
    private static Throwable envFailure;

    // ---------------------------------------------------------------------------------------------------------
    // Rows against the real pgbouncer

    @Test
    void theAppRoleQueriesThroughPgBouncer() {
        Env e = env();
        LocalPostgres.Result r = psql(e.session.port, APP_ROLE, APP_PASSWORD, APP_DATABASE,
                "-A", "-t", "-c", "SELECT current_user, current_database(), current_setting('application_name')");
        assertEquals(0, r.exitCode(), r::toString);
        String[] row = r.stdout().trim().split("\\|");
        assertEquals(APP_ROLE, row[0], r::toString);
        assertEquals(APP_DATABASE, row[1], r::toString);
        // application_name_add_host = 1: PgBouncer appends the client's address and port.
        assertTrue(row[2].startsWith("pgbouncer-test - " + HOST + ":"), r::toString);
    }

    @Test
    void aWrongPasswordOrARoleMissingFromTheUserlistIsRefused() {
        Env e = env();
        LocalPostgres.Result wrong = psql(e.session.port, APP_ROLE, "not the password", APP_DATABASE, "-c", "SELECT 1");
        assertNotEquals(0, wrong.exitCode(), wrong::toString);
        // PgBouncer runs the SCRAM exchange itself ("SASL authentication failed" in 1.18).
        assertTrue(wrong.stderr().contains("authentication failed"), wrong::toString);
        // dex_role logs in to PostgreSQL with this password (bootstrap), but PgBouncer only knows the roles in userlist.txt.
        LocalPostgres.Result unknown = psql(e.session.port, DEX_ROLE, "dexPassw0rd", APP_DATABASE, "-c", "SELECT 1");
        assertNotEquals(0, unknown.exitCode(), unknown::toString);
        assertTrue(unknown.stderr().contains("authentication failed"), unknown::toString);
    }

    @Test
    void listenOnOneConnectionReceivesNotifyFromAnotherThroughPgBouncer() {
        Env e = env();
        NotifyRun run = listenThenNotify(e.session.port, Duration.ofSeconds(10));
        assertTrue(run.delivered(), () -> "the LISTEN connection did not get the notification through PgBouncer in session mode\n"
                + run + "\n--- pgbouncer log\n" + e.session.log());
        assertFalse(run.sender().stdout().contains("Asynchronous notification"), run::toString);
    }

    /** The control: the same exchange through transaction pooling loses the notification (why session mode is fixed). */
    @Test
    void transactionPoolingLosesTheNotificationWhichIsWhySessionModeIsFixed() {
        Env e = env();
        Settings settings = e.settings.withConsoleUsers(List.of(), List.of());
        try (Bouncer transaction = Bouncer.start(e.pgbouncer, "transaction", settings, ini -> {
            String changed = ini.replace("\npool_mode = session\n", "\npool_mode = transaction\n");
            assertNotEquals(ini, changed, "the rendered ini has no `pool_mode = session` line to replace");
            return changed;
        }, PgBouncerConfig.userlist(APP_ROLE, APP_PASSWORD))) {
            NotifyRun run = listenThenNotify(transaction.port, Duration.ofSeconds(3));
            assertFalse(run.delivered(), () -> "transaction pooling delivered the notification: the LISTEN/NOTIFY row"
                    + " would not tell the pool modes apart\n" + run);
        }
    }

    @Test
    void theConsoleReportsSessionModeThePoolSizesAndEveryRenderedSetting() {
        Env e = env();
        // A pool exists once the app role has logged in.
        assertEquals(0, psql(e.session.port, APP_ROLE, APP_PASSWORD, APP_DATABASE, "-c", "SELECT 1").exitCode());

        Map<String, String> config = new HashMap<>();
        for (Map<String, String> row : show(e.session.port, "CONFIG")) {
            config.put(row.get("key"), row.get("value"));
        }
        assertEquals("session", config.get("pool_mode"), config::toString);
        assertEquals(String.valueOf(POOL_SIZE), config.get("default_pool_size"));
        assertEquals(String.valueOf(RESERVE_POOL_SIZE), config.get("reserve_pool_size"));
        assertEquals(String.valueOf(MAX_CLIENT_CONN), config.get("max_client_conn"));
        assertEquals("scram-sha-256", config.get("auth_type"));
        assertEquals("DISCARD ALL", config.get("server_reset_query"));
        // Every key the renderer writes is a key PgBouncer knows, holding the rendered value.
        Map<String, String> rendered = section(e.session.ini, "pgbouncer");
        assertTrue(rendered.size() >= 25, rendered::toString);
        rendered.forEach((key, value) -> assertEquals(value, config.get(key),
                () -> "pgbouncer reports " + key + " = " + config.get(key) + ", the ini says " + value));

        Map<String, String> database = show(e.session.port, "DATABASES").stream()
                .filter(row -> APP_DATABASE.equals(row.get("name"))).findFirst()
                .orElseGet(() -> fail("SHOW DATABASES has no " + APP_DATABASE));
        assertEquals(HOST, database.get("host"), database::toString);
        assertEquals(String.valueOf(e.pg.port()), database.get("port"), database::toString);
        assertEquals(APP_DATABASE, database.get("database"), database::toString);
        assertEquals(String.valueOf(POOL_SIZE), database.get("pool_size"), database::toString);
        assertEquals(String.valueOf(RESERVE_POOL_SIZE), database.get("reserve_pool"), database::toString);
        assertEquals(String.valueOf(POOL_SIZE + RESERVE_POOL_SIZE), database.get("max_connections"), database::toString);

        Map<String, String> pool = show(e.session.port, "POOLS").stream()
                .filter(row -> APP_DATABASE.equals(row.get("database")) && APP_ROLE.equals(row.get("user"))).findFirst()
                .orElseGet(() -> fail("SHOW POOLS has no pool for " + APP_ROLE + " in " + APP_DATABASE));
        assertEquals("session", pool.get("pool_mode"), pool::toString);
    }

    @Test
    void theStatsUserMayOnlyLook() {
        Env e = env();
        LocalPostgres.Result pause = psql(e.session.port, STATS_USER, STATS_PASSWORD, "pgbouncer", "-c", "PAUSE");
        assertNotEquals(0, pause.exitCode(), pause::toString);
        assertTrue(pause.stderr().contains("admin access needed"), pause::toString);
    }

    @Test
    void theClientAfterMaxClientConnIsRefusedAndGetsInOnceOneLeaves() {
        Env e = env();
        int n = 3;
        Settings settings = e.settings.withMaxClientConn(n).withConsoleUsers(List.of(), List.of());
        try (Bouncer bouncer = Bouncer.start(e.pgbouncer, "max-client-conn", settings, UnaryOperator.identity(),
                PgBouncerConfig.userlist(APP_ROLE, APP_PASSWORD))) {
            List<Session> holders = new ArrayList<>();
            try {
                for (int i = 0; i < n; i++) {
                    Session holder = new Session(bouncer.port, APP_ROLE, APP_PASSWORD, APP_DATABASE);
                    holders.add(holder);
                    holder.send("\\echo holder-" + i + "-connected");
                    assertTrue(holder.await("holder-" + i + "-connected", Duration.ofSeconds(10)),
                            () -> "client " + holders.size() + " of " + n + " did not get in: " + holder.output() + "\n" + bouncer.log());
                }
                LocalPostgres.Result extra = psql(bouncer.port, APP_ROLE, APP_PASSWORD, APP_DATABASE, "-c", "SELECT 1");
                assertNotEquals(0, extra.exitCode(), () -> "client " + (n + 1) + " got in past max_client_conn = " + n + ": " + extra);
                assertTrue(extra.stderr().contains("no more connections allowed (max_client_conn)"), extra::toString);

                Session first = holders.get(0);
                first.send("SELECT 'still-' || 'served';");
                assertTrue(first.await("still-served", Duration.ofSeconds(10)), first::output);
                first.close();
                LocalPostgres.Result later = null;
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (System.nanoTime() < deadline) {
                    later = psql(bouncer.port, APP_ROLE, APP_PASSWORD, APP_DATABASE, "-c", "SELECT 1");
                    if (later.ok()) {
                        break;
                    }
                    sleep(100);
                }
                LocalPostgres.Result last = later;
                assertTrue(last != null && last.ok(), () -> "once a client left, the next one still could not get in: " + last);
            } finally {
                holders.forEach(Session::close);
            }
        }
    }

    @Test
    void driversStartupParameterExtraFloatDigitsIsIgnoredOthersAreRefused() {
        Env e = env();
        // What pgJDBC sends: PgBouncer must answer with an authentication request, not an error.
        Reply jdbc = startup(e.session.port, Map.of("user", APP_ROLE, "database", APP_DATABASE, "extra_float_digits", "3"));
        assertEquals('R', jdbc.type(), jdbc::toString);
        assertTrue(jdbc.text().contains("SCRAM-SHA-256"), jdbc::toString);
        // Control: a parameter PgBouncer neither tracks nor was told to ignore.
        Reply other = startup(e.session.port, Map.of("user", APP_ROLE, "database", APP_DATABASE, "search_path", "dbos"));
        assertEquals('E', other.type(), other::toString);
        assertTrue(other.text().contains("unsupported startup parameter"), other::toString);
    }

    @Test
    void theUserlistMayHoldTheServersScramSecretInsteadOfThePassword() {
        Env e = env();
        String secret = e.pg.superuser("postgres", "SELECT rolpassword FROM pg_authid WHERE rolname = '" + APP_ROLE + "'").trim();
        assertTrue(secret.startsWith("SCRAM-SHA-256$"), secret);
        Settings settings = e.settings.withConsoleUsers(List.of(), List.of());
        try (Bouncer bouncer = Bouncer.start(e.pgbouncer, "scram-secret", settings, UnaryOperator.identity(),
                PgBouncerConfig.userlist(APP_ROLE, secret))) {
            LocalPostgres.Result r = psql(bouncer.port, APP_ROLE, APP_PASSWORD, APP_DATABASE, "-A", "-t", "-c", "SELECT current_user");
            assertEquals(0, r.exitCode(), () -> r + "\n--- pgbouncer log\n" + bouncer.log());
            assertEquals(APP_ROLE, r.stdout().trim());
            LocalPostgres.Result wrong = psql(bouncer.port, APP_ROLE, "not the password", APP_DATABASE, "-c", "SELECT 1");
            assertNotEquals(0, wrong.exitCode(), wrong::toString);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Pure rows: the rendering and its validation, no server needed

    @Test
    void productionRenderingIsSessionModeScramAndTlsRequired() {
        String ini = PgBouncerConfig.ini(PRODUCTION);
        assertEquals("""
                ; pgbouncer.ini rendered by org.dbosconductor.database.PgBouncerConfig; do not edit by hand.
                ; Session pooling: DBOS LISTENs for notifications, which only reach the client that owns the server session.

                [databases]
                ; No user= here: PgBouncer logs in to PostgreSQL as the client's own role, with the userlist.txt password.
                dbos_app = host=dbos-conductor-db.c0ffee123456.us-west-2.rds.amazonaws.com port=5432 dbname=dbos_app

                [pgbouncer]
                ; Logs go to stderr (no logfile, no pidfile): the container runtime collects them. TCP only.
                listen_addr = 0.0.0.0
                listen_port = 6432
                unix_socket_dir =
                ; Never transaction or statement: LISTEN/NOTIFY and session state need the client's own server connection.
                pool_mode = session
                server_reset_query = DISCARD ALL
                server_reset_query_always = 0
                ; At most default_pool_size + reserve_pool_size server connections per PgBouncer (the connection budget).
                max_client_conn = 200
                default_pool_size = 20
                min_pool_size = 0
                reserve_pool_size = 5
                reserve_pool_timeout = 5
                max_db_connections = 25
                ; Clients: SCRAM against userlist.txt (plain-text passwords or the server's SCRAM secrets).
                auth_type = scram-sha-256
                auth_file = /auth/userlist.txt
                admin_users =
                stats_users =
                ignore_startup_parameters = extra_float_digits
                application_name_add_host = 1
                ; Inside the cluster clients connect in plain TCP; to PostgreSQL, TLS as configured.
                client_tls_sslmode = disable
                server_tls_sslmode = require
                ; client_idle_timeout stays 0: DBOS's LISTEN connection is idle by design and must not be cut.
                ; dns_max_ttl: an RDS Multi-AZ failover moves the endpoint's DNS name; re-resolve within seconds.
                server_idle_timeout = 600
                server_lifetime = 3600
                client_idle_timeout = 0
                query_wait_timeout = 120
                dns_max_ttl = 15
                tcp_keepalive = 1
                """, ini);
        assertEquals(ini, PgBouncerConfig.ini(Settings.forApp(6432,
                "dbos-conductor-db.c0ffee123456.us-west-2.rds.amazonaws.com", 5432, APP_DATABASE, 20, 200, "/auth/userlist.txt")),
                "equal settings must render byte-for-byte equal text");
        Map<String, String> keys = section(ini, "pgbouncer");
        assertEquals("require", keys.get("server_tls_sslmode"));
        assertEquals("session", keys.get("pool_mode"));
        assertEquals(25, PRODUCTION.maxServerConnections());
    }

    @Test
    void verifyModesNeedACaFileAndRenderIt() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> PRODUCTION.withServerTls(ServerTls.VERIFY_FULL, null));
        assertTrue(missing.getMessage().contains("serverTlsCaFile"), missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PRODUCTION.withServerTls(ServerTls.REQUIRE, "/etc/ssl/rds.pem"));
        String ini = PgBouncerConfig.ini(PRODUCTION.withServerTls(ServerTls.VERIFY_FULL, "/etc/rds/global-bundle.pem"));
        assertTrue(ini.contains("\nserver_tls_sslmode = verify-full\nserver_tls_ca_file = /etc/rds/global-bundle.pem\n"), ini);
    }

    @Test
    void userlistLinesQuoteBothFieldsAndDoubleInnerQuotes() {
        assertEquals("\"dbos_app_role\" \"plain\"\n", PgBouncerConfig.userlist(APP_ROLE, "plain"));
        assertEquals("\"dbos_app_role\" \"app\"\"Pass 'x\\1 end\"\n", PgBouncerConfig.userlist(APP_ROLE, APP_PASSWORD));
        String scram = "SCRAM-SHA-256$4096:c2FsdHNhbHQ=$c3RvcmVkS2V5:c2VydmVyS2V5";
        assertEquals("\"dbos_app_role\" \"" + scram + "\"\n", PgBouncerConfig.userlist(APP_ROLE, scram));
    }

    @Test
    void injectionAndNonsenseAreRefusedWithTheSettingNamed() {
        List<Map.Entry<String, Runnable>> bad = List.of(
                Map.entry("upstreamHost", () -> new Settings("0.0.0.0", 6432, "db.example.com\nadmin_users = x", 5432, APP_DATABASE,
                        APP_DATABASE, 20, 5, 5, 200, ServerTls.REQUIRE, null, "/auth/userlist.txt", List.of(), List.of(), List.of(),
                        600, 3600, 0, 120, true)),
                Map.entry("database", () -> Settings.forApp(6432, "db.example.com", 5432, "dbos\"app", 20, 200, "/auth/userlist.txt")),
                Map.entry("database", () -> Settings.forApp(6432, "db.example.com", 5432, "pgbouncer", 20, 200, "/auth/userlist.txt")),
                Map.entry("authFile", () -> Settings.forApp(6432, "db.example.com", 5432, APP_DATABASE, 20, 200, "/auth/user list.txt")),
                Map.entry("authFile", () -> Settings.forApp(6432, "db.example.com", 5432, APP_DATABASE, 20, 200, "auth/userlist.txt")),
                Map.entry("defaultPoolSize", () -> Settings.forApp(6432, "db.example.com", 5432, APP_DATABASE, 0, 200, "/auth/userlist.txt")),
                Map.entry("listenPort", () -> Settings.forApp(70000, "db.example.com", 5432, APP_DATABASE, 20, 200, "/auth/userlist.txt")),
                Map.entry("statsUsers", () -> PRODUCTION.withConsoleUsers(List.of(), List.of("ops,admin"))),
                Map.entry("adminUsers", () -> PRODUCTION.withConsoleUsers(List.of("ops\nauth_type = trust"), List.of())));
        for (Map.Entry<String, Runnable> row : bad) {
            String setting = row.getKey();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, row.getValue()::run, setting);
            assertTrue(e.getMessage().contains(setting), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "a message must show a newline escaped: " + e.getMessage());
        }
        IllegalArgumentException host = assertThrows(IllegalArgumentException.class,
                () -> Settings.forApp(6432, "db.example.com\nx", 5432, APP_DATABASE, 20, 200, "/auth/userlist.txt"));
        assertTrue(host.getMessage().contains("\"db.example.com\\nx\""), host.getMessage());

        IllegalArgumentException user = assertThrows(IllegalArgumentException.class, () -> PgBouncerConfig.userlist("app\" \"x", "pw"));
        assertTrue(user.getMessage().contains("user"), user.getMessage());
        IllegalArgumentException newline = assertThrows(IllegalArgumentException.class,
                () -> PgBouncerConfig.userlist(APP_ROLE, "secret\n\"other\" \"pw\""));
        assertTrue(newline.getMessage().contains("control character"), newline.getMessage());
        assertFalse(newline.getMessage().contains("secret"), "the password must never appear in a message: " + newline.getMessage());
        IllegalArgumentException md5 = assertThrows(IllegalArgumentException.class,
                () -> PgBouncerConfig.userlist(APP_ROLE, "md5" + "0123456789abcdef0123456789abcdef"));
        assertTrue(md5.getMessage().contains("MD5"), md5.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PgBouncerConfig.userlist(APP_ROLE, ""));
        assertThrows(IllegalArgumentException.class, () -> PgBouncerConfig.userlist(APP_ROLE, null));
    }

    // ---------------------------------------------------------------------------------------------------------
    // The environment: PostgreSQL, bootstrapped, and the main pgbouncer; started on first use

    private record Env(LocalPostgres pg, Path pgbouncer, Settings settings, Bouncer session) {
    }

    private static synchronized Env env() {
        if (envFailure != null) {
            fail("the PostgreSQL + PgBouncer environment did not start (see the first failing row): " + envFailure.getMessage(), envFailure);
        }
        if (env == null) {
            LocalPostgres pg = null;
            try {
                Path pgbouncer = pgbouncerBinary();
                pg = LocalPostgres.start();
                pg.superuser("postgres", "CREATE ROLE " + ADMIN + " LOGIN CREATEDB CREATEROLE NOSUPERUSER PASSWORD '" + ADMIN_PASSWORD + "'");
                Path script = pg.writeFile("bootstrap.sql", BootstrapSql.script());
                Map<String, String> noEnv = new HashMap<>();
                noEnv.put(BootstrapSql.CONDUCTOR_PASSWORD_ENV, null);
                noEnv.put(BootstrapSql.APP_PASSWORD_ENV, null);
                noEnv.put(BootstrapSql.DEX_PASSWORD_ENV, null);
                LocalPostgres.Result bootstrap = pg.psql(ADMIN, ADMIN_PASSWORD, "postgres", noEnv, "-v", "ON_ERROR_STOP=1",
                        "-v", BootstrapSql.CONDUCTOR_PASSWORD_VAR + "=conductorPassw0rd",
                        "-v", BootstrapSql.APP_PASSWORD_VAR + "=" + APP_PASSWORD,
                        "-v", BootstrapSql.DEX_PASSWORD_VAR + "=dexPassw0rd",
                        "-f", script.toString());
                if (!bootstrap.ok()) {
                    fail("bootstrap.sql failed: " + bootstrap);
                }
                // Upstream = the test server, without TLS (it has none); production renders `require`.
                Settings settings = Settings.forApp(PgBouncerConfig.DEFAULT_LISTEN_PORT, HOST, pg.port(), APP_DATABASE,
                                POOL_SIZE, MAX_CLIENT_CONN, "/placeholder/userlist.txt")
                        .withPool(POOL_SIZE, RESERVE_POOL_SIZE)
                        .withServerTls(ServerTls.DISABLE, null)
                        .withConsoleUsers(List.of(), List.of(STATS_USER));
                Bouncer session = Bouncer.start(pgbouncer, "session", settings, UnaryOperator.identity(),
                        PgBouncerConfig.userlist(APP_ROLE, APP_PASSWORD) + PgBouncerConfig.userlist(STATS_USER, STATS_PASSWORD));
                env = new Env(pg, pgbouncer, settings, session);
                System.out.println("PgBouncerTest: " + pgbouncerVersion(pgbouncer) + " in front of PostgreSQL server_version_num "
                        + pg.serverVersionNum());
            } catch (RuntimeException | Error e) {
                envFailure = e;
                if (pg != null) {
                    pg.close();
                }
                throw e;
            }
        }
        return env;
    }

    @AfterAll
    static void stopEverything() {
        if (env != null) {
            try {
                env.session.close();
            } finally {
                env.pg.close();
                env = null;
            }
        }
    }

    /** The pgbouncer binary, or a failed test saying how to install it. */
    private static Path pgbouncerBinary() {
        String override = System.getProperty(PGBOUNCER_PROPERTY, "").trim();
        List<Path> candidates = new ArrayList<>();
        if (!override.isEmpty()) {
            candidates.add(Path.of(override));
        }
        candidates.add(Path.of("/usr/sbin/pgbouncer"));
        candidates.add(Path.of("/usr/bin/pgbouncer"));
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, "pgbouncer"));
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst()
                .orElseGet(() -> fail("PgBouncer is not installed (no pgbouncer in /usr/sbin, /usr/bin or PATH): run"
                        + " `apt-get install pgbouncer` (scripts/test.sh installs it) to prove the PgBouncer configuration"
                        + " against a real pooler"));
    }

    private static String pgbouncerVersion(Path binary) {
        LocalPostgres.Result r = LocalPostgres.run(new ProcessBuilder(binary.toString(), "--version"), Duration.ofSeconds(10));
        return r.stdout().lines().findFirst().orElse("pgbouncer (version unknown)");
    }

    // ---------------------------------------------------------------------------------------------------------
    // LISTEN/NOTIFY through a pooler

    private record NotifyRun(boolean delivered, String listenerOutput, LocalPostgres.Result sender) {
        @Override
        public String toString() {
            return "--- listener (psql reading commands from a pipe)\n" + listenerOutput + "--- NOTIFY sender\n" + sender;
        }
    }

    /**
     * One connection LISTENs and then idles, as DBOS's notification connection does; another connection NOTIFYs;
     * the listener then polls (psql only reads the socket when it runs a command) until {@code wait} passes.
     */
    private static NotifyRun listenThenNotify(int port, Duration wait) {
        try (Session listener = new Session(port, APP_ROLE, APP_PASSWORD, APP_DATABASE)) {
            listener.send("LISTEN " + CHANNEL + ";");
            listener.send("\\echo listening");
            assertTrue(listener.await("listening", Duration.ofSeconds(10)), listener::output);
            LocalPostgres.Result sender = psql(port, APP_ROLE, APP_PASSWORD, APP_DATABASE,
                    "-c", "NOTIFY " + CHANNEL + ", '" + PAYLOAD + "'");
            assertEquals(0, sender.exitCode(), sender::toString);
            long deadline = System.nanoTime() + wait.toNanos();
            int poll = 0;
            while (System.nanoTime() < deadline) {
                listener.send("SELECT 'poll " + poll++ + "';");
                if (listener.await(NOTIFICATION, Duration.ofMillis(250))) {
                    return new NotifyRun(true, listener.output(), sender);
                }
            }
            return new NotifyRun(false, listener.output(), sender);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // The admin console

    /** {@code SHOW <what>} as the stats user, one map per row keyed by column name. */
    private static List<Map<String, String>> show(int port, String what) {
        LocalPostgres.Result r = psql(port, STATS_USER, STATS_PASSWORD, "pgbouncer", "-A", "-F", "|", "-P", "footer=off", "-c", "SHOW " + what);
        assertEquals(0, r.exitCode(), r::toString);
        List<String> lines = r.stdout().lines().toList();
        assertFalse(lines.isEmpty(), r::toString);
        String[] header = lines.get(0).split("\\|", -1);
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split("\\|", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], i < cells.length ? cells[i] : "");
            }
            rows.add(row);
        }
        return rows;
    }

    /** The {@code key = value} lines of one ini section (comments and blank lines skipped). */
    private static Map<String, String> section(String ini, String name) {
        Map<String, String> keys = new LinkedHashMap<>();
        String current = null;
        for (String line : ini.lines().toList()) {
            if (line.startsWith("[") && line.endsWith("]")) {
                current = line.substring(1, line.length() - 1);
            } else if (name.equals(current) && !line.isBlank() && !line.startsWith(";") && !line.startsWith("#")) {
                int eq = line.indexOf('=');
                assertTrue(eq > 0, "not a key = value line: " + line);
                String key = line.substring(0, eq).trim();
                assertFalse(keys.containsKey(key), "key " + key + " rendered twice");
                keys.put(key, line.substring(eq + 1).trim());
            }
        }
        return keys;
    }

    // ---------------------------------------------------------------------------------------------------------
    // A startup packet by hand (psql cannot send arbitrary startup parameters)

    private record Reply(char type, String text) {
    }

    /** Sends a protocol 3.0 StartupMessage and returns the first reply message's type and printable body. */
    private static Reply startup(int port, Map<String, String> parameters) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 5_000);
            socket.setSoTimeout(10_000);
            var body = new ByteArrayOutputStream();
            var data = new DataOutputStream(body);
            data.writeInt(196_608); // protocol 3.0
            for (Map.Entry<String, String> p : new java.util.TreeMap<>(parameters).entrySet()) {
                data.write((p.getKey() + "\0" + p.getValue() + "\0").getBytes(StandardCharsets.UTF_8));
            }
            data.write(0);
            OutputStream out = socket.getOutputStream();
            var packet = new DataOutputStream(out);
            packet.writeInt(body.size() + 4);
            packet.write(body.toByteArray());
            packet.flush();
            var in = new DataInputStream(socket.getInputStream());
            char type = (char) in.readUnsignedByte();
            int length = in.readInt();
            byte[] payload = in.readNBytes(Math.max(0, Math.min(length - 4, 65_536)));
            return new Reply(type, new String(payload, StandardCharsets.UTF_8).replace('\0', '|'));
        } catch (IOException e) {
            throw new UncheckedIOException("startup packet to 127.0.0.1:" + port, e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Processes

    /** One pgbouncer process from a rendered ini, in its own temp dir, on a free port. */
    static final class Bouncer implements AutoCloseable {
        final int port;
        final String ini;
        private final Path dir;
        private final Process process;

        private Bouncer(int port, String ini, Path dir, Process process) {
            this.port = port;
            this.ini = ini;
            this.dir = dir;
            this.process = process;
        }

        /**
         * Renders {@code settings} with this instance's port and auth file, lets {@code edit} change the text (only
         * the control row does), writes the ini and the userlist, and starts pgbouncer in the foreground.
         */
        static Bouncer start(Path binary, String name, Settings settings, UnaryOperator<String> edit, String userlist) {
            Path dir;
            try {
                dir = Files.createTempDirectory("pgbouncer-test-" + name + "-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            int port = LocalPostgres.freePort();
            String ini = "";
            Process process = null;
            boolean started = false;
            try {
                ini = edit.apply(PgBouncerConfig.ini(settings.withListen(HOST, port).withAuthFile(dir.resolve("userlist.txt").toString())));
                Path iniFile = Files.writeString(dir.resolve("pgbouncer.ini"), ini);
                Path userlistFile = Files.writeString(dir.resolve("userlist.txt"), userlist);
                Files.setPosixFilePermissions(userlistFile, PosixFilePermissions.fromString("rw-------"));
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                List<String> command = new ArrayList<>(dropRootPrefix(dir, List.of(dir, iniFile, userlistFile)));
                command.addAll(List.of(binary.toString(), iniFile.toString()));
                ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("pgbouncer.log").toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                builder.environment().keySet().removeIf(k -> k.startsWith("PG"));
                process = builder.start();
                Bouncer bouncer = new Bouncer(port, ini, dir, process);
                bouncer.awaitListening();
                started = true;
                return bouncer;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                if (!started) {
                    if (process != null) {
                        new Bouncer(port, ini, dir, process).close();
                    } else {
                        LocalPostgres.deleteTree(dir);
                    }
                }
            }
        }

        private void awaitListening() {
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    fail("pgbouncer exited with " + process.exitValue() + " at start-up\n--- pgbouncer.ini\n" + ini + "--- log\n" + log());
                }
                if (log().contains("listening on " + HOST + ":" + port)) {
                    return;
                }
                sleep(50);
            }
            fail("pgbouncer did not listen on " + HOST + ":" + port + " within " + START_TIMEOUT + "\n--- log\n" + log());
        }

        String log() {
            try {
                Path log = dir.resolve("pgbouncer.log");
                return Files.exists(log) ? Files.readString(log) : "(no log)";
            } catch (IOException e) {
                return "(could not read the log: " + e + ")";
            }
        }

        /** SIGTERM, then SIGKILL after a bounded wait; only this process and its own descendants. */
        @Override
        public void close() {
            try {
                List<ProcessHandle> children = process.descendants().toList();
                process.destroy();
                children.forEach(ProcessHandle::destroy);
                if (!waitFor(process.toHandle(), Duration.ofSeconds(5))) {
                    process.destroyForcibly();
                }
                for (ProcessHandle child : children) {
                    if (!waitFor(child, Duration.ofSeconds(2))) {
                        child.destroyForcibly();
                    }
                }
                waitFor(process.toHandle(), Duration.ofSeconds(5));
            } finally {
                LocalPostgres.deleteTree(dir);
            }
        }
    }

    /** An interactive psql reading commands from a pipe, its output collected as it comes. */
    static final class Session implements AutoCloseable {
        private final Process process;
        private final StringBuffer output = new StringBuffer();
        private final OutputStream stdin;

        Session(int port, String user, String password, String database) {
            List<String> command = List.of(LocalPostgres.binaries().resolve("psql").toString(), "-X", "-w", "-q", "-A", "-t",
                    "-h", HOST, "-p", String.valueOf(port), "-U", user, "-d", database);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            clientEnvironment(builder.environment(), password);
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not run " + command, e);
            }
            stdin = process.getOutputStream();
            Thread reader = new Thread(() -> {
                try (InputStream in = process.getInputStream()) {
                    byte[] buffer = new byte[4096];
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    output.append("(read failed: ").append(e).append(")");
                }
            }, "psql-session-reader");
            reader.setDaemon(true);
            reader.start();
        }

        void send(String line) {
            try {
                stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                stdin.flush();
            } catch (IOException e) {
                fail("psql session is gone (" + e + "): " + output);
            }
        }

        boolean await(String text, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            do {
                if (output.indexOf(text) >= 0) {
                    return true;
                }
                sleep(20);
            } while (System.nanoTime() < deadline);
            return output.indexOf(text) >= 0;
        }

        String output() {
            return output.toString();
        }

        @Override
        public void close() {
            try {
                stdin.close();
            } catch (IOException e) {
                // already gone
            }
            if (!waitFor(process.toHandle(), Duration.ofSeconds(5))) {
                process.destroyForcibly();
                waitFor(process.toHandle(), Duration.ofSeconds(5));
            }
        }
    }

    /** psql through PgBouncer (or anything on 127.0.0.1:port), password from PGPASSWORD only. */
    private static LocalPostgres.Result psql(int port, String user, String password, String database, String... args) {
        List<String> command = new ArrayList<>(List.of(LocalPostgres.binaries().resolve("psql").toString(), "-X", "-w", "-q",
                "-h", HOST, "-p", String.valueOf(port), "-U", user, "-d", database));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        clientEnvironment(builder.environment(), password);
        return LocalPostgres.run(builder, CLIENT_TIMEOUT);
    }

    private static void clientEnvironment(Map<String, String> environment, String password) {
        environment.keySet().removeIf(k -> k.startsWith("PG"));
        environment.put("PGPASSWORD", password);
        environment.put("PGPASSFILE", "/nonexistent/pgpass");
        environment.put("PGSSLMODE", "disable");
        environment.put("PGCONNECT_TIMEOUT", "5");
        environment.put("PGAPPNAME", "pgbouncer-test");
    }

    /**
     * Empty when not root. As root: hands {@code paths} to the postgres system user and returns the prefix that
     * runs a command as that user ({@code setpriv} execs, so the pgbouncer process is the one this test holds).
     */
    private static List<String> dropRootPrefix(Path dir, List<Path> paths) throws IOException {
        if (!LocalPostgres.runningAsRoot()) {
            return List.of();
        }
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal owner = users.lookupPrincipalByName(SYSTEM_USER);
        GroupPrincipal group = users.lookupPrincipalByGroupName(SYSTEM_USER);
        for (Path p : paths) {
            PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
            view.setOwner(owner);
            view.setGroup(group);
        }
        for (String setpriv : List.of("/usr/bin/setpriv", "/bin/setpriv")) {
            if (Files.isExecutable(Path.of(setpriv))) {
                return List.of(setpriv, "--reuid=" + SYSTEM_USER, "--regid=" + SYSTEM_USER, "--init-groups");
            }
        }
        for (String runuser : List.of("/usr/sbin/runuser", "/sbin/runuser")) {
            if (Files.isExecutable(Path.of(runuser))) {
                return List.of(runuser, "-u", SYSTEM_USER, "--");
            }
        }
        return fail("running as root, and neither setpriv nor runuser (util-linux) is there to run pgbouncer as '" + SYSTEM_USER
                + "' (pgbouncer refuses to run as root)");
    }

    private static boolean waitFor(ProcessHandle handle, Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return !handle.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        } catch (ExecutionException e) {
            return !handle.isAlive();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
    }
}
