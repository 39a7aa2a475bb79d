package org.dbosconductor.security;

/**
 * PostgreSQL connection URLs. TLS is required: RDS refuses anything else ({@code rds.force_ssl=1}).
 * Passwords are generated from letters and digits only, so they need no URL escaping.
 */
public final class ConnectionUrls {
    private ConnectionUrls() {
    }

    /** A direct connection to RDS: TLS required. */
    public static String postgres(String user, String password, String host, int port, String database) {
        return url(user, password, host, port, database, "sslmode=require");
    }

    /**
     * The app's connection through PgBouncer inside the cluster. The hop to PgBouncer is plain TCP
     * (NetworkPolicies admit only the app); PgBouncer itself talks TLS to RDS. {@code pool_max_conns}
     * caps the app's pgx pool, the figure the connection budget counts per pod.
     */
    public static String pooled(String user, String password, String host, int port, String database, int poolMaxConns) {
        return url(user, password, host, port, database, "sslmode=disable&pool_max_conns=" + poolMaxConns);
    }

    /** A direct connection to RDS with the pgx pool capped, for the app when PgBouncer is off. */
    public static String capped(String user, String password, String host, int port, String database, int poolMaxConns) {
        return url(user, password, host, port, database, "sslmode=require&pool_max_conns=" + poolMaxConns);
    }

    private static String url(String user, String password, String host, int port, String database, String query) {
        if (!password.matches("[A-Za-z0-9]+")) {
            throw new IllegalArgumentException("password for " + user + " must be alphanumeric to go into a URL unescaped");
        }
        return "postgresql://" + user + ":" + password + "@" + host + ":" + port + "/" + database + "?" + query;
    }
}
