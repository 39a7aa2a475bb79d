package org.dbosconductor.security;

/**
 * PostgreSQL connection URLs. TLS is required: RDS refuses anything else ({@code rds.force_ssl=1}).
 * Passwords are generated from letters and digits only, so they need no URL escaping.
 */
public final class ConnectionUrls {
    private ConnectionUrls() {
    }

    public static String postgres(String user, String password, String host, int port, String database) {
        if (!password.matches("[A-Za-z0-9]+")) {
            throw new IllegalArgumentException("password for " + user + " must be alphanumeric to go into a URL unescaped");
        }
        return "postgresql://" + user + ":" + password + "@" + host + ":" + port + "/" + database + "?sslmode=require";
    }
}
