package org.dbosconductor.database;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster from Debian's {@code postgresql} package for a test: {@code initdb} into a
 * temp directory, listening only on 127.0.0.1 on a free port (no Unix socket), SCRAM password auth for every
 * connection, durability off for speed; stopped and deleted by {@link #close()}.
 *
 * <p>Its bootstrap superuser is {@value #SUPERUSER}, so the name {@code postgres} stays free for an
 * RDS-like admin that is not a superuser. PostgreSQL refuses to run as root: as root, initdb and the server
 * run as the {@code postgres} system user (which the package creates) via {@code runuser}, in a temp dir
 * owned by that user. Clients ({@code psql}) run as whoever runs the test; passwords reach them only through
 * {@code PGPASSWORD}.
 */
final class LocalPostgres implements AutoCloseable {
    static final String SUPERUSER = "bootstrap";
    static final String HOST = "127.0.0.1";
    static final String SERVER_BIN_PROPERTY = "localPostgres.serverBin";
    private static final String SYSTEM_USER = "postgres";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(20);

    /** Where initdb, pg_ctl and postgres come from; psql is always Debian's newest. */
    private final Path serverBin;
    private final Path bin;
    private final Path dir;
    private final int port;
    private final String superuserPassword;
    private final List<String> runAs;
    private boolean started;

    /** What a command did. */
    record Result(int exitCode, String stdout, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    private LocalPostgres(Path serverBin, Path bin, Path dir, int port, String superuserPassword, List<String> runAs) {
        this.serverBin = serverBin;
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.superuserPassword = superuserPassword;
        this.runAs = runAs;
    }

    /** The newest installed server's bin directory, or a failed test saying how to install one. */
    static Path binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        List<Path> candidates = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                versions.map(v -> v.resolve("bin"))
                        .filter(b -> Stream.of("initdb", "pg_ctl", "postgres", "psql").allMatch(x -> Files.isExecutable(b.resolve(x))))
                        .forEach(candidates::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return candidates.stream()
                .max(Comparator.comparingInt(LocalPostgres::majorVersion))
                .orElseGet(() -> fail("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin with initdb, pg_ctl,"
                        + " postgres and psql): run `apt-get install postgresql` (scripts/test.sh installs it) to run"
                        + " the database bootstrap tests against a real server"));
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Starts a cluster of Debian's newest installed server, or of the server whose bin directory the system
     * property {@value #SERVER_BIN_PROPERTY} names (e.g. another major version unpacked elsewhere).
     */
    static LocalPostgres start() {
        Path bin = binaries();
        String override = System.getProperty(SERVER_BIN_PROPERTY, "").trim();
        Path serverBin = override.isEmpty() ? bin : Path.of(override);
        List<String> runAs = serverUserPrefix();
        int port = freePort();
        String password = "super" + Long.toHexString(Double.doubleToLongBits(Math.random()));
        Path dir;
        try {
            dir = Files.createTempDirectory("pg-bootstrap-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LocalPostgres pg = new LocalPostgres(serverBin, bin, dir, port, password, runAs);
        try {
            pg.initAndStart();
        } catch (RuntimeException | Error e) {
            pg.close();
            throw e;
        }
        return pg;
    }

    private void initAndStart() {
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            Files.writeString(dir.resolve("pwfile"), superuserPassword + "\n");
            if (!runAs.isEmpty()) {
                UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
                UserPrincipal owner = users.lookupPrincipalByName(SYSTEM_USER);
                GroupPrincipal group = users.lookupPrincipalByGroupName(SYSTEM_USER);
                for (Path p : List.of(dir, dir.resolve("pwfile"))) {
                    PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
                    view.setOwner(owner);
                    view.setGroup(group);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path data = dir.resolve("data");
        Result init = server(START_TIMEOUT, serverBin.resolve("initdb").toString(),
                "-D", data.toString(), "-U", SUPERUSER, "--pwfile=" + dir.resolve("pwfile"),
                "--auth=scram-sha-256", "-E", "UTF8", "--no-locale", "--no-sync", "--no-instructions");
        if (!init.ok()) {
            fail("initdb failed: " + init);
        }
        try {
            // Appended/overwritten in place: the files keep the server user as owner.
            Files.writeString(data.resolve("postgresql.conf"), String.join("\n",
                    "",
                    "# test cluster: loopback TCP only, no Unix socket, no durability",
                    "listen_addresses = '" + HOST + "'",
                    "port = " + port,
                    "unix_socket_directories = ''",
                    "password_encryption = 'scram-sha-256'",
                    "max_connections = 30",
                    "shared_buffers = 16MB",
                    "fsync = off",
                    "synchronous_commit = off",
                    "full_page_writes = off",
                    "log_min_messages = warning",
                    ""), StandardOpenOption.APPEND);
            Files.writeString(data.resolve("pg_hba.conf"), String.join("\n",
                    "# test cluster: every connection is TCP from loopback with a SCRAM password",
                    "host all all " + HOST + "/32 scram-sha-256",
                    ""), StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Result start = server(START_TIMEOUT.plusSeconds(5), serverBin.resolve("pg_ctl").toString(),
                "-D", data.toString(), "-l", dir.resolve("server.log").toString(),
                "-w", "-t", String.valueOf(START_TIMEOUT.toSeconds()), "start");
        started = true;
        if (!start.ok()) {
            fail("pg_ctl start failed: " + start + "\n--- server.log\n" + serverLog());
        }
    }

    int port() {
        return port;
    }

    /** The server's version number, e.g. 150013 (as the bootstrap superuser sees it). */
    int serverVersionNum() {
        return Integer.parseInt(superuser("postgres", "SHOW server_version_num").trim());
    }

    /** The server log so far, for failure messages. */
    String serverLog() {
        try {
            Path log = dir.resolve("server.log");
            return Files.exists(log) ? Files.readString(log) : "(no server.log)";
        } catch (IOException e) {
            return "(could not read server.log: " + e + ")";
        }
    }

    /** Runs statements as the bootstrap superuser in a database, failing the test if they fail. */
    String superuser(String database, String sql) {
        Result r = psql(SUPERUSER, superuserPassword, database, Map.of(), "-A", "-t", "-c", sql);
        if (!r.ok()) {
            fail("as " + SUPERUSER + " in " + database + ": " + sql + "\n" + r);
        }
        return r.stdout();
    }

    /**
     * Runs the real psql as {@code user} over TCP: password from {@code PGPASSWORD} only, no psqlrc, no
     * password prompt, no other PG* variable from the environment; {@code env} adds variables (a null value
     * removes one).
     */
    Result psql(String user, String password, String database, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(bin.resolve("psql").toString(), "-X", "-w", "-q",
                "-h", HOST, "-p", String.valueOf(port), "-U", user, "-d", database));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(k -> k.startsWith("PG"));
        environment.put("PGPASSWORD", password);
        environment.put("PGPASSFILE", dir.resolve("no-pgpass").toString());
        environment.put("PGSSLMODE", "disable");
        environment.put("PGCONNECT_TIMEOUT", "5");
        environment.put("PGAPPNAME", "bootstrap-sql-test");
        env.forEach((name, value) -> {
            if (value == null) {
                environment.remove(name); // null: make sure the variable is not inherited
            } else {
                environment.put(name, value);
            }
        });
        return run(builder, CLIENT_TIMEOUT);
    }

    /** Writes a file the clients can read (the test's own user owns the temp dir's files it writes). */
    Path writeFile(String name, String content) {
        try {
            return Files.writeString(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            if (started) {
                Result stop = server(STOP_TIMEOUT.plusSeconds(5), serverBin.resolve("pg_ctl").toString(),
                        "-D", dir.resolve("data").toString(), "-m", "immediate", "-w",
                        "-t", String.valueOf(STOP_TIMEOUT.toSeconds()), "stop");
                if (!stop.ok()) {
                    killPostmaster();
                }
            }
        } finally {
            deleteTree(dir);
        }
    }

    /** Last resort when pg_ctl could not stop it: SIGKILL the postmaster this instance started, by its pid. */
    private void killPostmaster() {
        Path pidFile = dir.resolve("data/postmaster.pid");
        try {
            if (Files.exists(pidFile)) {
                long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        } catch (IOException | RuntimeException e) {
            // best effort
        }
    }

    /** A server-side command (initdb, pg_ctl), as the postgres system user when the test runs as root. */
    private Result server(Duration timeout, String... command) {
        List<String> full = new ArrayList<>(runAs);
        full.addAll(List.of(command));
        ProcessBuilder builder = new ProcessBuilder(full).directory(dir.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("PG"));
        builder.environment().put("LC_ALL", "C");
        return run(builder, timeout);
    }

    /** Runs a process to completion with stdin closed, bounded by {@code timeout}; shared with the other database tests. */
    static Result run(ProcessBuilder builder, Duration timeout) {
        Process process;
        try {
            process = builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + builder.command(), e);
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                return fail(builder.command().get(0) + " did not finish within " + timeout + ": " + builder.command());
            }
            return new Result(process.exitValue(), out.get(5, TimeUnit.SECONDS), err.get(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return fail("interrupted running " + builder.command());
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return fail("could not read the output of " + builder.command() + ": " + e);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(could not read: " + e + ")";
        }
    }

    /** PostgreSQL and PgBouncer refuse to run as root: as root, the tests drop to the postgres system user. */
    static boolean runningAsRoot() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** Empty when not root; else the command prefix that drops to the postgres system user. */
    private static List<String> serverUserPrefix() {
        if (!runningAsRoot()) {
            return List.of();
        }
        try {
            Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SYSTEM_USER);
        } catch (UserPrincipalNotFoundException e) {
            fail("running as root, and there is no '" + SYSTEM_USER + "' system user to run PostgreSQL as:"
                    + " run `apt-get install postgresql` (it creates the user)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String runuser : List.of("/usr/sbin/runuser", "/sbin/runuser")) {
            if (Files.isExecutable(Path.of(runuser))) {
                return List.of(runuser, "-u", SYSTEM_USER, "--");
            }
        }
        for (String setpriv : List.of("/usr/bin/setpriv", "/bin/setpriv")) {
            if (Files.isExecutable(Path.of(setpriv))) {
                return List.of(setpriv, "--reuid=" + SYSTEM_USER, "--regid=" + SYSTEM_USER, "--init-groups");
            }
        }
        return fail("running as root, and neither runuser nor setpriv (util-linux) is there to run PostgreSQL as '"
                + SYSTEM_USER + "'");
    }

    /** A free TCP port on the loopback address; shared with the other database tests. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a temp dir, best effort; shared with the other database tests. */
    static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // best effort: a leftover temp dir is harmless
        }
    }
}
