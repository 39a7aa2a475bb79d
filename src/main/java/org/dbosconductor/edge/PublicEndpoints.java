package org.dbosconductor.edge;

import java.util.List;

/**
 * The public addresses of the stack, all derived from one name: the load balancer's hostname
 * (path-based routing) or the configured domain (one host per backend). Every consumer — the
 * certificate, the Ingress, Dex's issuer, the Console's and Conductor's OAuth settings, the app's
 * Conductor URL — takes its address from here.
 *
 * @param hosts         the DNS names the certificate and the Ingress serve
 * @param consoleUrl    where users open the Console
 * @param conductorUrl  Conductor's WebSocket endpoint through the Ingress
 * @param appUrl        the sample app through the Ingress
 * @param dexIssuer     Dex's OIDC issuer URL (Dex serves under {@code /dex})
 */
public record PublicEndpoints(List<String> hosts, String consoleUrl, String conductorUrl, String appUrl, String dexIssuer) {
    /** Where Dex sends the browser back to the Console after login (the seed's {@code /oauth/callback}). */
    public String consoleCallbackUrl() {
        return consoleUrl + "oauth/callback";
    }


    public PublicEndpoints {
        hosts = List.copyOf(hosts);
    }

    /** Default mode: everything on the load balancer's hostname, told apart by path. */
    public static PublicEndpoints pathBased(String elbHostname) {
        String base = "https://" + elbHostname;
        return new PublicEndpoints(List.of(elbHostname), base + "/", "wss://" + elbHostname + "/conductor/",
                base + "/app/", base + "/dex");
    }

    /** Domain mode: one subdomain per backend, as in the seed's production section. */
    public static PublicEndpoints hostBased(String domain) {
        List<String> hosts = RoutingTable.hostBased().stream().map(b -> RoutingTable.host(b, domain)).toList();
        return new PublicEndpoints(hosts,
                "https://" + RoutingTable.host(RoutingTable.CONSOLE, domain) + "/",
                "wss://" + RoutingTable.host(RoutingTable.CONDUCTOR, domain) + "/",
                "https://" + RoutingTable.host(RoutingTable.APP, domain) + "/",
                "https://" + RoutingTable.host(RoutingTable.DEX, domain) + "/dex");
    }

    /**
     * A certificate common name: OpenSSL caps it at 64 characters and load-balancer hostnames are often
     * longer, so a long host gets {@code fallback}; clients check the SAN, which always holds the host.
     */
    public static String commonName(String host, String fallback) {
        return host.length() <= 64 ? host : fallback.substring(0, Math.min(64, fallback.length()));
    }
}
