package org.dbosconductor.security;

import org.dbosconductor.addons.AddOnCharts;
import org.dbosconductor.conductor.Conductor;
import org.dbosconductor.database.DatabaseBootstrap;
import org.dbosconductor.edge.RoutingTable;
import org.dbosconductor.identity.DexConfig;
import org.dbosconductor.network.Ipv4Cidr;
import org.dbosconductor.support.KubernetesLabels;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may talk to whom in the workload namespace, as data: every pod is denied all ingress and all
 * egress, and then only the {@link Edge edges} listed in {@link #edges} are allowed. Each edge becomes
 * an egress rule on its source's policy and an ingress rule on its destination's policy (when that
 * end is a pod of the namespace), so both sides of a connection always agree.
 * {@code NetworkPolicies} turns the result of {@link #policies} into NetworkPolicy objects.
 *
 * <p>Ports are the pods' ports, never the Services': NetworkPolicy sees traffic after the Service's
 * address and port were translated (ingress-nginx even skips the Service and dials the pod directly),
 * so the Console is allowed on 8080, not on its Service port 80.
 */
public final class NetworkPolicyRules {
    /** The label every pod of a workload carries with the workload's name. */
    public static final String NAME_LABEL = "app.kubernetes.io/name";
    public static final String PART_OF_LABEL = "app.kubernetes.io/part-of";
    /** Set by the API server on every namespace (Kubernetes 1.22+): selects a namespace by its name. */
    public static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

    public static final String CONDUCTOR = RoutingTable.CONDUCTOR.service();
    public static final String CONSOLE = RoutingTable.CONSOLE.service();
    public static final String DEX = RoutingTable.DEX.service();
    public static final String APP = RoutingTable.APP.service();
    public static final String BOOTSTRAP = DatabaseBootstrap.ACCOUNT;
    public static final String MIGRATE = "dbos-migrate";
    public static final String PGBOUNCER = "pgbouncer";
    /** Every workload a policy may be about, in the order their policies are listed. */
    public static final List<String> WORKLOADS = List.of(CONDUCTOR, CONSOLE, DEX, APP, BOOTSTRAP, MIGRATE, PGBOUNCER);

    public static final int CONDUCTOR_PORT = RoutingTable.CONDUCTOR.port();
    /** The Console container's port; its Service listens on 80. */
    public static final int CONSOLE_PORT = Conductor.CONSOLE_CONTAINER_PORT;
    public static final int DEX_PORT = DexConfig.PORT;
    public static final int APP_PORT = RoutingTable.APP.port();
    public static final int POSTGRES_PORT = 5432;
    public static final int PGBOUNCER_PORT = 5432;
    public static final int HTTPS_PORT = 443;
    public static final int DNS_PORT = 53;

    public static final String DNS_NAMESPACE = "kube-system";
    /** CoreDNS's pods on EKS keep the historical kube-dns label. */
    public static final Map<String, String> DNS_POD_LABELS = Map.of("k8s-app", "kube-dns");
    public static final String INGRESS_NAMESPACE = AddOnCharts.INGRESS_NAMESPACE;
    /** The ingress-nginx chart's controller pods (not its admission-webhook Jobs). */
    public static final Map<String, String> INGRESS_CONTROLLER_POD_LABELS = Map.of(
            "app.kubernetes.io/name", "ingress-nginx", "app.kubernetes.io/component", "controller");
    public static final String KEDA_NAMESPACE = "keda";
    public static final String ANYWHERE = "0.0.0.0/0";

    public static final String DEFAULT_DENY = "default-deny";
    public static final String ALLOW_DNS = "allow-dns";

    public enum PolicyType {
        INGRESS("Ingress"), EGRESS("Egress");

        public final String kubernetesName;

        PolicyType(String kubernetesName) {
            this.kubernetesName = kubernetesName;
        }
    }

    public enum Protocol { TCP, UDP }

    public record Port(Protocol protocol, int number) {
        public Port {
            Objects.requireNonNull(protocol);
            if (number < 1 || number > 65535) {
                throw new IllegalArgumentException("port " + number);
            }
        }

        public static Port tcp(int number) {
            return new Port(Protocol.TCP, number);
        }

        public static Port udp(int number) {
            return new Port(Protocol.UDP, number);
        }
    }

    /** One end of an allowed connection. */
    public sealed interface Peer permits WorkloadPods, AllPods, OtherNamespace, Cidr {
    }

    /** The pods of one workload of this namespace: {@code app.kubernetes.io/name=<name>}, part of this stack. */
    public record WorkloadPods(String workload) implements Peer {
        public WorkloadPods {
            if (!WORKLOADS.contains(workload)) {
                throw new IllegalArgumentException("unknown workload " + workload);
            }
        }

        public Map<String, String> labels() {
            return Map.of(NAME_LABEL, workload, PART_OF_LABEL, KubernetesLabels.PART_OF);
        }
    }

    /** Every pod of this namespace, whatever its labels (only ever the source of an edge). */
    public record AllPods() implements Peer {
    }

    /**
     * Pods of another namespace of the cluster, the namespace chosen by its name label.
     * {@code podLabels} empty: every pod of that namespace.
     */
    public record OtherNamespace(String namespace, Map<String, String> podLabels) implements Peer {
        public OtherNamespace {
            Objects.requireNonNull(namespace);
            podLabels = Map.copyOf(podLabels);
        }
    }

    /** Addresses outside the cluster (RDS, the internet), minus {@code except}. */
    public record Cidr(String cidr, List<String> except) implements Peer {
        public Cidr {
            if (!Ipv4Cidr.isValid(cidr) || !except.stream().allMatch(Ipv4Cidr::isValid)) {
                throw new IllegalArgumentException("not a CIDR block: " + cidr + " except " + except);
            }
            except = List.copyOf(except);
        }
    }

    /** An allowed connection: {@code from} may open it to {@code to} on any of {@code ports}. */
    public record Edge(Peer from, Peer to, List<Port> ports, String why) {
        public Edge {
            if (!(from instanceof WorkloadPods || from instanceof AllPods) && !(to instanceof WorkloadPods)) {
                throw new IllegalArgumentException("an edge needs one end in the namespace: " + from + " -> " + to);
            }
            if (to instanceof AllPods) {
                throw new IllegalArgumentException("every pod of the namespace is only ever a source");
            }
            if (ports.isEmpty()) {
                // An empty port list means every port to Kubernetes: never by accident.
                throw new IllegalArgumentException("an edge names its ports: " + from + " -> " + to);
            }
            ports = List.copyOf(ports);
        }
    }

    /** One ingress or egress rule: from (ingress) or to (egress) any of {@code peers} on any of {@code ports}. */
    public record Rule(List<Peer> peers, List<Port> ports, String why) {
        public Rule {
            // Empty peers or ports mean "all" to Kubernetes: a rule here always names both.
            if (peers.isEmpty() || ports.isEmpty()) {
                throw new IllegalArgumentException("a rule names its peers and ports: " + why);
            }
            peers = List.copyOf(peers);
            ports = List.copyOf(ports);
        }
    }

    /**
     * One NetworkPolicy.
     *
     * @param workload the workload whose pods it selects; empty: every pod of the namespace
     */
    public record PolicySpec(String name, Optional<String> workload, List<PolicyType> policyTypes,
                             List<Rule> ingress, List<Rule> egress, String why) {
        public PolicySpec {
            policyTypes = List.copyOf(policyTypes);
            ingress = List.copyOf(ingress);
            egress = List.copyOf(egress);
        }
    }

    private NetworkPolicyRules() {
    }

    /**
     * Every connection the namespace's pods may make or accept; nothing else is allowed.
     *
     * @param vpcCidr                the VPC's block: RDS has its addresses in the VPC's private subnets
     * @param pgbouncerEnabled       the app reaches PostgreSQL through the in-cluster PgBouncer
     * @param appConductorViaIngress the app reaches Conductor at {@code wss://<elb>/conductor/}, through the internet
     */
    public static List<Edge> edges(String vpcCidr, boolean pgbouncerEnabled, boolean appConductorViaIngress) {
        var all = new AllPods();
        var conductor = new WorkloadPods(CONDUCTOR);
        var console = new WorkloadPods(CONSOLE);
        var dex = new WorkloadPods(DEX);
        var app = new WorkloadPods(APP);
        var ingressNginx = new OtherNamespace(INGRESS_NAMESPACE, INGRESS_CONTROLLER_POD_LABELS);
        var keda = new OtherNamespace(KEDA_NAMESPACE, Map.of());
        var dns = new OtherNamespace(DNS_NAMESPACE, DNS_POD_LABELS);
        // RDS is outside the cluster, in the VPC's private subnets; its address changes on fail-over, so the whole VPC.
        var postgres = new Cidr(vpcCidr, List.of());
        // "The internet": everything outside the VPC, so no in-VPC service (the EKS API's endpoints, RDS) on 443.
        var internet = new Cidr(ANYWHERE, List.of(vpcCidr));

        var edges = new ArrayList<Edge>();
        // Every pod resolves Service and RDS names through CoreDNS, over UDP and, for large answers, TCP.
        edges.add(new Edge(all, dns, List.of(Port.udp(DNS_PORT), Port.tcp(DNS_PORT)), "DNS lookups"));
        // The public routes (RoutingTable): ingress-nginx proxies each path to its pods, on the pods' own ports.
        edges.add(new Edge(ingressNginx, conductor, List.of(Port.tcp(CONDUCTOR_PORT)), "/conductor/ from the load balancer"));
        edges.add(new Edge(ingressNginx, console, List.of(Port.tcp(CONSOLE_PORT)), "the Console UI from the load balancer"));
        edges.add(new Edge(ingressNginx, dex, List.of(Port.tcp(DEX_PORT)), "/dex/ logins from the load balancer"));
        edges.add(new Edge(ingressNginx, app, List.of(Port.tcp(APP_PORT)), "/app/ from the load balancer"));
        // The Console's backend calls Conductor's API at conductor.<ns>.svc:8090.
        edges.add(new Edge(console, conductor, List.of(Port.tcp(CONDUCTOR_PORT)), "Console backend to Conductor's API"));
        // The app registers with Conductor and keeps its WebSocket open to it.
        edges.add(new Edge(app, conductor, List.of(Port.tcp(CONDUCTOR_PORT)), "app's Conductor WebSocket"));
        // Conductor fetches Dex's signing keys (DBOS_OAUTH_JWKS_URL) to check the Console's tokens.
        edges.add(new Edge(conductor, dex, List.of(Port.tcp(DEX_PORT)), "Conductor fetches Dex's JWKS"));
        // With more than one replica, Conductor's replicas reach each other at their pod addresses (DBOS__ADVERTISE_ADDRESS).
        edges.add(new Edge(conductor, conductor, List.of(Port.tcp(CONDUCTOR_PORT)), "Conductor replica to replica"));
        // KEDA's operator reads the app's metrics endpoint to scale it.
        edges.add(new Edge(keda, app, List.of(Port.tcp(APP_PORT)), "KEDA reads the app's metrics"));
        // Each of these logs in to its own database on RDS.
        for (String workload : List.of(CONDUCTOR, DEX, BOOTSTRAP, MIGRATE)) {
            edges.add(new Edge(new WorkloadPods(workload), postgres, List.of(Port.tcp(POSTGRES_PORT)), workload + " to PostgreSQL on RDS"));
        }
        if (pgbouncerEnabled) {
            // The app's connections are pooled: it reaches only PgBouncer, and PgBouncer reaches RDS.
            edges.add(new Edge(app, new WorkloadPods(PGBOUNCER), List.of(Port.tcp(PGBOUNCER_PORT)), "app to PgBouncer"));
            edges.add(new Edge(new WorkloadPods(PGBOUNCER), postgres, List.of(Port.tcp(POSTGRES_PORT)), "PgBouncer to PostgreSQL on RDS"));
        } else {
            // Without a pooler the app connects to RDS itself.
            edges.add(new Edge(app, postgres, List.of(Port.tcp(POSTGRES_PORT)), "app to PostgreSQL on RDS"));
        }
        // Conductor checks its license against DBOS's cloud at start-up and exits without an answer.
        edges.add(new Edge(conductor, internet, List.of(Port.tcp(HTTPS_PORT)), "Conductor's license check"));
        if (appConductorViaIngress) {
            // The app reaches Conductor at wss://<elb>/conductor/: out through NAT, back in through the load balancer.
            edges.add(new Edge(app, internet, List.of(Port.tcp(HTTPS_PORT)), "app to Conductor through the load balancer"));
        }
        return List.copyOf(edges);
    }

    /**
     * The NetworkPolicies: {@value #DEFAULT_DENY} (every pod, ingress and egress, nothing allowed),
     * {@value #ALLOW_DNS} (every pod's egress to DNS), then one per workload with an edge, named after
     * it, holding the edges into it (ingress) and out of it (egress). Each workload's policy isolates
     * its pods both ways by itself, so deleting {@value #DEFAULT_DENY} opens nothing to a workload's pods
     * ({@value #ALLOW_DNS} alone isolates every pod's egress; only ingress to unlabelled pods would open).
     */
    public static List<PolicySpec> policies(String vpcCidr, boolean pgbouncerEnabled, boolean appConductorViaIngress) {
        List<Edge> edges = edges(vpcCidr, pgbouncerEnabled, appConductorViaIngress);
        var policies = new ArrayList<PolicySpec>();
        policies.add(new PolicySpec(DEFAULT_DENY, Optional.empty(), List.of(PolicyType.INGRESS, PolicyType.EGRESS),
                List.of(), List.of(), "every pod of the namespace: nothing in, nothing out, unless another policy allows it"));
        policies.add(new PolicySpec(ALLOW_DNS, Optional.empty(), List.of(PolicyType.EGRESS), List.of(),
                edges.stream().filter(e -> e.from() instanceof AllPods).map(e -> new Rule(List.of(e.to()), e.ports(), e.why())).toList(),
                "every pod of the namespace may resolve names"));
        for (String workload : WORKLOADS) {
            var self = new WorkloadPods(workload);
            List<Rule> ingress = edges.stream().filter(e -> e.to().equals(self))
                    .map(e -> new Rule(List.of(e.from()), e.ports(), e.why())).toList();
            List<Rule> egress = edges.stream().filter(e -> e.from().equals(self))
                    .map(e -> new Rule(List.of(e.to()), e.ports(), e.why())).toList();
            if (ingress.isEmpty() && egress.isEmpty()) {
                continue;
            }
            policies.add(new PolicySpec(workload, Optional.of(workload), List.of(PolicyType.INGRESS, PolicyType.EGRESS),
                    ingress, egress, "what " + workload + " accepts and opens"));
        }
        return List.copyOf(policies);
    }
}
