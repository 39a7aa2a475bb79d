package org.dbosconductor.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.dbosconductor.TestStacks;
import org.dbosconductor.synth.Plan;
import org.dbosconductor.synth.PlanWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Ingress routing table against a real nginx on loopback, configured the way ingress-nginx would be for
 * the planned Ingress ({@link IngressNginxRenderer}); each backend Service is a loopback echo server that
 * reports which Service it is and the request it received.
 *
 * <p>Requests go through {@link HttpClient} with nginx as its HTTP proxy: the client then sends the real
 * ingress host (as {@code Host:} and in the request line) to 127.0.0.1 without any DNS, which
 * {@code Host} as a restricted header of HttpClient would otherwise not allow.
 */
class IngressNginxRoutingTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private static Map<String, Object> ingress;
    private static String host;
    private static String rendered;
    private static NginxServer nginx;
    private static int ingressPort;
    private static HttpClient client;

    /** A real-length load-balancer hostname (longer than nginx's default server-name hash bucket). */
    private static final String LB_HOSTNAME = "k8s-ingressn-ingressn-0123456789-0123456789abcdef.elb.us-east-1.amazonaws.com";

    /** The Ingress the dev stack plans, exactly as the synth writes it to manifests/. */
    static Map<String, Object> plannedIngress() {
        Plan plan = TestStacks.synth("dev", Map.of(), LB_HOSTNAME);
        Map<String, Map<String, Object>> manifests = PlanWriter.manifests(plan);
        Map<String, Object> ingress = manifests.get("ingress-dbos-dbos-ingress.yaml");
        if (ingress == null) {
            throw new AssertionError("the dev plan has no Ingress dbos/dbos-ingress; manifests: " + manifests.keySet());
        }
        return ingress;
    }

    @BeforeAll
    static void startNginx() {
        ingress = plannedIngress();
        host = ruleHost(ingress);
        ingressPort = NginxServer.freePort();
        NginxServer.Builder builder = NginxServer.builder().listensOn(ingressPort);
        Map<String, String> upstreams = new LinkedHashMap<>();
        for (IngressNginxRenderer.Server server : IngressNginxRenderer.servers(ingress)) {
            for (IngressNginxRenderer.Location location : server.locations()) {
                String key = location.service() + ":" + location.port();
                if (!location.defaultBackend() && !upstreams.containsKey(key)) {
                    int port = NginxServer.freePort();
                    upstreams.put(key, "127.0.0.1:" + port);
                    builder.echoBackend(location.service(), port);
                }
            }
        }
        rendered = IngressNginxRenderer.render(ingress, upstreams, "127.0.0.1:" + ingressPort);
        nginx = builder.http(rendered).start();
        client = HttpClient.newBuilder()
                .proxy(ProxySelector.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), ingressPort)))
                .connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @AfterAll
    static void stopNginx() {
        if (nginx != null) {
            nginx.close();
        }
    }

    static Stream<Arguments> routes() {
        return Stream.of(
                // the seed's routing table
                Arguments.of("/conductor/", "conductor", "/"),
                Arguments.of("/conductor", "conductor", "/"),
                Arguments.of("/conductor/v1/workflows", "conductor", "/v1/workflows"),
                Arguments.of("/app/healthz", "dbos-app", "/healthz"),
                Arguments.of("/dex/.well-known/openid-configuration", "dex", "/dex/.well-known/openid-configuration"),
                Arguments.of("/dex/auth?client_id=x", "dex", "/dex/auth?client_id=x"),
                Arguments.of("/", "console", "/"),
                Arguments.of("/health", "console", "/health"),
                // near misses: the console, path untouched
                Arguments.of("/conductorx", "console", "/conductorx"),
                Arguments.of("/application", "console", "/application"),
                Arguments.of("/dexter", "console", "/dexter"),
                Arguments.of("/dex", "console", "/dex"),
                // a prefix further down the path is not a prefix: locations are anchored at the start
                Arguments.of("/static/conductor/app.js", "console", "/static/conductor/app.js"),
                Arguments.of("/ui/dex/callback", "console", "/ui/dex/callback"),
                // queries survive every rewrite
                Arguments.of("/conductor/v1/workflows?status=PENDING&limit=5", "conductor", "/v1/workflows?status=PENDING&limit=5"),
                Arguments.of("/app?x=1", "dbos-app", "/?x=1"),
                // ingress-nginx matches case-insensitively (~* and (?i)); the prefix is stripped whatever its case
                Arguments.of("/Conductor/v1/workflows", "conductor", "/v1/workflows"),
                Arguments.of("/APP/healthz", "dbos-app", "/healthz"),
                Arguments.of("/DEX/auth", "dex", "/DEX/auth"));
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @MethodSource("routes")
    void routesEachRequestToItsBackendWithTheRewrittenPath(String path, String backend, String received) throws Exception {
        HttpResponse<String> response = get(path);
        Map<String, String> echo = echo(response.body());
        assertEquals(200, response.statusCode(), () -> path + ": " + response.body() + "\n" + nginx.errorLog());
        assertEquals(backend, echo.get("backend"), () -> path + " reached the wrong backend: " + response.body());
        assertEquals(received, echo.get("path"), () -> path + " arrived with the wrong path: " + response.body());
        assertEquals(host, echo.get("host"), "the backend sees the original Host");
        assertEquals("", echo.get("upgrade"), "a plain request carries no Upgrade header");
    }

    @Test
    void anotherHostGetsTheDefaultBackend() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://not-the-load-balancer.example.com/conductor/"))
                .timeout(TIMEOUT).GET().build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(404, response.statusCode(), response.body());
    }

    @Test
    void rendersLocationsLongestFirstWhateverTheRuleOrder() {
        List<String> locations = locations(rendered);
        List<String> byLength = new ArrayList<>(locations);
        byLength.sort((a, b) -> Integer.compare(b.length(), a.length()));
        assertEquals(byLength, locations, "locations must be tried longest first:\n" + rendered);
        assertEquals(List.of("/conductor(/|$)(.*)", "/app(/|$)(.*)", "/()(dex/.*)", "/()(.*)", "/"), locations);

        Map<String, Object> reversed = new LinkedHashMap<>(plannedIngress());
        Collections.reverse(rulePaths(reversed));
        Map<String, String> upstreams = new LinkedHashMap<>();
        for (RoutingTable.Route route : RoutingTable.pathBased()) {
            upstreams.put(route.backend().service() + ":" + route.backend().port(), "127.0.0.1:1");
        }
        assertEquals(locations(IngressNginxRenderer.render(plannedIngress(), upstreams, "127.0.0.1:1")),
                locations(IngressNginxRenderer.render(reversed, upstreams, "127.0.0.1:1")));
    }

    @Test
    void rendersTheRewriteAndTimeoutsTheIngressAsks() {
        String conductor = locationBlock(rendered, "/conductor(/|$)(.*)");
        assertTrue(conductor.contains("rewrite \"(?i)/conductor(/|$)(.*)\" " + RoutingTable.REWRITE_TARGET + " break;"), conductor);
        assertTrue(conductor.contains("proxy_read_timeout 3600s;"), conductor);
        assertTrue(conductor.contains("proxy_send_timeout 3600s;"), conductor);
        assertTrue(conductor.contains("proxy_http_version 1.1;"), conductor);
        assertTrue(conductor.contains("proxy_set_header Upgrade $http_upgrade;"), conductor);
        assertTrue(conductor.contains("proxy_set_header Connection $connection_upgrade;"), conductor);
        assertTrue(rendered.contains("map $http_upgrade $connection_upgrade {"), rendered);
    }

    @Test
    void webSocketUpgradeReachesConductorWithItsUpgradeHeaders() throws Exception {
        String response = rawExchange("GET /conductor/ HTTP/1.1\r\n"
                + "Host: " + host + "\r\n"
                + "Connection: Upgrade\r\n"
                + "Upgrade: websocket\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "\r\n");
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        Map<String, String> echo = echo(body);
        assertTrue(response.startsWith("HTTP/1.1 200"), response);
        assertEquals("conductor", echo.get("backend"), response);
        assertEquals("/", echo.get("path"), response);
        assertEquals("websocket", echo.get("upgrade"), "the Upgrade header is passed on: " + response);
        assertEquals("upgrade", echo.get("connection"), "Connection: upgrade is passed on: " + response);
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + path)).timeout(TIMEOUT).GET().build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** One request on a plain socket (for headers HttpClient will not send), reading one response. */
    private static String rawExchange(String request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), ingressPort), (int) TIMEOUT.toMillis());
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder response = new StringBuilder();
            byte[] buffer = new byte[4096];
            int contentLength = -1;
            int headerEnd = -1;
            while (headerEnd < 0 || response.length() < headerEnd + 4 + contentLength) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                response.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                if (headerEnd < 0 && (headerEnd = response.indexOf("\r\n\r\n")) >= 0) {
                    Matcher length = Pattern.compile("(?im)^Content-Length:\\s*(\\d+)").matcher(response.substring(0, headerEnd));
                    contentLength = length.find() ? Integer.parseInt(length.group(1)) : 0;
                }
            }
            return response.toString();
        }
    }

    private static Map<String, String> echo(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        body.lines().forEach(line -> {
            int eq = line.indexOf('=');
            if (eq > 0) {
                fields.put(line.substring(0, eq), line.substring(eq + 1));
            }
        });
        return fields;
    }

    private static List<String> locations(String config) {
        List<String> paths = new ArrayList<>();
        Matcher matcher = Pattern.compile("(?m)^\\s*location ~\\* \"\\^(.*)\" \\{$").matcher(config);
        while (matcher.find()) {
            paths.add(matcher.group(1));
        }
        return paths;
    }

    private static String locationBlock(String config, String path) {
        int start = config.indexOf("location ~* \"^" + path + "\" {");
        assertTrue(start >= 0, "no location for " + path + " in\n" + config);
        return config.substring(start, config.indexOf('}', start) + 1);
    }

    @SuppressWarnings("unchecked")
    private static String ruleHost(Map<String, Object> ingress) {
        Map<String, Object> spec = (Map<String, Object>) ingress.get("spec");
        Map<String, Object> rule = (Map<String, Object>) ((List<Object>) spec.get("rules")).get(0);
        return (String) rule.get("host");
    }

    /** The first rule's paths as a mutable list inside a mutable copy of the Ingress. */
    @SuppressWarnings("unchecked")
    private static List<Object> rulePaths(Map<String, Object> ingress) {
        Map<String, Object> spec = new LinkedHashMap<>((Map<String, Object>) ingress.get("spec"));
        ingress.put("spec", spec);
        List<Object> rules = new ArrayList<>((List<Object>) spec.get("rules"));
        spec.put("rules", rules);
        Map<String, Object> rule = new LinkedHashMap<>((Map<String, Object>) rules.get(0));
        rules.set(0, rule);
        Map<String, Object> http = new LinkedHashMap<>((Map<String, Object>) rule.get("http"));
        rule.put("http", http);
        List<Object> paths = new ArrayList<>((List<Object>) http.get("paths"));
        http.put("paths", paths);
        return paths;
    }
}
