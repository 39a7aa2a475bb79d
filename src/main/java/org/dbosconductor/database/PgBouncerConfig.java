package org.dbosconductor.database;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * PgBouncer's two files as data: {@code pgbouncer.ini} (a ConfigMap) and {@code userlist.txt} (a Secret).
 *
 * <p>The pool mode is fixed to {@value #POOL_MODE} and is not a setting: DBOS keeps a connection that
 * {@code LISTEN}s for notifications, and a notification only reaches the client that owns the server session.
 * In transaction mode the server connection goes back to the pool after {@code LISTEN} commits and the
 * notification lands on whichever client holds that server connection next (proven by {@code PgBouncerTest}).
 * In session mode {@code server_reset_query = DISCARD ALL} (which includes {@code UNLISTEN *}) cleans a server
 * connection before another client gets it.
 *
 * <p>Rendering is deterministic: a fixed key order, no timestamps, so the text's hash can roll the pods.
 * Every value is validated first (no newline, quote or separator can reach either file); a bad value is an
 * {@link IllegalArgumentException} naming the setting. Keys and values are valid for PgBouncer 1.18 (Debian 12,
 * the tests) through 1.25 (the CloudNativePG image). The ini format has no trailing comments: {@code ;} or
 * {@code #} only start a comment at the beginning of a line.
 */
public final class PgBouncerConfig {
    /** The only pool mode this project renders; see the class comment. */
    public static final String POOL_MODE = "session";
    public static final String AUTH_TYPE = "scram-sha-256";
    /** PgBouncer's usual port; the Kubernetes Service may expose another. */
    public static final int DEFAULT_LISTEN_PORT = 6432;
    public static final int DEFAULT_POOL_SIZE = 20;
    /** Extra server connections a pool may open after a client waited {@link #DEFAULT_RESERVE_POOL_TIMEOUT_SECONDS}. */
    public static final int DEFAULT_RESERVE_POOL_SIZE = 5;
    public static final int DEFAULT_RESERVE_POOL_TIMEOUT_SECONDS = 5;
    public static final int DEFAULT_MAX_CLIENT_CONN = 200;
    /** Startup parameters drivers send that PgBouncer does not track: pgJDBC sends extra_float_digits. */
    public static final List<String> DEFAULT_IGNORED_STARTUP_PARAMETERS = List.of("extra_float_digits");
    /** The reset PgBouncer runs on a server connection when its session client leaves; also drops LISTENs. */
    public static final String SERVER_RESET_QUERY = "DISCARD ALL";

    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    /** Names PgBouncer accepts unquoted in [databases] (and PostgreSQL unquoted, lower or upper case). */
    private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    /** Role names that need no quoting in userlist.txt, admin_users or stats_users. */
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final Pattern STARTUP_PARAMETER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern FILE_PATH = Pattern.compile("/[A-Za-z0-9._/-]{1,1023}");
    private static final Pattern MD5_HASH = Pattern.compile("md5[0-9a-f]{32}");

    private PgBouncerConfig() {
    }

    /** {@code server_tls_sslmode}: how PgBouncer talks TLS to PostgreSQL. */
    public enum ServerTls {
        /** Plain TCP (tests against a local server without TLS). */
        DISABLE("disable"),
        /** TLS if the server offers it, else plain; certificate not checked. */
        PREFER("prefer"),
        /** TLS or no connection; certificate not checked. RDS's {@code rds.force_ssl=1} needs at least this. */
        REQUIRE("require"),
        /** TLS with the server certificate checked against {@code server_tls_ca_file}. */
        VERIFY_CA("verify-ca"),
        /** As {@link #VERIFY_CA}, and the host name must match the certificate. */
        VERIFY_FULL("verify-full");

        private final String value;

        ServerTls(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }

        boolean verifies() {
            return this == VERIFY_CA || this == VERIFY_FULL;
        }
    }

    /**
     * Everything {@link #ini} writes. Build with {@link #forApp} and adjust with the {@code with...} methods.
     *
     * @param listenAddress             {@code listen_addr}: an IPv4 address, a host name or {@code *}
     * @param listenPort                {@code listen_port}
     * @param upstreamHost              the PostgreSQL host (the RDS endpoint address)
     * @param upstreamPort              its port
     * @param database                  the database name clients ask PgBouncer for
     * @param upstreamDatabase          the PostgreSQL database it maps to
     * @param defaultPoolSize           {@code default_pool_size}: server connections per user/database pool
     * @param reservePoolSize           {@code reserve_pool_size}: extra server connections for waiting clients
     * @param reservePoolTimeoutSeconds {@code reserve_pool_timeout}: how long a client waits before the reserve is used
     * @param maxClientConn             {@code max_client_conn}: client connections, all pools together (console too)
     * @param serverTls                 {@code server_tls_sslmode}
     * @param serverTlsCaFile           {@code server_tls_ca_file}, required for the verify modes, else {@code null}
     * @param authFile                  {@code auth_file}: where {@link #userlist} lines are mounted
     * @param adminUsers                {@code admin_users}: empty in production (nobody may reconfigure it remotely)
     * @param statsUsers                {@code stats_users}: may run {@code SHOW ...} on the console; empty in production
     * @param ignoreStartupParameters   {@code ignore_startup_parameters}
     * @param serverIdleTimeoutSeconds  {@code server_idle_timeout}: close a pooled server connection idle this long
     * @param serverLifetimeSeconds     {@code server_lifetime}: close an unused server connection older than this
     * @param clientIdleTimeoutSeconds  {@code client_idle_timeout}: 0, because DBOS's LISTEN connection idles by design
     * @param queryWaitTimeoutSeconds   {@code query_wait_timeout}: a client waiting longer for a server is disconnected
     * @param applicationNameAddHost    {@code application_name_add_host}: append the client pod's address and port
     */
    public record Settings(
            String listenAddress,
            int listenPort,
            String upstreamHost,
            int upstreamPort,
            String database,
            String upstreamDatabase,
            int defaultPoolSize,
            int reservePoolSize,
            int reservePoolTimeoutSeconds,
            int maxClientConn,
            ServerTls serverTls,
            String serverTlsCaFile,
            String authFile,
            List<String> adminUsers,
            List<String> statsUsers,
            List<String> ignoreStartupParameters,
            int serverIdleTimeoutSeconds,
            int serverLifetimeSeconds,
            int clientIdleTimeoutSeconds,
            int queryWaitTimeoutSeconds,
            boolean applicationNameAddHost) {

        public Settings {
            require(listenAddress != null && ("*".equals(listenAddress) || HOST_NAME.matcher(listenAddress).matches()),
                    "listenAddress", listenAddress, "an IPv4 address, a host name or *");
            port("listenPort", listenPort);
            require(upstreamHost != null && HOST_NAME.matcher(upstreamHost).matches(),
                    "upstreamHost", upstreamHost, "a host name or IPv4 address such as db.abc123.us-west-2.rds.amazonaws.com");
            port("upstreamPort", upstreamPort);
            require(database != null && DATABASE_NAME.matcher(database).matches() && !"pgbouncer".equals(database),
                    "database", database, "a database name of letters, digits and _ (not pgbouncer, the admin console)");
            require(upstreamDatabase != null && DATABASE_NAME.matcher(upstreamDatabase).matches(),
                    "upstreamDatabase", upstreamDatabase, "a database name of letters, digits and _");
            range("defaultPoolSize", defaultPoolSize, 1, 10_000);
            range("reservePoolSize", reservePoolSize, 0, 10_000);
            range("reservePoolTimeoutSeconds", reservePoolTimeoutSeconds, 0, 3_600);
            range("maxClientConn", maxClientConn, 1, 1_000_000);
            require(serverTls != null, "serverTls", null, "a TLS mode");
            if (serverTls.verifies()) {
                require(serverTlsCaFile != null && FILE_PATH.matcher(serverTlsCaFile).matches(), "serverTlsCaFile", serverTlsCaFile,
                        "an absolute path of letters, digits and ._/- (server_tls_sslmode " + serverTls.value() + " checks the certificate)");
            } else {
                require(serverTlsCaFile == null, "serverTlsCaFile", serverTlsCaFile,
                        "no CA file unless serverTls is verify-ca or verify-full");
            }
            require(authFile != null && FILE_PATH.matcher(authFile).matches(), "authFile", authFile,
                    "an absolute path of letters, digits and ._/-");
            adminUsers = names("adminUsers", adminUsers, USER_NAME);
            statsUsers = names("statsUsers", statsUsers, USER_NAME);
            ignoreStartupParameters = names("ignoreStartupParameters", ignoreStartupParameters, STARTUP_PARAMETER);
            range("serverIdleTimeoutSeconds", serverIdleTimeoutSeconds, 0, 86_400);
            range("serverLifetimeSeconds", serverLifetimeSeconds, 0, 86_400 * 7);
            range("clientIdleTimeoutSeconds", clientIdleTimeoutSeconds, 0, 86_400 * 7);
            range("queryWaitTimeoutSeconds", queryWaitTimeoutSeconds, 0, 86_400);
        }

        /**
         * The production settings for the app's database: listen on every IPv4 address, RDS over TLS
         * ({@code require}), SCRAM auth from {@code authFile}, no console users, reserve pool
         * {@value #DEFAULT_RESERVE_POOL_SIZE}.
         */
        public static Settings forApp(int listenPort, String upstreamHost, int upstreamPort, String database,
                                      int poolSize, int maxClientConn, String authFile) {
            return new Settings("0.0.0.0", listenPort, upstreamHost, upstreamPort, database, database,
                    poolSize, DEFAULT_RESERVE_POOL_SIZE, DEFAULT_RESERVE_POOL_TIMEOUT_SECONDS, maxClientConn,
                    ServerTls.REQUIRE, null, authFile, List.of(), List.of(), DEFAULT_IGNORED_STARTUP_PARAMETERS,
                    600, 3600, 0, 120, true);
        }

        public Settings withListen(String address, int port) {
            return new Settings(address, port, upstreamHost, upstreamPort, database, upstreamDatabase, defaultPoolSize,
                    reservePoolSize, reservePoolTimeoutSeconds, maxClientConn, serverTls, serverTlsCaFile, authFile, adminUsers,
                    statsUsers, ignoreStartupParameters, serverIdleTimeoutSeconds, serverLifetimeSeconds, clientIdleTimeoutSeconds,
                    queryWaitTimeoutSeconds, applicationNameAddHost);
        }

        public Settings withPool(int defaultPoolSize, int reservePoolSize) {
            return new Settings(listenAddress, listenPort, upstreamHost, upstreamPort, database, upstreamDatabase, defaultPoolSize,
                    reservePoolSize, reservePoolTimeoutSeconds, maxClientConn, serverTls, serverTlsCaFile, authFile, adminUsers,
                    statsUsers, ignoreStartupParameters, serverIdleTimeoutSeconds, serverLifetimeSeconds, clientIdleTimeoutSeconds,
                    queryWaitTimeoutSeconds, applicationNameAddHost);
        }

        public Settings withMaxClientConn(int maxClientConn) {
            return new Settings(listenAddress, listenPort, upstreamHost, upstreamPort, database, upstreamDatabase, defaultPoolSize,
                    reservePoolSize, reservePoolTimeoutSeconds, maxClientConn, serverTls, serverTlsCaFile, authFile, adminUsers,
                    statsUsers, ignoreStartupParameters, serverIdleTimeoutSeconds, serverLifetimeSeconds, clientIdleTimeoutSeconds,
                    queryWaitTimeoutSeconds, applicationNameAddHost);
        }

        public Settings withServerTls(ServerTls serverTls, String serverTlsCaFile) {
            return new Settings(listenAddress, listenPort, upstreamHost, upstreamPort, database, upstreamDatabase, defaultPoolSize,
                    reservePoolSize, reservePoolTimeoutSeconds, maxClientConn, serverTls, serverTlsCaFile, authFile, adminUsers,
                    statsUsers, ignoreStartupParameters, serverIdleTimeoutSeconds, serverLifetimeSeconds, clientIdleTimeoutSeconds,
                    queryWaitTimeoutSeconds, applicationNameAddHost);
        }

        public Settings withConsoleUsers(List<String> adminUsers, List<String> statsUsers) {
            return new Settings(listenAddress, listenPort, upstreamHost, upstreamPort, database, upstreamDatabase, defaultPoolSize,
                    reservePoolSize, reservePoolTimeoutSeconds, maxClientConn, serverTls, serverTlsCaFile, authFile, adminUsers,
                    statsUsers, ignoreStartupParameters, serverIdleTimeoutSeconds, serverLifetimeSeconds, clientIdleTimeoutSeconds,
                    queryWaitTimeoutSeconds, applicationNameAddHost);
        }

        public Settings withAuthFile(String authFile) {
            return new Settings(listenAddress, listenPort, upstreamHost, upstreamPort, database, upstreamDatabase, defaultPoolSize,
                    reservePoolSize, reservePoolTimeoutSeconds, maxClientConn, serverTls, serverTlsCaFile, authFile, adminUsers,
                    statsUsers, ignoreStartupParameters, serverIdleTimeoutSeconds, serverLifetimeSeconds, clientIdleTimeoutSeconds,
                    queryWaitTimeoutSeconds, applicationNameAddHost);
        }

        /** The most server connections one PgBouncer opens to the database: the pool plus its reserve. */
        public int maxServerConnections() {
            return defaultPoolSize + reservePoolSize;
        }
    }

    /** {@code pgbouncer.ini} for the settings, byte-for-byte the same for equal settings. */
    public static String ini(Settings s) {
        Objects.requireNonNull(s, "settings");
        var ini = new StringBuilder();
        ini.append("; pgbouncer.ini rendered by org.dbosconductor.database.PgBouncerConfig; do not edit by hand.\n")
                .append("; Session pooling: DBOS LISTENs for notifications, which only reach the client that owns the server session.\n")
                .append('\n')
                .append("[databases]\n")
                .append("; No user= here: PgBouncer logs in to PostgreSQL as the client's own role, with the userlist.txt password.\n")
                .append(s.database()).append(" = host=").append(s.upstreamHost()).append(" port=").append(s.upstreamPort())
                .append(" dbname=").append(s.upstreamDatabase()).append('\n')
                .append('\n')
                .append("[pgbouncer]\n")
                .append("; Logs go to stderr (no logfile, no pidfile): the container runtime collects them. TCP only.\n");
        line(ini, "listen_addr", s.listenAddress());
        line(ini, "listen_port", s.listenPort());
        line(ini, "unix_socket_dir", "");
        ini.append("; Never transaction or statement: LISTEN/NOTIFY and session state need the client's own server connection.\n");
        line(ini, "pool_mode", POOL_MODE);
        line(ini, "server_reset_query", SERVER_RESET_QUERY);
        line(ini, "server_reset_query_always", 0);
        ini.append("; At most default_pool_size + reserve_pool_size server connections per PgBouncer (the connection budget).\n");
        line(ini, "max_client_conn", s.maxClientConn());
        line(ini, "default_pool_size", s.defaultPoolSize());
        line(ini, "min_pool_size", 0);
        line(ini, "reserve_pool_size", s.reservePoolSize());
        line(ini, "reserve_pool_timeout", s.reservePoolTimeoutSeconds());
        line(ini, "max_db_connections", s.maxServerConnections());
        ini.append("; Clients: SCRAM against userlist.txt (plain-text passwords or the server's SCRAM secrets).\n");
        line(ini, "auth_type", AUTH_TYPE);
        line(ini, "auth_file", s.authFile());
        line(ini, "admin_users", String.join(",", s.adminUsers()));
        line(ini, "stats_users", String.join(",", s.statsUsers()));
        line(ini, "ignore_startup_parameters", String.join(",", s.ignoreStartupParameters()));
        line(ini, "application_name_add_host", s.applicationNameAddHost() ? 1 : 0);
        ini.append("; Inside the cluster clients connect in plain TCP; to PostgreSQL, TLS as configured.\n");
        line(ini, "client_tls_sslmode", "disable");
        line(ini, "server_tls_sslmode", s.serverTls().value());
        if (s.serverTlsCaFile() != null) {
            line(ini, "server_tls_ca_file", s.serverTlsCaFile());
        }
        ini.append("; client_idle_timeout stays 0: DBOS's LISTEN connection is idle by design and must not be cut.\n")
                .append("; dns_max_ttl: an RDS Multi-AZ failover moves the endpoint's DNS name; re-resolve within seconds.\n");
        line(ini, "server_idle_timeout", s.serverIdleTimeoutSeconds());
        line(ini, "server_lifetime", s.serverLifetimeSeconds());
        line(ini, "client_idle_timeout", s.clientIdleTimeoutSeconds());
        line(ini, "query_wait_timeout", s.queryWaitTimeoutSeconds());
        line(ini, "dns_max_ttl", 15);
        line(ini, "tcp_keepalive", 1);
        return ini.toString();
    }

    /**
     * One {@code userlist.txt} line ({@code "user" "password"}, newline-terminated), per PgBouncer's
     * "Authentication file format": both fields in double quotes, a double quote inside doubled.
     *
     * <p>{@code password} is either the role's plain-text password (PgBouncer then runs SCRAM with clients and
     * logs in to PostgreSQL with it) or the role's SCRAM secret exactly as PostgreSQL stores it
     * ({@code SCRAM-SHA-256$<iterations>:<salt>$<storedkey>:<serverkey>}, same salt and iterations), which only
     * works because clients also use SCRAM and the [databases] entry names no user. An MD5 hash is refused:
     * with {@code auth_type = scram-sha-256} PgBouncer cannot use it.
     */
    public static String userlist(String user, String password) {
        require(user != null && USER_NAME.matcher(user).matches(), "user", user,
                "a role name of letters, digits and _ starting with a letter or _ (at most 63)");
        require(password != null && !password.isEmpty(), "password", null, "a non-empty password or SCRAM secret");
        for (int i = 0; i < password.length(); i++) {
            char c = password.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                // Never echo the password itself.
                throw new IllegalArgumentException("PgBouncer userlist password for " + user
                        + " contains a control character (newline, tab, ...) at index " + i
                        + ": userlist.txt is one line per user, so it cannot hold one");
            }
        }
        if (MD5_HASH.matcher(password).matches()) {
            throw new IllegalArgumentException("PgBouncer userlist password for " + user + " is an MD5 hash:"
                    + " auth_type " + AUTH_TYPE + " needs the plain-text password or the role's SCRAM secret");
        }
        return '"' + user + "\" \"" + password.replace("\"", "\"\"") + "\"\n";
    }

    private static void line(StringBuilder ini, String key, Object value) {
        String text = String.valueOf(value);
        ini.append(key).append(" =").append(text.isEmpty() ? "" : " " + text).append('\n');
    }

    private static void require(boolean ok, String setting, Object value, String expected) {
        if (!ok) {
            throw new IllegalArgumentException("PgBouncer setting " + setting + " = " + describe(value) + ": expected " + expected);
        }
    }

    private static void port(String setting, int value) {
        range(setting, value, 1, 65_535);
    }

    private static void range(String setting, int value, int min, int max) {
        require(value >= min && value <= max, setting, value, "a whole number from " + min + " to " + max);
    }

    private static List<String> names(String setting, List<String> names, Pattern pattern) {
        require(names != null, setting, null, "a list (empty for none)");
        for (String name : names) {
            require(name != null && pattern.matcher(name).matches(), setting, name,
                    "names matching " + pattern.pattern() + " (no commas, quotes, spaces or newlines)");
        }
        return List.copyOf(names);
    }

    /** The bad value for a message, with control characters made visible. */
    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (!(value instanceof String text)) {
            return String.valueOf(value);
        }
        var out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
