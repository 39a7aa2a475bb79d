package org.dbosconductor.edge;

import java.util.List;

/**
 * Which request reaches which Service: the seed's path-based routing on the load balancer's hostname,
 * and its host-based variant for a custom domain. Data only; {@code EdgeIngress} turns it into an Ingress.
 */
public final class RoutingTable {
    /** Backends: Service names and ports inside the workload namespace. */
    public static final Backend CONDUCTOR = new Backend("conductor", 8090, "conductor");
    public static final Backend APP = new Backend("dbos-app", 8080, "app");
    public static final Backend DEX = new Backend("dex", 5556, "auth");
    public static final Backend CONSOLE = new Backend("console", 80, "console");

    /** ingress-nginx replaces the matched path with this, {@code $2} being each regex's second group. */
    public static final String REWRITE_TARGET = "/$2";

    /**
     * @param service   the Service name
     * @param port      the Service port
     * @param subdomain the host label in domain mode ({@code <subdomain>.<domain>})
     */
    public record Backend(String service, int port, String subdomain) {
    }

    /**
     * One path rule. The second capture group is what the backend receives after the rewrite:
     * Conductor and the app see paths without their prefix, Dex keeps {@code /dex}, Console gets all else.
     */
    public record Route(String path, Backend backend) {
    }

    private RoutingTable() {
    }

    /** The seed's routing table (sections 6 and 7), Dex included. Order is irrelevant to ingress-nginx. */
    public static List<Route> pathBased() {
        return List.of(
                new Route("/conductor(/|$)(.*)", CONDUCTOR),
                new Route("/app(/|$)(.*)", APP),
                new Route("/()(dex/.*)", DEX),
                new Route("/()(.*)", CONSOLE));
    }

    /** Domain mode: one host per backend, every path to it unchanged. */
    public static List<Backend> hostBased() {
        return List.of(CONSOLE, CONDUCTOR, APP, DEX);
    }

    public static String host(Backend backend, String domain) {
        return backend.subdomain() + "." + domain;
    }
}
