package org.dbosconductor.edge;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real nginx (Debian's {@code nginx-light}) run as a child process on loopback for a test: its own prefix
 * directory for config, pid, logs and temp files, so it runs as root or not without touching /var. Besides
 * the caller's {@code http {}} content it serves one echo server per backend, which answers every request
 * with what it received:
 * <pre>
 * backend=&lt;service&gt;
 * path=&lt;request URI as received, query included&gt;
 * upgrade=&lt;Upgrade header&gt;
 * connection=&lt;Connection header&gt;
 * host=&lt;Host header&gt;
 * </pre>
 */
public final class NginxServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(3);

    private final Process process;
    private final Path dir;
    private final String config;

    private NginxServer(Process process, Path dir, String config) {
        this.process = process;
        this.dir = dir;
        this.config = config;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The nginx binary, or a failed test saying how to install it. */
    public static Path binary() {
        Path standard = Path.of("/usr/sbin/nginx");
        if (Files.isExecutable(standard)) {
            return standard;
        }
        String pathVariable = System.getenv().getOrDefault("PATH", "");
        for (String entry : pathVariable.split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, "nginx"))) {
                return Path.of(entry, "nginx");
            }
        }
        return fail("nginx is not installed (looked for /usr/sbin/nginx and nginx on PATH): run"
                + " `apt-get install nginx-light` (scripts/test.sh installs it) to run the Ingress routing tests");
    }

    /** A loopback port free at the time of asking. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole nginx.conf this server runs. */
    public String config() {
        return config;
    }

    /** The error log so far, for failure messages. */
    public String errorLog() {
        return read(dir.resolve("logs/error.log")) + read(dir.resolve("logs/nginx.out"));
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM: nginx's fast shutdown
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            deleteTree(dir);
        }
    }

    public static final class Builder {
        private final Map<String, Integer> echoBackends = new LinkedHashMap<>();
        private final List<Integer> ports = new ArrayList<>();
        private String http = "";

        private Builder() {
        }

        /** The caller's {@code http {}} content (upstreams, servers, maps). */
        public Builder http(String content) {
            this.http = content;
            return this;
        }

        /** A port the caller's content listens on on 127.0.0.1; start() waits until it accepts connections. */
        public Builder listensOn(int port) {
            ports.add(port);
            return this;
        }

        /** An echo server for a backend Service, listening on 127.0.0.1:port. */
        public Builder echoBackend(String service, int port) {
            echoBackends.put(service, port);
            ports.add(port);
            return this;
        }

        public NginxServer start() {
            Path nginx = binary();
            Path dir;
            try {
                dir = Files.createTempDirectory("nginx-test-");
                // Readable by nginx's worker user too, should one ever be switched to.
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.createDirectories(dir.resolve("logs"));
                Files.createDirectories(dir.resolve("temp"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String config = config(dir);
            Process process;
            try {
                Files.writeString(dir.resolve("nginx.conf"), config);
                process = new ProcessBuilder(nginx.toString(),
                        "-p", dir + "/",
                        "-c", dir.resolve("nginx.conf").toString(),
                        "-g", "daemon off;")
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("logs/nginx.out").toFile())
                        .start();
            } catch (IOException e) {
                deleteTree(dir);
                throw new UncheckedIOException("could not start " + nginx, e);
            }
            NginxServer server = new NginxServer(process, dir, config);
            try {
                awaitPorts(server);
            } catch (RuntimeException | Error e) {
                server.close();
                throw e;
            }
            return server;
        }

        private void awaitPorts(NginxServer server) {
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            for (int port : ports) {
                while (!accepts(port)) {
                    if (!server.process.isAlive()) {
                        fail("nginx exited with " + server.process.exitValue() + " before listening on " + port + ":\n"
                                + server.errorLog() + "\nconfig:\n" + server.config);
                    }
                    if (System.nanoTime() > deadline) {
                        fail("nginx did not listen on 127.0.0.1:" + port + " within " + START_TIMEOUT + ":\n"
                                + server.errorLog());
                    }
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        fail("interrupted waiting for nginx");
                    }
                }
            }
        }

        private String config(Path dir) {
            StringBuilder conf = new StringBuilder();
            conf.append("# test nginx, prefix ").append(dir).append("\n")
                    // One process, no switch to a worker user: runs the same as root or not.
                    .append("master_process off;\n")
                    .append("worker_processes 1;\n")
                    .append("pid ").append(dir.resolve("nginx.pid")).append(";\n")
                    .append("error_log ").append(dir.resolve("logs/error.log")).append(" info;\n\n")
                    .append("events {\n    worker_connections 64;\n}\n\n")
                    .append("http {\n")
                    .append("    access_log ").append(dir.resolve("logs/access.log")).append(";\n")
                    .append("    client_body_temp_path ").append(dir.resolve("temp/client_body")).append(";\n")
                    .append("    proxy_temp_path ").append(dir.resolve("temp/proxy")).append(";\n")
                    .append("    fastcgi_temp_path ").append(dir.resolve("temp/fastcgi")).append(";\n")
                    .append("    uwsgi_temp_path ").append(dir.resolve("temp/uwsgi")).append(";\n")
                    .append("    scgi_temp_path ").append(dir.resolve("temp/scgi")).append(";\n")
                    .append("    default_type text/plain;\n\n");
            echoBackends.forEach((service, port) -> conf
                    .append("    # echo backend standing in for Service ").append(service).append("\n")
                    .append("    server {\n")
                    .append("        listen 127.0.0.1:").append(port).append(";\n")
                    .append("        location / {\n")
                    .append("            return 200 \"backend=").append(service)
                    .append("\\npath=$request_uri\\nupgrade=$http_upgrade\\nconnection=$http_connection")
                    .append("\\nhost=$http_host\\n\";\n")
                    .append("        }\n")
                    .append("    }\n\n"));
            http.lines().forEach(line -> conf.append(line.isEmpty() ? "" : "    " + line).append('\n'));
            conf.append("}\n");
            return conf.toString();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(could not read " + file + ": " + e + ")";
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // best effort: a leftover temp dir is harmless
        }
    }
}
