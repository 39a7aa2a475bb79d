package org.dbosconductor.database;

import static org.dbosconductor.database.BootstrapSql.APP_DATABASE;
import static org.dbosconductor.database.BootstrapSql.APP_ROLE;
import static org.dbosconductor.database.BootstrapSql.CONDUCTOR_DATABASE;
import static org.dbosconductor.database.BootstrapSql.CONDUCTOR_ROLE;
import static org.dbosconductor.database.BootstrapSql.DEX_DATABASE;
import static org.dbosconductor.database.BootstrapSql.DEX_ROLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link BootstrapSql} run by the real {@code psql} against a real PostgreSQL ({@link LocalPostgres}), as an
 * RDS-like admin named {@code postgres} that has CREATEDB and CREATEROLE but is not a superuser. The script
 * runs twice (the second time with new passwords, over state the tenants created in between); then each role
 * logs in over TCP with its password and the privilege matrix below is checked row by row.
 */
class BootstrapSqlTest {
    /** The RDS master user: LOGIN CREATEDB CREATEROLE, not a superuser. */
    private static final String ADMIN = Database.ADMIN_USERNAME;
    private static final String ADMIN_PASSWORD = "AdminPassw0rd";
    /** Any other role on the instance: what PUBLIC may do. */
    private static final String STRANGER = "stranger";
    private static final String STRANGER_PASSWORD = "StrangerPassw0rd";
    /** The maintenance database every instance has, which PUBLIC may connect to. */
    private static final String MAINTENANCE_DB = "postgres";

    private static final Map<String, String> FIRST_PASSWORDS = Map.of(
            CONDUCTOR_ROLE, "conductorFirst1", APP_ROLE, "appFirst1", DEX_ROLE, "dexFirst1");
    /** Quotes, a backslash, a colon and spaces: they must reach the role intact, as data, never as SQL. */
    private static final Map<String, String> SECOND_PASSWORDS = Map.of(
            CONDUCTOR_ROLE, "conductor'Second \\2", APP_ROLE, "app\"Second' ; DROP ROLE x; --", DEX_ROLE, "dex :Second 3");

    private static LocalPostgres pg;
    private static LocalPostgres.Result firstRun;
    private static LocalPostgres.Result secondRun;
    private static String stateAfterFirstRun;
    private static String stateAfterSecondRun;

    @BeforeAll
    static void bootstrapTwice() {
        pg = LocalPostgres.start();
        System.out.println("BootstrapSqlTest: PostgreSQL server_version_num " + pg.serverVersionNum());
        pg.superuser(MAINTENANCE_DB, "CREATE ROLE " + ADMIN + " LOGIN CREATEDB CREATEROLE NOSUPERUSER PASSWORD '" + ADMIN_PASSWORD + "';"
                + " CREATE ROLE " + STRANGER + " LOGIN PASSWORD '" + STRANGER_PASSWORD + "';");

        firstRun = runScript(passwordVariables(FIRST_PASSWORDS), Map.of());
        assertTrue(firstRun.ok(), () -> "first run of bootstrap.sql failed: " + firstRun);
        stateAfterFirstRun = catalogState();

        // What the tenants build between runs, which a re-run must leave alone:
        // Conductor's own table, and the app's system tables as `dbos migrate --app-role dbos_app_role` (admin) makes them.
        asRole(CONDUCTOR_ROLE, FIRST_PASSWORDS.get(CONDUCTOR_ROLE), CONDUCTOR_DATABASE,
                "CREATE TABLE conductor_state (id int PRIMARY KEY, secret text); INSERT INTO conductor_state VALUES (1, 'conductor only')");
        asRole(ADMIN, ADMIN_PASSWORD, APP_DATABASE, String.join(" ",
                "CREATE SCHEMA dbos;",
                "CREATE TABLE dbos.workflow_status (workflow_uuid text PRIMARY KEY, status text NOT NULL);",
                "GRANT USAGE ON SCHEMA dbos TO " + APP_ROLE + ";",
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA dbos TO " + APP_ROLE + ";"));

        secondRun = runScript(passwordVariables(SECOND_PASSWORDS), Map.of());
        assertTrue(secondRun.ok(), () -> "second run of bootstrap.sql failed: " + secondRun);
        stateAfterSecondRun = catalogState();
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void bothRunsSucceedQuietlyAsANonSuperuserAdmin() {
        assertEquals("f\n", pg.superuser(MAINTENANCE_DB, "SELECT rolsuper FROM pg_roles WHERE rolname = '" + ADMIN + "'"),
                "the script must run as a non-superuser admin, as on RDS");
        for (LocalPostgres.Result run : List.of(firstRun, secondRun)) {
            assertEquals(0, run.exitCode(), run::toString);
            assertFalse(run.stderr().contains("ERROR") || run.stderr().contains("WARNING"), run::toString);
            assertTrue(run.stdout().contains("bootstrap: databases dbos_conductor, dbos_app, dex and roles"), run::toString);
        }
    }

    @Test
    void secondRunLeavesTheSameCatalogState() {
        assertTrue(stateAfterFirstRun.contains(CONDUCTOR_DATABASE) && stateAfterFirstRun.contains(DEX_ROLE), stateAfterFirstRun);
        assertEquals(stateAfterFirstRun, stateAfterSecondRun);
    }

    @Test
    void theAdminOwnsTheDatabasesAndTheRolesAreUnprivileged() {
        assertEquals("dbos_app|postgres\ndbos_conductor|postgres\ndex|postgres\n", pg.superuser(MAINTENANCE_DB,
                "SELECT datname, pg_get_userbyid(datdba) FROM pg_database WHERE datname IN ('dbos_conductor', 'dbos_app', 'dex') ORDER BY 1"));
        assertEquals("dbos_app_role|t|f|f|f|f|f|f|SCRAM-SHA-256\ndbos_conductor_role|t|f|f|f|f|f|f|SCRAM-SHA-256\ndex_role|t|f|f|f|f|f|f|SCRAM-SHA-256\n",
                pg.superuser(MAINTENANCE_DB, "SELECT rolname, rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolreplication,"
                        + " rolbypassrls, EXISTS (SELECT FROM pg_auth_members WHERE member = pg_authid.oid),"
                        + " split_part(rolpassword, '$', 1) FROM pg_authid"
                        + " WHERE rolname IN ('dbos_conductor_role', 'dbos_app_role', 'dex_role') ORDER BY 1"));
    }

    @Test
    void onlyTheNewPasswordsWorkAfterTheSecondRun() {
        for (String role : List.of(CONDUCTOR_ROLE, APP_ROLE, DEX_ROLE)) {
            String database = role.equals(CONDUCTOR_ROLE) ? CONDUCTOR_DATABASE : role.equals(APP_ROLE) ? APP_DATABASE : DEX_DATABASE;
            LocalPostgres.Result old = pg.psql(role, FIRST_PASSWORDS.get(role), database, Map.of(), "-c", "SELECT 1");
            assertNotEquals(0, old.exitCode(), () -> role + " still logs in with its first password: " + old);
            assertTrue(old.stderr().contains("password authentication failed"), old::toString);
            LocalPostgres.Result current = pg.psql(role, SECOND_PASSWORDS.get(role), database, Map.of(), "-c", "SELECT 1");
            assertEquals(0, current.exitCode(), () -> role + " cannot log in with its new password: " + current);
        }
    }

    @Test
    void passwordsMayComeFromTheEnvironmentInstead() {
        Map<String, String> env = Map.of(
                BootstrapSql.CONDUCTOR_PASSWORD_ENV, SECOND_PASSWORDS.get(CONDUCTOR_ROLE),
                BootstrapSql.APP_PASSWORD_ENV, SECOND_PASSWORDS.get(APP_ROLE),
                BootstrapSql.DEX_PASSWORD_ENV, SECOND_PASSWORDS.get(DEX_ROLE));
        LocalPostgres.Result run = runScript(List.of(), env);
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(0, pg.psql(APP_ROLE, SECOND_PASSWORDS.get(APP_ROLE), APP_DATABASE, Map.of(), "-c", "SELECT 1").exitCode());
    }

    @Test
    void aMissingPasswordFailsTheRunBeforeAnythingChanges() {
        Map<String, String> partial = new HashMap<>(SECOND_PASSWORDS);
        partial.put(CONDUCTOR_ROLE, "wouldBeChanged");
        partial.remove(APP_ROLE);
        LocalPostgres.Result run = runScript(passwordVariables(partial), Map.of());
        assertNotEquals(0, run.exitCode(), run::toString);
        assertTrue(run.stderr().contains("psql variable app_password is not set"), run::toString);
        assertEquals(0, pg.psql(CONDUCTOR_ROLE, SECOND_PASSWORDS.get(CONDUCTOR_ROLE), CONDUCTOR_DATABASE, Map.of(), "-c", "SELECT 1").exitCode(),
                "a failed run must not have changed the Conductor password");
    }

    @Test
    void anEmptyPasswordFailsTheRunBeforeAnythingChanges() {
        Map<String, String> withEmpty = new HashMap<>(SECOND_PASSWORDS);
        withEmpty.put(CONDUCTOR_ROLE, "wouldBeChanged");
        withEmpty.put(DEX_ROLE, "");
        LocalPostgres.Result run = runScript(passwordVariables(withEmpty), Map.of());
        assertNotEquals(0, run.exitCode(), run::toString);
        assertTrue(run.stderr().contains("a password variable is empty"), run::toString);
        assertEquals(0, pg.psql(CONDUCTOR_ROLE, SECOND_PASSWORDS.get(CONDUCTOR_ROLE), CONDUCTOR_DATABASE, Map.of(), "-c", "SELECT 1").exitCode(),
                "a failed run must not have changed the Conductor password");
    }

    @Test
    void aRoleThatDriftedIntoAMembershipFailsTheRun() {
        pg.superuser(MAINTENANCE_DB, "GRANT pg_read_all_data TO " + APP_ROLE);
        try {
            LocalPostgres.Result run = runScript(passwordVariables(SECOND_PASSWORDS), Map.of());
            assertNotEquals(0, run.exitCode(), run::toString);
            assertTrue(run.stderr().contains("unexpected role membership(s): dbos_app_role in pg_read_all_data"), run::toString);
        } finally {
            pg.superuser(MAINTENANCE_DB, "REVOKE pg_read_all_data FROM " + APP_ROLE);
        }
    }

    @Test
    void theScriptIsStableAndHoldsNoPassword() {
        String script = BootstrapSql.script();
        assertEquals(script, BootstrapSql.script(), "the Job's name hashes the script: it must not vary");
        for (String variable : List.of("conductor_password", "app_password", "dex_password")) {
            assertTrue(script.contains("PASSWORD :'" + variable + "'"), variable);
        }
        assertFalse(script.matches("(?s).*PASSWORD\\s+'.*"), "no password literal");
        // psql does not substitute inside comments, but none names a variable in :name form, so no edit can leak one.
        assertFalse(script.lines().filter(l -> l.startsWith("--")).anyMatch(l -> l.matches(".*:'?[a-z_]+_password.*")),
                "a comment refers to a password variable in :name form");
    }

    /** A row of the privilege matrix: who, where, what, and whether PostgreSQL must allow it. */
    record Row(String role, String database, String sql, boolean allowed, String denial) {
        static Row allow(String role, String database, String sql) {
            return new Row(role, database, sql, true, null);
        }

        /** Denied, with PostgreSQL's error containing {@code denial} (so a wrong password cannot pass as a denial). */
        static Row deny(String role, String database, String sql, String denial) {
            return new Row(role, database, sql, false, denial);
        }

        @Override
        public String toString() {
            return String.format("%-19s @ %-14s %-6s %s", role, database, allowed ? "ALLOW" : "DENY", sql);
        }
    }

    private static final String NO_CONNECT = "permission denied for database";

    static Stream<Row> privilegeMatrix() {
        return Stream.of(
                // Conductor: full use of dbos_conductor, nothing else.
                Row.allow(CONDUCTOR_ROLE, CONDUCTOR_DATABASE, "CREATE TABLE matrix_c (id int); INSERT INTO matrix_c VALUES (1); DROP TABLE matrix_c"),
                Row.allow(CONDUCTOR_ROLE, CONDUCTOR_DATABASE, "UPDATE conductor_state SET secret = secret; SELECT count(*) FROM conductor_state"),
                Row.allow(CONDUCTOR_ROLE, CONDUCTOR_DATABASE, "CREATE SCHEMA matrix_c_schema; DROP SCHEMA matrix_c_schema"),
                Row.allow(CONDUCTOR_ROLE, CONDUCTOR_DATABASE, "CREATE TEMP TABLE matrix_c_tmp (id int)"),
                Row.deny(CONDUCTOR_ROLE, APP_DATABASE, "SELECT 1", NO_CONNECT),
                Row.deny(CONDUCTOR_ROLE, DEX_DATABASE, "SELECT 1", NO_CONNECT),
                Row.deny(CONDUCTOR_ROLE, MAINTENANCE_DB, "DROP DATABASE dbos_conductor", "must be owner of database"),
                Row.deny(CONDUCTOR_ROLE, MAINTENANCE_DB, "CREATE DATABASE matrix_db", "permission denied to create database"),
                Row.deny(CONDUCTOR_ROLE, MAINTENANCE_DB, "CREATE ROLE matrix_role", "permission denied to create role"),
                // The app: connects to dbos_app, reads and writes the migrated tables, changes no schema.
                Row.allow(APP_ROLE, APP_DATABASE, "SELECT 1"),
                Row.allow(APP_ROLE, APP_DATABASE, "INSERT INTO dbos.workflow_status VALUES ('m1', 'PENDING');"
                        + " UPDATE dbos.workflow_status SET status = 'SUCCESS' WHERE workflow_uuid = 'm1';"
                        + " SELECT status FROM dbos.workflow_status WHERE workflow_uuid = 'm1';"
                        + " DELETE FROM dbos.workflow_status WHERE workflow_uuid = 'm1'"),
                Row.deny(APP_ROLE, APP_DATABASE, "CREATE TABLE public.matrix_a (id int)", "permission denied for schema public"),
                Row.deny(APP_ROLE, APP_DATABASE, "CREATE SCHEMA matrix_a_schema", "permission denied for database dbos_app"),
                Row.deny(APP_ROLE, APP_DATABASE, "CREATE TEMP TABLE matrix_a_tmp (id int)", "permission denied to create temporary tables"),
                Row.deny(APP_ROLE, APP_DATABASE, "CREATE TABLE dbos.matrix_a (id int)", "permission denied for schema dbos"),
                Row.deny(APP_ROLE, APP_DATABASE, "ALTER TABLE dbos.workflow_status ADD COLUMN matrix int", "must be owner of table"),
                Row.deny(APP_ROLE, APP_DATABASE, "CREATE INDEX ON dbos.workflow_status (status)", "must be owner of table"),
                Row.deny(APP_ROLE, APP_DATABASE, "DROP TABLE dbos.workflow_status", "must be owner of table"),
                Row.deny(APP_ROLE, APP_DATABASE, "TRUNCATE dbos.workflow_status", "permission denied for table workflow_status"),
                Row.deny(APP_ROLE, CONDUCTOR_DATABASE, "SELECT secret FROM conductor_state", NO_CONNECT),
                Row.deny(APP_ROLE, DEX_DATABASE, "SELECT 1", NO_CONNECT),
                // Dex: its own database only.
                Row.allow(DEX_ROLE, DEX_DATABASE, "CREATE TABLE matrix_d (id text PRIMARY KEY); INSERT INTO matrix_d VALUES ('x');"
                        + " SELECT * FROM matrix_d; DROP TABLE matrix_d"),
                Row.deny(DEX_ROLE, CONDUCTOR_DATABASE, "SELECT secret FROM conductor_state", NO_CONNECT),
                Row.deny(DEX_ROLE, APP_DATABASE, "SELECT * FROM dbos.workflow_status", NO_CONNECT),
                Row.deny(DEX_ROLE, MAINTENANCE_DB, "DROP DATABASE dex", "must be owner of database"),
                // Any other role (PUBLIC): none of the three; its password is fine, as the maintenance database shows.
                Row.allow(STRANGER, MAINTENANCE_DB, "SELECT 1"),
                Row.deny(STRANGER, CONDUCTOR_DATABASE, "SELECT 1", NO_CONNECT),
                Row.deny(STRANGER, APP_DATABASE, "SELECT 1", NO_CONNECT),
                Row.deny(STRANGER, DEX_DATABASE, "SELECT 1", NO_CONNECT),
                // The admin keeps its way in (the migration Job and the next bootstrap use it).
                Row.allow(ADMIN, CONDUCTOR_DATABASE, "SELECT 1"),
                Row.allow(ADMIN, APP_DATABASE, "SELECT count(*) FROM dbos.workflow_status"),
                Row.allow(ADMIN, DEX_DATABASE, "SELECT 1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("privilegeMatrix")
    void privilegeMatrix(Row row) {
        LocalPostgres.Result result = pg.psql(row.role(), password(row.role()), row.database(), Map.of(),
                "-v", "ON_ERROR_STOP=1", "-c", row.sql());
        assertFalse(result.stderr().contains("password authentication failed"), () -> row + ": could not log in at all: " + result);
        if (row.allowed()) {
            assertEquals(0, result.exitCode(), () -> row + " was denied: " + result);
        } else {
            assertNotEquals(0, result.exitCode(), () -> row + " was allowed: " + result);
            assertTrue(result.stderr().contains(row.denial()), () -> row + " failed, but not with '" + row.denial() + "': " + result);
        }
    }

    private static String password(String role) {
        return switch (role) {
            case ADMIN -> ADMIN_PASSWORD;
            case STRANGER -> STRANGER_PASSWORD;
            default -> SECOND_PASSWORDS.get(role);
        };
    }

    /** Runs bootstrap.sql with the real psql as the RDS-like admin, exactly as the Job does. */
    private static LocalPostgres.Result runScript(List<String> variables, Map<String, String> env) {
        var script = pg.writeFile("bootstrap.sql", BootstrapSql.script());
        // Only the given environment: a password variable inherited from the test runner must not leak in.
        Map<String, String> environment = new HashMap<>();
        for (String name : List.of(BootstrapSql.CONDUCTOR_PASSWORD_ENV, BootstrapSql.APP_PASSWORD_ENV, BootstrapSql.DEX_PASSWORD_ENV)) {
            environment.put(name, env.get(name));
        }
        List<String> args = new ArrayList<>(List.of("-v", "ON_ERROR_STOP=1"));
        args.addAll(variables);
        args.addAll(List.of("-f", script.toString()));
        return pg.psql(ADMIN, ADMIN_PASSWORD, MAINTENANCE_DB, environment, args.toArray(String[]::new));
    }

    private static List<String> passwordVariables(Map<String, String> passwords) {
        Map<String, String> names = Map.of(CONDUCTOR_ROLE, BootstrapSql.CONDUCTOR_PASSWORD_VAR,
                APP_ROLE, BootstrapSql.APP_PASSWORD_VAR, DEX_ROLE, BootstrapSql.DEX_PASSWORD_VAR);
        List<String> args = new ArrayList<>();
        passwords.forEach((role, password) -> args.addAll(List.of("-v", names.get(role) + "=" + password)));
        return args;
    }

    private static void asRole(String role, String password, String database, String sql) {
        LocalPostgres.Result r = pg.psql(role, password, database, Map.of(), "-v", "ON_ERROR_STOP=1", "-c", sql);
        assertEquals(0, r.exitCode(), () -> "as " + role + " in " + database + ": " + sql + "\n" + r);
    }

    /** Everything the script manages, with ACL entries sorted: equal strings mean equal state. */
    private static String catalogState() {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("roles", pg.superuser(MAINTENANCE_DB, "SELECT rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb,"
                + " rolcanlogin, rolreplication, rolbypassrls, rolconnlimit, rolvaliduntil FROM pg_roles"
                + " WHERE rolname IN ('dbos_conductor_role', 'dbos_app_role', 'dex_role') ORDER BY 1"));
        parts.put("memberships", pg.superuser(MAINTENANCE_DB, "SELECT roleid::regrole, member::regrole, admin_option FROM pg_auth_members"
                + " WHERE roleid::regrole::text IN ('dbos_conductor_role', 'dbos_app_role', 'dex_role')"
                + " OR member::regrole::text IN ('dbos_conductor_role', 'dbos_app_role', 'dex_role') ORDER BY 1, 2"));
        parts.put("databases", pg.superuser(MAINTENANCE_DB, "SELECT datname, pg_get_userbyid(datdba),"
                + " (SELECT array_agg(a::text ORDER BY a::text) FROM unnest(datacl) a) FROM pg_database"
                + " WHERE datname IN ('dbos_conductor', 'dbos_app', 'dex') ORDER BY 1"));
        for (String database : List.of(CONDUCTOR_DATABASE, APP_DATABASE, DEX_DATABASE)) {
            parts.put("schema public of " + database, pg.superuser(database, "SELECT pg_get_userbyid(nspowner),"
                    + " (SELECT array_agg(a::text ORDER BY a::text) FROM unnest(nspacl) a) FROM pg_namespace WHERE nspname = 'public'"));
        }
        StringBuilder state = new StringBuilder();
        parts.forEach((k, v) -> state.append("== ").append(k).append('\n').append(v));
        return state.toString();
    }
}
