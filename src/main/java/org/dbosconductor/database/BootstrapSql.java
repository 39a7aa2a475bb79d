package org.dbosconductor.database;

import java.util.List;

/**
 * The idempotent psql script that creates the three databases and their three login roles and grants the
 * seed's privilege separation. A Job runs it as the RDS admin ({@code postgres}: CREATEDB, CREATEROLE,
 * {@code rds_superuser}, but not a superuser):
 * <pre>
 * psql -v ON_ERROR_STOP=1 -v conductor_password=... -v app_password=... -v dex_password=... -f bootstrap.sql
 * </pre>
 * A password variable not given with {@code -v} is read from the environment variable of the same name in
 * capitals ({@code CONDUCTOR_PASSWORD}, ...), so the Job may also pass them as env from Secrets only.
 *
 * <p>The privilege model (the admin owns all three databases, so no other role can drop or reconfigure one):
 * <table>
 * <caption>Who may do what</caption>
 * <tr><th>Role</th><th>{@code dbos_conductor}</th><th>{@code dbos_app}</th><th>{@code dex}</th></tr>
 * <tr><td>{@code dbos_conductor_role}</td><td>CONNECT, CREATE, TEMP; USAGE+CREATE on schema public</td><td>-</td><td>-</td></tr>
 * <tr><td>{@code dbos_app_role}</td><td>-</td><td>CONNECT only (table rights come from
 *     {@code dbos migrate --app-role})</td><td>-</td></tr>
 * <tr><td>{@code dex_role}</td><td>-</td><td>-</td><td>CONNECT, CREATE, TEMP; USAGE+CREATE on schema public</td></tr>
 * <tr><td>PUBLIC (any other role)</td><td>-</td><td>-</td><td>-</td></tr>
 * </table>
 * The roles are LOGIN, NOSUPERUSER, NOCREATEDB, NOCREATEROLE, NOREPLICATION, NOBYPASSRLS, members of no
 * role; the script fails rather than run over a role that has drifted into SUPERUSER, REPLICATION,
 * BYPASSRLS or a role membership.
 *
 * <p>Written for PostgreSQL 15 and 16 alike: it never needs membership in the roles it creates (PostgreSQL
 * 16 only grants their creator ADMIN, not SET), and it never names an attribute in ALTER ROLE that only a
 * superuser may change (NOSUPERUSER, NOREPLICATION, NOBYPASSRLS are given at CREATE ROLE only).
 */
public final class BootstrapSql {
    public static final String CONDUCTOR_DATABASE = "dbos_conductor";
    public static final String APP_DATABASE = "dbos_app";
    public static final String DEX_DATABASE = "dex";

    public static final String CONDUCTOR_ROLE = "dbos_conductor_role";
    public static final String APP_ROLE = "dbos_app_role";
    public static final String DEX_ROLE = "dex_role";

    /** psql variables carrying each role's password. */
    public static final String CONDUCTOR_PASSWORD_VAR = "conductor_password";
    public static final String APP_PASSWORD_VAR = "app_password";
    public static final String DEX_PASSWORD_VAR = "dex_password";

    /** Environment variables read (psql 15+ {@code \getenv}) when a password variable is not set with -v. */
    public static final String CONDUCTOR_PASSWORD_ENV = "CONDUCTOR_PASSWORD";
    public static final String APP_PASSWORD_ENV = "APP_PASSWORD";
    public static final String DEX_PASSWORD_ENV = "DEX_PASSWORD";

    /** One database and the login role that uses it. */
    public record Tenant(String database, String role, String passwordVariable, String passwordEnv) {
    }

    public static final Tenant CONDUCTOR = new Tenant(CONDUCTOR_DATABASE, CONDUCTOR_ROLE, CONDUCTOR_PASSWORD_VAR, CONDUCTOR_PASSWORD_ENV);
    public static final Tenant APP = new Tenant(APP_DATABASE, APP_ROLE, APP_PASSWORD_VAR, APP_PASSWORD_ENV);
    public static final Tenant DEX = new Tenant(DEX_DATABASE, DEX_ROLE, DEX_PASSWORD_VAR, DEX_PASSWORD_ENV);
    public static final List<Tenant> TENANTS = List.of(CONDUCTOR, APP, DEX);

    private BootstrapSql() {
    }

    /** The whole script, stable for a given version of this class (its hash names the Job). */
    public static String script() {
        var sql = new StringBuilder();
        sql.append("""
                -- Bootstrap of the DBOS Conductor databases and roles. Idempotent: safe to run again at any time.
                -- Run as the RDS admin (CREATEDB, CREATEROLE; not a superuser), for example:
                --   psql -v ON_ERROR_STOP=1 -v conductor_password=... -v app_password=... -v dex_password=... -f bootstrap.sql
                -- Passwords reach SQL only as psql variables, quoted by psql as literals, never as text in this file.
                -- The connection's sslmode (PGSSLMODE or the URI) is reused by every \\connect below.

                -- Stop at the first error even if the caller forgot -v ON_ERROR_STOP=1: a half-applied bootstrap must fail the Job.
                \\set ON_ERROR_STOP on
                -- Keep query output out of the Job log; only errors and notices remain.
                \\set QUIET on
                \\pset tuples_only on

                """);
        for (Tenant t : TENANTS) {
            sql.append("-- Take the ").append(t.passwordVariable()).append(" password from $").append(t.passwordEnv())
                    .append(" when not given with -v, so a Job can pass it from a Secret without a shell.\n")
                    .append("\\if :{?").append(t.passwordVariable()).append("}\n")
                    .append("\\else\n")
                    .append("\\getenv ").append(t.passwordVariable()).append(' ').append(t.passwordEnv()).append('\n')
                    .append("\\endif\n")
                    .append("-- Refuse to run without it: a role without a password cannot log in.\n")
                    .append("\\if :{?").append(t.passwordVariable()).append("}\n")
                    .append("\\else\n")
                    .append(raise("bootstrap: psql variable " + t.passwordVariable() + " is not set (psql -v "
                            + t.passwordVariable() + "=... or environment variable " + t.passwordEnv() + ")"))
                    .append("\\endif\n\n");
        }
        sql.append("-- An empty password would silently clear the role's password (PostgreSQL only warns): refuse it.\n")
                .append("SELECT ");
        for (int i = 0; i < TENANTS.size(); i++) {
            sql.append(i == 0 ? "" : " OR ").append(':').append('\'').append(TENANTS.get(i).passwordVariable()).append("' = ''");
        }
        sql.append(" AS bootstrap_empty_password \\gset\n")
                .append("\\if :bootstrap_empty_password\n")
                .append(raise("bootstrap: a password variable is empty (" + variableList() + ")"))
                .append("\\endif\n\n");

        sql.append("-- Store SCRAM verifiers whatever the parameter group says (md5 is weak and refused by scram-only servers).\n")
                .append("SET password_encryption = 'scram-sha-256';\n\n");

        for (Tenant t : TENANTS) {
            sql.append("-- CREATE DATABASE cannot run in a transaction or DO block: create ").append(t.database())
                    .append(" only when absent, via \\gexec. The admin owns it, so its tenant cannot drop it.\n")
                    .append("SELECT 'CREATE DATABASE ").append(t.database()).append("'\n")
                    .append(" WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_database WHERE datname = '")
                    .append(t.database()).append("') \\gexec\n");
        }
        sql.append('\n');

        sql.append("-- Roles, passwords and database grants in one transaction: a failure leaves the previous state whole,\n")
                .append("-- and re-granting never opens a window where a tenant cannot connect.\n")
                .append("BEGIN;\n\n");
        for (Tenant t : TENANTS) {
            sql.append("-- Create ").append(t.role())
                    .append(" when absent, with every safety attribute (the NO* ones only a superuser may change later).\n")
                    .append("SELECT 'CREATE ROLE ").append(t.role())
                    .append(" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT'\n")
                    .append(" WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '").append(t.role())
                    .append("') \\gexec\n");
        }
        sql.append('\n');
        sql.append("-- Fail loudly if a role drifted into powers this script cannot take away as a non-superuser,\n")
                .append("-- or into a role membership (e.g. pg_read_all_data) that would cross the separation below.\n")
                .append("DO $bootstrap$\n")
                .append("DECLARE\n")
                .append("    problem text;\n")
                .append("BEGIN\n")
                .append("    SELECT string_agg(rolname, ', ' ORDER BY rolname) INTO problem FROM pg_catalog.pg_roles\n")
                .append("     WHERE rolname IN (").append(roleList()).append(") AND (rolsuper OR rolreplication OR rolbypassrls);\n")
                .append("    IF problem IS NOT NULL THEN\n")
                .append("        RAISE EXCEPTION 'bootstrap: role(s) % have SUPERUSER, REPLICATION or BYPASSRLS; remove it as a superuser', problem;\n")
                .append("    END IF;\n")
                .append("    SELECT string_agg(format('%I in %I', m.rolname, g.rolname), ', ' ORDER BY m.rolname, g.rolname) INTO problem\n")
                .append("      FROM pg_catalog.pg_auth_members a\n")
                .append("      JOIN pg_catalog.pg_roles m ON m.oid = a.member\n")
                .append("      JOIN pg_catalog.pg_roles g ON g.oid = a.roleid\n")
                .append("     WHERE m.rolname IN (").append(roleList()).append(");\n")
                .append("    IF problem IS NOT NULL THEN\n")
                .append("        RAISE EXCEPTION 'bootstrap: unexpected role membership(s): %; revoke them', problem;\n")
                .append("    END IF;\n")
                .append("END\n")
                .append("$bootstrap$;\n\n");
        for (Tenant t : TENANTS) {
            sql.append("-- (Re)set ").append(t.role())
                    .append("'s password from psql variable ").append(t.passwordVariable())
                    .append(" on every run (rotation), and reset the attributes a CREATEROLE admin may change.\n")
                    .append("ALTER ROLE ").append(t.role())
                    .append(" WITH LOGIN NOCREATEDB NOCREATEROLE INHERIT VALID UNTIL 'infinity' PASSWORD :'")
                    .append(t.passwordVariable()).append("';\n");
        }
        sql.append('\n');

        sql.append("-- dbos_conductor: Conductor's role gets full use (CONNECT, CREATE schemas, TEMP); nobody else may connect.\n")
                .append("REVOKE ALL ON DATABASE ").append(CONDUCTOR_DATABASE).append(" FROM PUBLIC, ")
                .append(APP_ROLE).append(", ").append(DEX_ROLE).append(";\n")
                .append("GRANT ALL ON DATABASE ").append(CONDUCTOR_DATABASE).append(" TO ").append(CONDUCTOR_ROLE).append(";\n")
                .append("-- dbos_app: the app's role may only CONNECT (no CREATE, no TEMP): it must not change its schema.\n")
                .append("REVOKE ALL ON DATABASE ").append(APP_DATABASE).append(" FROM PUBLIC, ")
                .append(CONDUCTOR_ROLE).append(", ").append(APP_ROLE).append(", ").append(DEX_ROLE).append(";\n")
                .append("GRANT CONNECT ON DATABASE ").append(APP_DATABASE).append(" TO ").append(APP_ROLE).append(";\n")
                .append("-- dex: Dex's role gets full use of its own database; nobody else may connect.\n")
                .append("REVOKE ALL ON DATABASE ").append(DEX_DATABASE).append(" FROM PUBLIC, ")
                .append(CONDUCTOR_ROLE).append(", ").append(APP_ROLE).append(";\n")
                .append("GRANT ALL ON DATABASE ").append(DEX_DATABASE).append(" TO ").append(DEX_ROLE).append(";\n\n")
                .append("COMMIT;\n\n");

        sql.append("-- Schema public of dbos_conductor: Conductor creates its tables there; nobody else may create anything\n")
                .append("-- (explicit for instances upgraded from PostgreSQL 14 or older, whose template still grants CREATE to PUBLIC).\n")
                .append("\\connect ").append(CONDUCTOR_DATABASE).append('\n')
                .append("BEGIN;\n")
                .append("REVOKE CREATE ON SCHEMA public FROM PUBLIC;\n")
                .append("GRANT USAGE, CREATE ON SCHEMA public TO ").append(CONDUCTOR_ROLE).append(";\n")
                .append("COMMIT;\n\n");
        sql.append("-- Schema public of dbos_app: no one but the admin may create objects; the app's table rights come from\n")
                .append("-- `dbos migrate --app-role ").append(APP_ROLE).append("`, run as the admin, on the tables it creates.\n")
                .append("\\connect ").append(APP_DATABASE).append('\n')
                .append("BEGIN;\n")
                .append("REVOKE CREATE ON SCHEMA public FROM PUBLIC, ").append(APP_ROLE).append(";\n")
                .append("COMMIT;\n\n");
        sql.append("-- Schema public of dex: Dex creates its storage tables there; nobody else may create anything.\n")
                .append("\\connect ").append(DEX_DATABASE).append('\n')
                .append("BEGIN;\n")
                .append("REVOKE CREATE ON SCHEMA public FROM PUBLIC;\n")
                .append("GRANT USAGE, CREATE ON SCHEMA public TO ").append(DEX_ROLE).append(";\n")
                .append("COMMIT;\n\n");

        sql.append("-- One line for the Job log.\n")
                .append("\\echo 'bootstrap: databases ").append(databaseNames()).append(" and roles ")
                .append(String.join(", ", TENANTS.stream().map(Tenant::role).toList())).append(" are in place'\n");
        return sql.toString();
    }

    /** A statement that fails the script (ON_ERROR_STOP) with a message; the message holds no quote. */
    private static String raise(String message) {
        return "DO $bootstrap$ BEGIN RAISE EXCEPTION '" + message + "'; END $bootstrap$;\n";
    }

    private static String roleList() {
        return String.join(", ", TENANTS.stream().map(t -> "'" + t.role() + "'").toList());
    }

    private static String variableList() {
        return String.join(", ", TENANTS.stream().map(Tenant::passwordVariable).toList());
    }

    private static String databaseNames() {
        return String.join(", ", TENANTS.stream().map(Tenant::database).toList());
    }
}
