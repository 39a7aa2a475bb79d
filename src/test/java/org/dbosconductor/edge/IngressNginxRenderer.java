package org.dbosconductor.edge;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Test-side oracle: renders a Kubernetes Ingress (a plain map shaped like the API object, as parsed from
 * YAML or JSON) into the nginx {@code http {}} content that ingress-nginx would generate for it, reduced to
 * what decides routing, so a real nginx can be asked where each request goes.
 *
 * <p>It follows ingress-nginx (kubernetes/ingress-nginx), written from its source, not copied:
 * <ul>
 *   <li>{@code internal/ingress/controller/controller.go} {@code createServers}: one server per rule host
 *       (empty host = the catch-all {@code _}), each seeded with a root location {@code /} on the default
 *       backend; {@code getBackendServers}: one location per rule path, then the server's locations are
 *       stable-sorted by path descending and then stable-sorted by path <em>length</em> descending, so the
 *       longest path comes first whatever the order of the rules in the Ingress.</li>
 *   <li>{@code internal/ingress/controller/template/template.go} {@code enforceRegexModifier}: if any
 *       location of a server has {@code use-regex: "true"} or a {@code rewrite-target} different from its
 *       path, every location of that server is rendered by {@code buildLocation} as the case-insensitive
 *       regex {@code ~* "^<path>"}; {@code buildProxyPass}: when a rewrite target is set and differs from
 *       the path, the location gets {@code rewrite "(?i)<path>" <target> break;} before its proxy_pass.</li>
 *   <li>{@code rootfs/etc/nginx/template/nginx.tmpl}: the {@code map $http_upgrade $connection_upgrade}
 *       (empty Connection when upstream keepalive is on, which is the default), and in every location
 *       {@code proxy_set_header Upgrade $http_upgrade}, {@code Connection $connection_upgrade},
 *       {@code Host $best_http_host}, the X-Forwarded-* headers, the connect/send/read timeouts with an
 *       {@code s} suffix and {@code proxy_http_version 1.1}.</li>
 * </ul>
 *
 * <p>Differences, none of which changes which backend gets which path: ingress-nginx proxies every location
 * to one Lua-balanced {@code upstream_balancer}; here each Service gets a named upstream (named like
 * ingress-nginx's {@code <namespace>-<service>-<port>}) whose server comes from the caller's address map.
 * The default backend answers 404 itself. TLS is not rendered: the server listens on the given plain-HTTP
 * address and stands for the TLS listener after termination (so ingress-nginx's HTTP to HTTPS redirect for
 * TLS hosts is not modelled). Only the regex mode ({@code use-regex} or {@code rewrite-target}) is
 * supported; anything else is refused rather than guessed.
 *
 * <p>Annotation values (rewrite target, timeouts) are read from the Ingress, never assumed.
 */
public final class IngressNginxRenderer {
    /** ingress-nginx's default annotation prefix. */
    public static final String PREFIX = "nginx.ingress.kubernetes.io/";

    /** ingress-nginx's defaults when the annotations are absent (config defaults, in seconds). */
    private static final String DEFAULT_CONNECT_TIMEOUT = "5";
    private static final String DEFAULT_SEND_TIMEOUT = "60";
    private static final String DEFAULT_READ_TIMEOUT = "60";
    /** ingress-nginx's default upstream-keepalive-connections. */
    private static final int UPSTREAM_KEEPALIVE = 320;

    private IngressNginxRenderer() {
    }

    /** One location as ingress-nginx keeps it before rendering. */
    public record Location(String path, String service, int port, boolean defaultBackend) {
    }

    /** One server (virtual host) with its locations in nginx's order. */
    public record Server(String hostname, List<Location> locations) {
    }

    /**
     * Renders the {@code http {}} content for the Ingress.
     *
     * @param ingress   the Ingress object (apiVersion/kind/metadata/spec)
     * @param upstreams {@code "<service>:<port>"} to the address nginx should proxy to, e.g. {@code 127.0.0.1:41234}
     * @param listen    the address the ingress servers listen on, e.g. {@code 127.0.0.1:40080}
     */
    public static String render(Map<String, Object> ingress, Map<String, String> upstreams, String listen) {
        Map<String, Object> metadata = map(ingress, "metadata");
        String namespace = str(metadata.getOrDefault("namespace", "default"));
        String name = str(metadata.getOrDefault("name", "ingress"));
        Map<String, Object> annotations = metadata.containsKey("annotations") ? map(metadata, "annotations") : Map.of();

        boolean useRegex = "true".equalsIgnoreCase(str(annotations.get(PREFIX + "use-regex")));
        String rewriteTarget = str(annotations.get(PREFIX + "rewrite-target"));
        String connectTimeout = annotation(annotations, "proxy-connect-timeout", DEFAULT_CONNECT_TIMEOUT);
        String sendTimeout = annotation(annotations, "proxy-send-timeout", DEFAULT_SEND_TIMEOUT);
        String readTimeout = annotation(annotations, "proxy-read-timeout", DEFAULT_READ_TIMEOUT);

        List<Server> servers = servers(ingress);

        StringBuilder out = new StringBuilder();
        out.append("# Ingress ").append(namespace).append('/').append(name)
                .append(" rendered the way ingress-nginx would (see IngressNginxRenderer)\n\n");
        // ingress-nginx sizes this from the longest server name; a load balancer's hostname needs more than 64.
        int longest = servers.stream().mapToInt(s -> s.hostname().length()).max().orElse(1);
        out.append("server_names_hash_bucket_size ").append(hashBucketSize(longest)).append(";\n\n");
        out.append("map $http_upgrade $connection_upgrade {\n")
                .append("    default upgrade;\n")
                .append("    ''      '';\n")
                .append("}\n\n");
        out.append("map $http_host $best_http_host {\n")
                .append("    default $http_host;\n")
                .append("    ''      $host;\n")
                .append("}\n\n");

        // One upstream per Service port, in name order like ingress-nginx's sorted upstreams.
        Map<String, String> upstreamNames = new TreeMap<>();
        for (Server server : servers) {
            for (Location location : server.locations()) {
                if (location.defaultBackend()) {
                    continue;
                }
                String key = location.service() + ":" + location.port();
                String address = upstreams.get(key);
                if (address == null) {
                    throw new IllegalArgumentException("no upstream address given for " + key + "; have " + upstreams.keySet());
                }
                upstreamNames.put(upstreamName(namespace, location), address);
            }
        }
        upstreamNames.forEach((upstream, address) -> out.append("upstream ").append(upstream).append(" {\n")
                .append("    server ").append(address).append(";\n")
                .append("    keepalive ").append(UPSTREAM_KEEPALIVE).append(";\n")
                .append("}\n\n"));

        // ingress-nginx's catch-all server: a Host no rule names gets the default backend.
        out.append("server {\n")
                .append("    listen ").append(listen).append(" default_server;\n")
                .append("    server_name _;\n")
                .append("    return 404;\n")
                .append("}\n\n");

        for (Server server : servers) {
            boolean enforceRegex = useRegex || (!rewriteTarget.isEmpty()
                    && server.locations().stream().anyMatch(l -> !l.defaultBackend() && !rewriteTarget.equals(l.path())));
            if (!enforceRegex) {
                throw new UnsupportedOperationException("only the regex mode (use-regex or rewrite-target) is modelled;"
                        + " server " + server.hostname() + " uses plain prefix paths");
            }
            out.append("server {\n")
                    .append("    listen ").append(listen).append(";\n")
                    .append("    server_name ").append(server.hostname()).append(";\n\n");
            for (Location location : server.locations()) {
                out.append("    location ~* \"^").append(location.path()).append("\" {\n");
                if (location.defaultBackend()) {
                    out.append("        # the root location ingress-nginx adds to every server, on the default backend\n")
                            .append("        return 404;\n")
                            .append("    }\n\n");
                    continue;
                }
                out.append("        set $service_name \"").append(location.service()).append("\";\n")
                        .append("        set $service_port \"").append(location.port()).append("\";\n")
                        .append("        proxy_set_header Host $best_http_host;\n")
                        .append("        # Allow websocket connections\n")
                        .append("        proxy_set_header Upgrade $http_upgrade;\n")
                        .append("        proxy_set_header Connection $connection_upgrade;\n")
                        .append("        proxy_set_header X-Real-IP $remote_addr;\n")
                        .append("        proxy_set_header X-Forwarded-For $remote_addr;\n")
                        .append("        proxy_set_header X-Forwarded-Host $best_http_host;\n")
                        .append("        proxy_set_header X-Forwarded-Proto $scheme;\n")
                        .append("        proxy_set_header X-Original-URI $request_uri;\n")
                        .append("        proxy_connect_timeout ").append(connectTimeout).append("s;\n")
                        .append("        proxy_send_timeout ").append(sendTimeout).append("s;\n")
                        .append("        proxy_read_timeout ").append(readTimeout).append("s;\n")
                        .append("        proxy_http_version 1.1;\n");
                if (!rewriteTarget.isEmpty() && !rewriteTarget.equals(location.path())) {
                    out.append("        rewrite \"(?i)").append(location.path()).append("\" ").append(rewriteTarget).append(" break;\n");
                }
                out.append("        proxy_pass http://").append(upstreamName(namespace, location)).append(";\n")
                        .append("    }\n\n");
            }
            out.append("}\n\n");
        }
        return out.toString();
    }

    /**
     * The servers ingress-nginx builds from the Ingress: one per rule host, sorted by hostname, each holding
     * the implicit root location plus one location per path, ordered as nginx will try them.
     */
    public static List<Server> servers(Map<String, Object> ingress) {
        Map<String, Object> spec = map(ingress, "spec");
        Map<String, List<Location>> byHost = new TreeMap<>();
        for (Object ruleObject : list(spec, "rules")) {
            Map<String, Object> rule = cast(ruleObject, "spec.rules[]");
            String host = str(rule.get("host"));
            String hostname = host.isEmpty() ? "_" : host;
            List<Location> locations = byHost.computeIfAbsent(hostname, h -> {
                List<Location> seeded = new ArrayList<>();
                seeded.add(new Location("/", "", 0, true));
                return seeded;
            });
            if (!rule.containsKey("http")) {
                continue;
            }
            for (Object pathObject : list(map(rule, "http"), "paths")) {
                Map<String, Object> path = cast(pathObject, "paths[]");
                String nginxPath = str(path.get("path"));
                if (nginxPath.isEmpty()) {
                    nginxPath = "/";
                }
                Map<String, Object> service = map(map(path, "backend"), "service");
                Map<String, Object> port = map(service, "port");
                if (!port.containsKey("number")) {
                    throw new UnsupportedOperationException("only numbered service ports are modelled: " + service);
                }
                Location location = new Location(nginxPath, str(service.get("name")),
                        Integer.parseInt(str(port.get("number"))), false);
                // A rule path equal to an existing one replaces the default backend there, else the first wins.
                boolean added = false;
                for (int i = 0; i < locations.size(); i++) {
                    if (locations.get(i).path().equals(nginxPath)) {
                        if (locations.get(i).defaultBackend()) {
                            locations.set(i, location);
                        }
                        added = true;
                        break;
                    }
                }
                if (!added) {
                    locations.add(location);
                }
            }
        }
        List<Server> servers = new ArrayList<>();
        byHost.forEach((hostname, locations) -> {
            List<Location> ordered = new ArrayList<>(locations);
            // Two stable sorts as in getBackendServers: by path descending, then by path length descending.
            ordered.sort(Comparator.comparing(Location::path).reversed());
            ordered.sort(Comparator.comparingInt((Location l) -> l.path().length()).reversed());
            servers.add(new Server(hostname, List.copyOf(ordered)));
        });
        return servers;
    }

    /** Room for the name plus nginx's two bytes of overhead, aligned to 8, rounded up to a power of two, at least 64. */
    private static int hashBucketSize(int longestName) {
        int aligned = (longestName + 2 + 7) & ~7;
        int size = 64;
        while (size < aligned) {
            size <<= 1;
        }
        return size;
    }

    private static String upstreamName(String namespace, Location location) {
        return namespace + "-" + location.service() + "-" + location.port();
    }

    private static String annotation(Map<String, Object> annotations, String key, String fallback) {
        String value = str(annotations.get(PREFIX + key));
        if (value.isEmpty()) {
            return fallback;
        }
        if (!value.matches("\\d+")) {
            throw new IllegalArgumentException(PREFIX + key + " must be a number of seconds, got " + value);
        }
        return value;
    }

    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (value == null) {
            throw new IllegalArgumentException("Ingress has no " + key + " in " + parent.keySet());
        }
        return cast(value, key);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object value, String what) {
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException(what + " is not an object: " + value);
        }
        return new LinkedHashMap<>((Map<String, Object>) value);
    }

    private static List<?> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (!(value instanceof List)) {
            throw new IllegalArgumentException("Ingress " + key + " is not a list: " + value);
        }
        return (List<?>) value;
    }

    private static String str(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double d && d == Math.rint(d)) {
            return Long.toString(d.longValue()); // JSON numbers parsed by Gson arrive as doubles
        }
        return String.valueOf(value);
    }
}
