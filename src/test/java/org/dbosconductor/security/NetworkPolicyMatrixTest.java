package org.dbosconductor.security;

import org.dbosconductor.TestStacks;
import org.dbosconductor.network.Ipv4Cidr;
import org.dbosconductor.security.NetworkPolicyEvaluator.Endpoint;
import org.dbosconductor.security.NetworkPolicyEvaluator.NamedPort;
import org.dbosconductor.security.NetworkPolicyRules.PolicySpec;
import org.dbosconductor.support.KubernetesLabels;
import org.dbosconductor.synth.Plan;
import org.dbosconductor.synth.PlanWriter;
import org.dbosconductor.synth.PlannedResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import static org.dbosconductor.synth.PlanAssertions.list;
import static org.dbosconductor.synth.PlanAssertions.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The planned NetworkPolicies of the dev stack, evaluated with Kubernetes' semantics
 * ({@link NetworkPolicyEvaluator}) over the pods the plan runs plus the cluster around them and the
 * outside world: a matrix of (from, to, port, protocol) to allowed or denied. The rules' two switches
 * (PgBouncer, the app reaching Conductor through the load balancer) are checked on the rules themselves,
 * converted to manifests the way the component plans them (and that conversion is checked against the plan).
 */
class NetworkPolicyMatrixTest {
    static final String NS = "dbos";
    static final String TCP = "TCP";
    static final String UDP = "UDP";

    // Endpoints beside the planned pods: the cluster around the namespace, and the outside world.
    static final String NGINX = "ingress-nginx";
    static final String NGINX_ADMISSION = "ingress-nginx-admission";
    static final String KEDA = "keda-operator";
    static final String DNS = "kube-dns";
    static final String METRICS_SERVER = "kube-system/metrics-server";
    static final String DEFAULT_POD = "default/curious-pod";
    static final String NGINX_IMPOSTOR = "default/fake-ingress-nginx";
    static final String DNS_IMPOSTOR = "default/fake-kube-dns";
    static final String DEBUG_POD = "dbos/debug-pod";
    static final String RDS = "rds";
    static final String LICENSE_SERVER = "license-server";
    static final String ELB = "elb";
    static final String ATTACKER = "attacker";
    static final String NODE = "node";

    static final String CONDUCTOR = NetworkPolicyRules.CONDUCTOR;
    static final String CONSOLE = NetworkPolicyRules.CONSOLE;
    static final String DEX = NetworkPolicyRules.DEX;
    static final String APP = NetworkPolicyRules.APP;
    static final String BOOTSTRAP = NetworkPolicyRules.BOOTSTRAP;
    static final String MIGRATE = NetworkPolicyRules.MIGRATE;
    static final String PGBOUNCER = NetworkPolicyRules.PGBOUNCER;
    /** The namespace's own pods that every row about DNS covers. */
    static final List<String> DBOS_PODS = List.of(CONDUCTOR, CONSOLE, DEX, APP, BOOTSTRAP, MIGRATE, PGBOUNCER, DEBUG_POD);

    static Plan dev;
    static Map<String, Map<String, Object>> manifests;
    static List<Map<String, Object>> plannedPolicies;
    static String vpcCidr;
    static Map<String, Endpoint> endpoints;
    /** Workloads the dev plan does not run yet, stood in for with the labels every Workload's pods carry. */
    static Set<String> standIns;
    static NetworkPolicyEvaluator planned;
    /** The rules' switches the plan was made with: the one combination whose policies it holds. */
    static boolean plannedPgbouncer;
    static boolean plannedViaIngress;
    static boolean switchesFound;

    @BeforeAll
    static void synthesize() {
        dev = TestStacks.synth("dev");
        manifests = PlanWriter.manifests(dev);
        plannedPolicies = manifests.values().stream().filter(o -> "NetworkPolicy".equals(o.get("kind"))).toList();
        vpcCidr = String.valueOf(dev.ofType("aws:ec2/vpc:Vpc").get(0).inputs().get("cidrBlock"));
        endpoints = endpoints();
        planned = new NetworkPolicyEvaluator(plannedPolicies);
        for (boolean pgbouncer : List.of(false, true)) {
            for (boolean viaIngress : List.of(false, true)) {
                if (specsByName(asManifests(NetworkPolicyRules.policies(vpcCidr, pgbouncer, viaIngress))).equals(specsByName(plannedPolicies))) {
                    plannedPgbouncer = pgbouncer;
                    plannedViaIngress = viaIngress;
                    switchesFound = true;
                }
            }
        }
    }

    static Map<String, Object> specsByName(List<Map<String, Object>> policies) {
        return policies.stream().collect(Collectors.toMap(NetworkPolicyEvaluator::nameOf, p -> plain(p.get("spec"))));
    }

    // ------------------------------------------------------------------ the endpoints

    private static Map<String, Endpoint> endpoints() {
        List<Ipv4Cidr> privateSubnets = dev.ofType("aws:ec2/subnet:Subnet").stream()
                .filter(s -> map(s.inputs().get("tags")).containsKey("kubernetes.io/role/internal-elb"))
                .map(s -> Ipv4Cidr.parse(String.valueOf(s.inputs().get("cidrBlock"))).orElseThrow())
                .sorted((a, b) -> Long.compare(a.network(), b.network())).toList();
        assertFalse(privateSubnets.isEmpty(), "the plan's private subnets");
        // The VPC CNI gives pods addresses in the private subnets, beside RDS.
        long[] nextPodAddress = {privateSubnets.get(privateSubnets.size() - 1).network() + 10};

        var all = new LinkedHashMap<String, Endpoint>();
        // Every pod the plan runs in the namespace, from its Deployment's or Job's pod template.
        for (var object : manifests.values()) {
            if (!Set.of("Deployment", "Job").contains(object.get("kind")) || !NS.equals(map(object.get("metadata")).get("namespace"))) {
                continue;
            }
            var template = map(map(object.get("spec")).get("template"));
            var labels = new TreeMap<String, String>();
            map(map(template.get("metadata")).get("labels")).forEach((k, v) -> labels.put(k, String.valueOf(v)));
            var ports = new ArrayList<NamedPort>();
            for (Object container : list(map(template.get("spec")).get("containers"))) {
                for (Object port : list(map(container).getOrDefault("ports", List.of()))) {
                    var p = map(port);
                    if (p.get("name") != null) {
                        ports.add(new NamedPort(String.valueOf(p.get("name")), ((Number) p.get("containerPort")).intValue(),
                                String.valueOf(p.getOrDefault("protocol", TCP))));
                    }
                }
            }
            String name = labels.get(NetworkPolicyRules.NAME_LABEL);
            all.put(name, Endpoint.pod(name, NS, labels, address(nextPodAddress[0]++), ports));
        }
        assertTrue(all.keySet().containsAll(List.of(CONDUCTOR, CONSOLE, DEX, BOOTSTRAP)), all.keySet().toString());
        standIns = new TreeSet<>();
        for (var standIn : List.of(List.of(APP, "app", "8080"), List.of(MIGRATE, "migration", ""),
                List.of(PGBOUNCER, "database", "5432"))) {
            String name = standIn.get(0);
            if (!all.containsKey(name)) {
                standIns.add(name);
                NamedPort[] ports = standIn.get(2).isEmpty() ? new NamedPort[0]
                        : new NamedPort[] {new NamedPort("http", Integer.parseInt(standIn.get(2)), TCP)};
                addPod(all, nextPodAddress, name, NS, KubernetesLabels.recommended(name, standIn.get(1)), ports);
            }
        }
        // Someone's `kubectl run` in the namespace: no workload labels, so only the namespace-wide policies select it.
        addPod(all, nextPodAddress, DEBUG_POD, NS, Map.of("run", "debug"));
        // The ingress-nginx chart's controller and admission-webhook pods.
        addPod(all, nextPodAddress, NGINX, "ingress-nginx", Map.of("app.kubernetes.io/name", "ingress-nginx",
                "app.kubernetes.io/instance", "ingress-nginx", "app.kubernetes.io/component", "controller"));
        addPod(all, nextPodAddress, NGINX_ADMISSION, "ingress-nginx", Map.of("app.kubernetes.io/name", "ingress-nginx",
                "app.kubernetes.io/instance", "ingress-nginx", "app.kubernetes.io/component", "admission-webhook"));
        addPod(all, nextPodAddress, KEDA, "keda", Map.of("app", "keda-operator", "app.kubernetes.io/name", "keda-operator"));
        addPod(all, nextPodAddress, DNS, "kube-system", Map.of("k8s-app", "kube-dns", "eks.amazonaws.com/component", "coredns"),
                new NamedPort("dns", 53, UDP), new NamedPort("dns-tcp", 53, TCP));
        addPod(all, nextPodAddress, METRICS_SERVER, "kube-system", Map.of("k8s-app", "metrics-server"));
        addPod(all, nextPodAddress, DEFAULT_POD, "default", Map.of("app", "curious"));
        // Pods anyone who can create pods elsewhere could label like the ones the policies trust.
        addPod(all, nextPodAddress, NGINX_IMPOSTOR, "default", Map.of("app.kubernetes.io/name", "ingress-nginx",
                "app.kubernetes.io/component", "controller"));
        addPod(all, nextPodAddress, DNS_IMPOSTOR, "default", Map.of("k8s-app", "kube-dns"));
        // RDS: in the first private subnet, at its first address AWS does not reserve (.0-.3 are AWS's).
        all.put(RDS, Endpoint.external(RDS, address(privateSubnets.get(0).network() + 4)));
        // A node's own address (host network: the kubelet on 10250), also in a private subnet.
        all.put(NODE, Endpoint.external(NODE, address(privateSubnets.get(0).network() + 5)));
        // The internet (RFC 5737 documentation addresses): DBOS's license service, the ELB's public address, an attacker.
        all.put(LICENSE_SERVER, Endpoint.external(LICENSE_SERVER, "203.0.113.10"));
        all.put(ELB, Endpoint.external(ELB, "192.0.2.44"));
        all.put(ATTACKER, Endpoint.external(ATTACKER, "198.51.100.66"));
        Ipv4Cidr vpc = Ipv4Cidr.parse(vpcCidr).orElseThrow();
        all.values().forEach(e -> assertEquals(e.inCluster() || e.name().equals(RDS) || e.name().equals(NODE),
                vpc.contains(Ipv4Cidr.parse(e.ip() + "/32").orElseThrow()),
                e + " at " + e.ip() + ": pods, nodes and RDS inside the VPC " + vpc + ", the internet outside"));
        return all;
    }

    private static void addPod(Map<String, Endpoint> all, long[] nextAddress, String name, String namespace,
                               Map<String, String> labels, NamedPort... ports) {
        all.put(name, Endpoint.pod(name, namespace, labels, address(nextAddress[0]++), List.of(ports)));
    }

    private static String address(long value) {
        String text = new Ipv4Cidr(value, 32).toString();
        return text.substring(0, text.indexOf('/'));
    }

    // ------------------------------------------------------------------ the matrix

    /** A connection from one endpoint to another's port, and whether the policies must allow it. */
    record Row(String from, String to, int port, String protocol, boolean allowed) {
        @Override
        public String toString() {
            return from + " -> " + to + ":" + port + "/" + protocol + (allowed ? "  allowed" : "  DENIED");
        }

        boolean involves(String endpoint) {
            return from.equals(endpoint) || to.equals(endpoint);
        }
    }

    static Row allow(String from, String to, int port) {
        return new Row(from, to, port, TCP, true);
    }

    static Row deny(String from, String to, int port) {
        return new Row(from, to, port, TCP, false);
    }

    /** The dev stack's defaults: no PgBouncer, the app reaches Conductor inside the cluster. */
    static List<Row> matrix() {
        var rows = new ArrayList<Row>();
        // The public routes, on the pods' ports.
        rows.add(allow(NGINX, CONDUCTOR, 8090));
        rows.add(allow(NGINX, CONSOLE, 8080));
        rows.add(allow(NGINX, DEX, 5556));
        rows.add(allow(NGINX, APP, 8080));
        // Inside the namespace.
        rows.add(allow(CONSOLE, CONDUCTOR, 8090));
        rows.add(allow(APP, CONDUCTOR, 8090));
        rows.add(allow(CONDUCTOR, DEX, 5556));
        rows.add(allow(CONDUCTOR, CONDUCTOR, 8090));
        rows.add(allow(KEDA, APP, 8080));
        // PostgreSQL on RDS.
        for (String client : List.of(CONDUCTOR, DEX, BOOTSTRAP, MIGRATE)) {
            rows.add(allow(client, RDS, 5432));
        }
        if (plannedPgbouncer) {
            rows.add(allow(APP, PGBOUNCER, 5432));
            rows.add(allow(PGBOUNCER, RDS, 5432));
            rows.add(deny(APP, RDS, 5432));
            rows.add(deny(CONDUCTOR, PGBOUNCER, 5432));
            rows.add(deny(NGINX, PGBOUNCER, 5432));
            rows.add(deny(DEFAULT_POD, PGBOUNCER, 5432));
            rows.add(deny(PGBOUNCER, LICENSE_SERVER, 443));
        } else {
            rows.add(allow(APP, RDS, 5432));
            rows.add(deny(APP, PGBOUNCER, 5432));
        }
        if (plannedViaIngress) {
            rows.add(allow(APP, ELB, 443));
            rows.add(deny(APP, ELB, 80));
            rows.add(deny(APP, RDS, 443));
        } else {
            rows.add(deny(APP, ELB, 443));
            rows.add(deny(APP, LICENSE_SERVER, 443));
        }
        rows.add(allow(CONDUCTOR, LICENSE_SERVER, 443));
        // DNS, for every pod of the namespace, only on 53 and only to the real CoreDNS.
        for (String pod : DBOS_PODS) {
            rows.add(new Row(pod, DNS, 53, UDP, true));
            rows.add(new Row(pod, DNS, 53, TCP, true));
            rows.add(new Row(pod, DNS, 54, UDP, false));
        }
        rows.add(new Row(CONDUCTOR, METRICS_SERVER, 53, UDP, false));
        rows.add(new Row(CONDUCTOR, DNS_IMPOSTOR, 53, UDP, false));
        // Inside the namespace, nothing else.
        rows.add(deny(CONSOLE, DEX, 5556));
        rows.add(deny(CONSOLE, RDS, 5432));
        rows.add(deny(CONSOLE, LICENSE_SERVER, 443));
        rows.add(deny(APP, DEX, 5556));
        rows.add(deny(CONDUCTOR, CONSOLE, 8080));
        rows.add(deny(DEX, CONDUCTOR, 8090));
        rows.add(deny(BOOTSTRAP, CONDUCTOR, 8090));
        rows.add(deny(DEBUG_POD, CONDUCTOR, 8090));
        rows.add(deny(DEBUG_POD, LICENSE_SERVER, 443));
        // A pod no workload policy selects accepts nothing either (default-deny; allow-dns isolates only its egress).
        rows.add(deny(DEFAULT_POD, DEBUG_POD, 8080));
        rows.add(deny(CONDUCTOR, DEBUG_POD, 8080));
        // Out of the namespace: only the license check, only on 443, only outside the VPC.
        rows.add(deny(CONDUCTOR, LICENSE_SERVER, 80));
        rows.add(deny(CONDUCTOR, ATTACKER, 80));
        rows.add(deny(CONDUCTOR, ATTACKER, 5432));
        rows.add(deny(CONDUCTOR, RDS, 443));
        rows.add(deny(CONDUCTOR, NODE, 10250));
        rows.add(deny(DEX, NODE, 10250));
        rows.add(deny(BOOTSTRAP, RDS, 22));
        rows.add(deny(CONDUCTOR, DEFAULT_POD, 8080));
        rows.add(deny(CONDUCTOR, DEFAULT_POD, 5432));
        rows.add(deny(DEX, LICENSE_SERVER, 443));
        rows.add(deny(DEX, ATTACKER, 5432));
        rows.add(deny(BOOTSTRAP, LICENSE_SERVER, 443));
        rows.add(deny(MIGRATE, LICENSE_SERVER, 443));
        rows.add(deny(APP, KEDA, 8080));
        // Into the namespace: only ingress-nginx's controller on the routed ports, and KEDA to the app.
        rows.add(deny(NGINX, CONDUCTOR, 9999));
        rows.add(deny(NGINX, CONSOLE, 80));
        rows.add(deny(NGINX, BOOTSTRAP, 5432));
        rows.add(deny(NGINX_ADMISSION, CONDUCTOR, 8090));
        rows.add(deny(NGINX_IMPOSTOR, CONDUCTOR, 8090));
        rows.add(deny(KEDA, CONDUCTOR, 8090));
        rows.add(deny(KEDA, CONSOLE, 8080));
        rows.add(deny(DNS, CONDUCTOR, 8090));
        rows.add(deny(DEFAULT_POD, CONDUCTOR, 8090));
        rows.add(deny(DEFAULT_POD, CONSOLE, 8080));
        rows.add(deny(DEFAULT_POD, DEX, 5556));
        rows.add(deny(DEFAULT_POD, APP, 8080));
        rows.add(deny(ATTACKER, CONDUCTOR, 8090));
        rows.add(deny(ATTACKER, CONSOLE, 8080));
        rows.add(deny(ATTACKER, DEX, 5556));
        rows.add(deny(RDS, CONDUCTOR, 8090));
        return rows;
    }

    static NetworkPolicyEvaluator.Verdict verdict(NetworkPolicyEvaluator evaluator, Row row) {
        return evaluator.check(endpoint(row.from()), endpoint(row.to()), row.port(), row.protocol());
    }

    static Endpoint endpoint(String name) {
        Endpoint endpoint = endpoints.get(name);
        if (endpoint == null) {
            throw new IllegalArgumentException("no endpoint " + name + " in " + endpoints.keySet());
        }
        return endpoint;
    }

    /** The rows the evaluator answers otherwise. */
    static List<String> failures(NetworkPolicyEvaluator evaluator, List<Row> rows) {
        return rows.stream().filter(r -> verdict(evaluator, r).allowed() != r.allowed())
                .map(r -> r + " but " + verdict(evaluator, r)).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void thePlannedPoliciesAllowExactlyTheseConnections(Row row) {
        var verdict = verdict(planned, row);
        assertEquals(row.allowed(), verdict.allowed(), row + ": " + verdict);
    }

    // ------------------------------------------------------------------ the switches, on the rules

    /** A row of the matrix under one setting of the rules' two switches. */
    record SwitchedRow(boolean pgbouncer, boolean viaIngress, Row row) {
        @Override
        public String toString() {
            return "pgbouncer " + (pgbouncer ? "on" : "off") + ", app via ingress " + (viaIngress ? "on" : "off") + ": " + row;
        }
    }

    static List<SwitchedRow> switchedMatrix() {
        var rows = new ArrayList<SwitchedRow>();
        for (boolean viaIngress : List.of(false, true)) {
            // Without PgBouncer the app goes to RDS itself, and nobody may reach a PgBouncer pod.
            rows.add(new SwitchedRow(false, viaIngress, allow(APP, RDS, 5432)));
            rows.add(new SwitchedRow(false, viaIngress, deny(APP, PGBOUNCER, 5432)));
            rows.add(new SwitchedRow(false, viaIngress, deny(PGBOUNCER, RDS, 5432)));
            // With it, the app reaches only PgBouncer, and PgBouncer reaches RDS.
            rows.add(new SwitchedRow(true, viaIngress, allow(APP, PGBOUNCER, 5432)));
            rows.add(new SwitchedRow(true, viaIngress, deny(APP, PGBOUNCER, 6432)));
            rows.add(new SwitchedRow(true, viaIngress, deny(APP, RDS, 5432)));
            rows.add(new SwitchedRow(true, viaIngress, allow(PGBOUNCER, RDS, 5432)));
            rows.add(new SwitchedRow(true, viaIngress, new Row(PGBOUNCER, DNS, 53, UDP, true)));
            rows.add(new SwitchedRow(true, viaIngress, allow(MIGRATE, RDS, 5432)));
            rows.add(new SwitchedRow(true, viaIngress, deny(CONDUCTOR, PGBOUNCER, 5432)));
            rows.add(new SwitchedRow(true, viaIngress, deny(CONSOLE, PGBOUNCER, 5432)));
            rows.add(new SwitchedRow(true, viaIngress, deny(NGINX, PGBOUNCER, 5432)));
            rows.add(new SwitchedRow(true, viaIngress, deny(DEFAULT_POD, PGBOUNCER, 5432)));
            rows.add(new SwitchedRow(true, viaIngress, deny(PGBOUNCER, LICENSE_SERVER, 443)));
            rows.add(new SwitchedRow(true, viaIngress, deny(PGBOUNCER, CONDUCTOR, 8090)));
        }
        for (boolean pgbouncer : List.of(false, true)) {
            // Through the load balancer the app needs 443 to the internet (the ELB's public address)...
            rows.add(new SwitchedRow(pgbouncer, true, allow(APP, ELB, 443)));
            rows.add(new SwitchedRow(pgbouncer, true, deny(APP, ELB, 80)));
            rows.add(new SwitchedRow(pgbouncer, true, deny(APP, RDS, 443)));
            rows.add(new SwitchedRow(pgbouncer, true, deny(APP, ATTACKER, 8443)));
            rows.add(new SwitchedRow(pgbouncer, true, allow(APP, CONDUCTOR, 8090)));
            rows.add(new SwitchedRow(pgbouncer, true, deny(CONSOLE, ELB, 443)));
            rows.add(new SwitchedRow(pgbouncer, true, deny(DEX, ELB, 443)));
            // ... and without it, not at all.
            rows.add(new SwitchedRow(pgbouncer, false, deny(APP, ELB, 443)));
            rows.add(new SwitchedRow(pgbouncer, false, allow(APP, CONDUCTOR, 8090)));
            rows.add(new SwitchedRow(pgbouncer, false, allow(CONDUCTOR, LICENSE_SERVER, 443)));
        }
        return rows;
    }

    static NetworkPolicyEvaluator rules(boolean pgbouncer, boolean viaIngress) {
        return new NetworkPolicyEvaluator(asManifests(NetworkPolicyRules.policies(vpcCidr, pgbouncer, viaIngress)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("switchedMatrix")
    void theRulesFollowTheirSwitches(SwitchedRow switched) {
        var verdict = verdict(rules(switched.pgbouncer(), switched.viaIngress()), switched.row());
        assertEquals(switched.row().allowed(), verdict.allowed(), switched + ": " + verdict);
    }

    @Test
    void everyRowNotAboutTheAppOrPgBouncerHoldsWhateverTheSwitches() {
        List<Row> independent = matrix().stream().filter(r -> !r.involves(APP) && !r.involves(PGBOUNCER)).toList();
        assertTrue(independent.size() > 50, "most of the matrix: " + independent.size());
        for (boolean pgbouncer : List.of(false, true)) {
            for (boolean viaIngress : List.of(false, true)) {
                var failed = failures(rules(pgbouncer, viaIngress), independent);
                assertTrue(failed.isEmpty(), "pgbouncer " + pgbouncer + ", via ingress " + viaIngress + ":\n  " + String.join("\n  ", failed));
            }
        }
    }

    /** The rules as the manifests {@link NetworkPolicies} plans for them (checked against the plan below). */
    static List<Map<String, Object>> asManifests(List<PolicySpec> specs) {
        return specs.stream().map(spec -> {
            var policySpec = new LinkedHashMap<String, Object>();
            policySpec.put("podSelector", spec.workload().<Object>map(w -> Map.of("matchLabels", new NetworkPolicyRules.WorkloadPods(w).labels()))
                    .orElse(Map.of()));
            policySpec.put("policyTypes", spec.policyTypes().stream().map(t -> t.kubernetesName).toList());
            if (!spec.ingress().isEmpty()) {
                policySpec.put("ingress", spec.ingress().stream().map(r -> Map.of("from", peers(r), "ports", ports(r))).toList());
            }
            if (!spec.egress().isEmpty()) {
                policySpec.put("egress", spec.egress().stream().map(r -> Map.of("to", peers(r), "ports", ports(r))).toList());
            }
            return Map.<String, Object>of("apiVersion", "networking.k8s.io/v1", "kind", "NetworkPolicy",
                    "metadata", Map.of("name", spec.name(), "namespace", NS), "spec", policySpec);
        }).toList();
    }

    private static List<Object> peers(NetworkPolicyRules.Rule rule) {
        return rule.peers().stream().<Object>map(peer -> {
            if (peer instanceof NetworkPolicyRules.WorkloadPods pods) {
                return Map.of("podSelector", Map.of("matchLabels", pods.labels()));
            } else if (peer instanceof NetworkPolicyRules.AllPods) {
                return Map.of("podSelector", Map.of());
            } else if (peer instanceof NetworkPolicyRules.OtherNamespace other) {
                var result = new LinkedHashMap<String, Object>();
                result.put("namespaceSelector", Map.of("matchLabels", Map.of(NetworkPolicyRules.NAMESPACE_NAME_LABEL, other.namespace())));
                if (!other.podLabels().isEmpty()) {
                    result.put("podSelector", Map.of("matchLabels", other.podLabels()));
                }
                return result;
            } else {
                var cidr = (NetworkPolicyRules.Cidr) peer;
                return Map.of("ipBlock", cidr.except().isEmpty() ? Map.of("cidr", cidr.cidr())
                        : Map.of("cidr", cidr.cidr(), "except", cidr.except()));
            }
        }).toList();
    }

    private static List<Object> ports(NetworkPolicyRules.Rule rule) {
        return rule.ports().stream().<Object>map(p -> Map.of("protocol", p.protocol().name(), "port", p.number())).toList();
    }

    // ------------------------------------------------------------------ the plan itself

    @Test
    void theComponentPlansExactlyTheRulesConvertedHere() {
        // Shown against the defaults when no combination of the switches matches.
        assertTrue(switchesFound, () -> "the plan's NetworkPolicies are not the rules' for any switches; against the defaults:\n"
                + specsByName(asManifests(NetworkPolicyRules.policies(vpcCidr, false, false))) + "\nplanned:\n" + specsByName(plannedPolicies));
        var expectedNames = new TreeSet<>(List.of("default-deny", "allow-dns", CONDUCTOR, CONSOLE, DEX, APP, BOOTSTRAP, MIGRATE));
        if (plannedPgbouncer) {
            expectedNames.add(PGBOUNCER);
        }
        assertEquals(expectedNames, new TreeSet<>(specsByName(plannedPolicies).keySet()), "a PgBouncer policy only with PgBouncer");
        System.out.println("NetworkPolicyMatrixTest: the dev plan's policies are the rules' with pgbouncerEnabled=" + plannedPgbouncer
                + ", appConductorViaIngress=" + plannedViaIngress + "; stand-ins for unplanned workloads: " + standIns);
    }

    @Test
    void everyPolicyIsInTheNamespaceLabelledAndParentedToTheComponent() {
        var component = dev.ofType("dbos-conductor:security:NetworkPolicies");
        assertEquals(1, component.size());
        List<PlannedResource> resources = dev.ofType("kubernetes:networking.k8s.io/v1:NetworkPolicy");
        assertEquals(plannedPolicies.size(), resources.size());
        for (var resource : resources) {
            assertEquals(component.get(0).name(), resource.parent(), resource.name());
            var metadata = map(resource.inputs().get("metadata"));
            assertEquals(NS, metadata.get("namespace"));
            assertEquals(KubernetesLabels.recommended(String.valueOf(metadata.get("name")), "network-policy"), metadata.get("labels"));
        }
    }

    @Test
    void everyPlannedPodIsIsolatedBothWaysAndSelectedByItsOwnPolicy() {
        for (var pod : endpoints.values()) {
            if (!NS.equals(pod.namespace())) {
                continue;
            }
            assertTrue(planned.isolated(pod, "Ingress") && planned.isolated(pod, "Egress"), pod + " is isolated");
            if (!pod.name().equals(DEBUG_POD) && !standIns.contains(pod.name())) {
                // A planned workload without its own policy could not even be reached by ingress-nginx.
                assertTrue(planned.selecting(pod).contains(pod.name()), pod + " selected by " + planned.selecting(pod));
            }
        }
    }

    /** Numbers as longs, so the plan's numbers and the converter's ints compare. */
    static Object plain(Object value) {
        if (value instanceof Map<?, ?> m) {
            var copy = new TreeMap<String, Object>();
            m.forEach((k, v) -> copy.put(String.valueOf(k), plain(v)));
            return copy;
        }
        if (value instanceof List<?> l) {
            return l.stream().map(NetworkPolicyMatrixTest::plain).toList();
        }
        if (value instanceof Number n) {
            return n.longValue();
        }
        return value;
    }

    // ------------------------------------------------------------------ semantics worth knowing

    /**
     * Whether an ipBlock also matches pod addresses is left to the implementation; the EKS vpc-cni agent
     * matches them, and pods have VPC addresses. Then the "RDS" block (the VPC) also reaches any
     * unisolated pod listening on 5432; every pod of the namespace still refuses it by its own ingress.
     */
    @Test
    void whereIpBlocksAlsoMatchPodsOnlyUnisolatedPostgresPortsOutsideTheNamespaceOpenUp() {
        var vpcCni = new NetworkPolicyEvaluator(plannedPolicies, Map.of(), true);
        List<String> differ = matrix().stream().filter(r -> verdict(vpcCni, r).allowed() != verdict(planned, r).allowed())
                .map(Row::toString).toList();
        assertEquals(List.of(deny(CONDUCTOR, DEFAULT_POD, 5432).toString()), differ);
        for (boolean pgbouncer : List.of(false, true)) {
            var rules = new NetworkPolicyEvaluator(asManifests(NetworkPolicyRules.policies(vpcCidr, pgbouncer, true)), Map.of(), true);
            // The VPC is cut out of the internet block: no pod, node or in-VPC endpoint on 443.
            assertFalse(verdict(rules, deny(APP, DEFAULT_POD, 443)).allowed());
            assertFalse(verdict(rules, deny(CONDUCTOR, DEFAULT_POD, 443)).allowed());
            // PgBouncer's own ingress keeps the other RDS clients out, whatever their egress allows.
            assertFalse(verdict(rules, deny(CONDUCTOR, PGBOUNCER, 5432)).allowed());
        }
    }

    /** A pod selector alone looks in the policy's namespace; two peers are OR; both selectors in one peer are AND. */
    @Test
    void dnsNeedsTheNamespaceAndPodSelectorsInOnePeer() {
        Map<String, Object> nsOnly = Map.of("namespaceSelector",
                Map.of("matchLabels", Map.of(NetworkPolicyEvaluator.NAMESPACE_NAME_LABEL, "kube-system")));
        Map<String, Object> podOnly = Map.of("podSelector", Map.of("matchLabels", Map.of("k8s-app", "kube-dns")));
        List<Map<String, Object>> dnsPorts = List.of(Map.of("protocol", UDP, "port", 53));

        var podSelectorOnly = withDnsPeers(List.of(podOnly), dnsPorts);
        assertFalse(verdict(podSelectorOnly, new Row(CONDUCTOR, DNS, 53, UDP, true)).allowed(), "kube-dns is not in dbos");

        var twoPeers = withDnsPeers(List.of(nsOnly, podOnly), dnsPorts);
        assertTrue(verdict(twoPeers, new Row(CONDUCTOR, DNS, 53, UDP, true)).allowed());
        assertTrue(verdict(twoPeers, new Row(CONDUCTOR, METRICS_SERVER, 53, UDP, true)).allowed(), "any kube-system pod");

        var onePeer = withDnsPeers(null, null);
        assertTrue(verdict(onePeer, new Row(CONDUCTOR, DNS, 53, UDP, true)).allowed());
        assertFalse(verdict(onePeer, new Row(CONDUCTOR, METRICS_SERVER, 53, UDP, false)).allowed());
        assertFalse(verdict(onePeer, new Row(CONDUCTOR, DNS_IMPOSTOR, 53, UDP, false)).allowed());
    }

    /** The planned policies with allow-dns's peers (and ports) replaced; null keeps the planned ones. */
    private static NetworkPolicyEvaluator withDnsPeers(List<Map<String, Object>> peers, List<Map<String, Object>> ports) {
        return new NetworkPolicyEvaluator(plannedPolicies.stream().map(p -> {
            if (!NetworkPolicyRules.ALLOW_DNS.equals(NetworkPolicyEvaluator.nameOf(p)) || peers == null) {
                return p;
            }
            var copy = new LinkedHashMap<>(p);
            var spec = new LinkedHashMap<>(map(p.get("spec")));
            spec.put("egress", List.of(Map.of("to", peers, "ports", ports)));
            copy.put("spec", spec);
            return (Map<String, Object>) copy;
        }).toList());
    }

    // ------------------------------------------------------------------ the matrix can fail

    /** A broken policy set, and the name to report it by. */
    record Mutation(String name, UnaryOperator<List<Map<String, Object>>> apply) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Mutation> mutations() {
        return List.of(
                new Mutation("allow-dns dropped", policies -> policies.stream()
                        .filter(p -> !NetworkPolicyRules.ALLOW_DNS.equals(NetworkPolicyEvaluator.nameOf(p))).toList()),
                new Mutation("default-deny dropped", policies -> policies.stream()
                        .filter(p -> !NetworkPolicyRules.DEFAULT_DENY.equals(NetworkPolicyEvaluator.nameOf(p))).toList()),
                new Mutation("console's egress to anywhere on any port", policies -> editSpec(policies, CONSOLE,
                        spec -> spec.put("egress", List.of(Map.of())))),
                new Mutation("ingress-nginx's selectors split into two peers", policies -> editSpec(policies, CONDUCTOR, spec -> {
                    var ingress = new ArrayList<Object>(list(spec.get("ingress")));
                    var rule = map(ingress.get(0));
                    var peer = map(list(rule.get("from")).get(0));
                    ingress.set(0, Map.of("ports", rule.get("ports"), "from", List.of(
                            Map.of("namespaceSelector", peer.get("namespaceSelector")), Map.of("podSelector", peer.get("podSelector")))));
                    spec.put("ingress", ingress);
                })),
                new Mutation("the license check's ipBlock without except", policies -> editSpec(policies, CONDUCTOR, spec ->
                        spec.put("egress", list(spec.get("egress")).stream().map(r -> {
                            var rule = map(r);
                            var block = map(map(list(rule.get("to")).get(0)).get("ipBlock"));
                            return block != null && "0.0.0.0/0".equals(block.get("cidr"))
                                    ? Map.of("ports", rule.get("ports"), "to", List.of(Map.of("ipBlock", Map.of("cidr", "0.0.0.0/0"))))
                                    : r;
                        }).toList()))),
                new Mutation("the RDS rule's ports left out", policies -> editSpec(policies, DEX, spec ->
                        spec.put("egress", List.of(Map.of("to", map(list(spec.get("egress")).get(0)).get("to")))))),
                new Mutation("the Console allowed on its Service port", policies -> editSpec(policies, CONSOLE, spec -> {
                    var rule = map(list(spec.get("ingress")).get(0));
                    spec.put("ingress", List.of(Map.of("from", rule.get("from"), "ports", List.of(Map.of("protocol", TCP, "port", 80)))));
                })),
                new Mutation("dex's egress rules dropped, its policyTypes left to the default", policies -> editSpec(policies, DEX, spec -> {
                    spec.remove("policyTypes");
                    spec.remove("egress");
                })));
    }

    private static List<Map<String, Object>> editSpec(List<Map<String, Object>> policies, String name,
                                                      java.util.function.Consumer<Map<String, Object>> edit) {
        return policies.stream().map(p -> {
            if (!name.equals(NetworkPolicyEvaluator.nameOf(p))) {
                return p;
            }
            var copy = new LinkedHashMap<>(p);
            var spec = new LinkedHashMap<>(map(p.get("spec")));
            edit.accept(spec);
            copy.put("spec", spec);
            return (Map<String, Object>) copy;
        }).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutations")
    void theMatrixCatchesABrokenPolicy(Mutation mutation) {
        var broken = new NetworkPolicyEvaluator(mutation.apply().apply(plannedPolicies));
        var failed = failures(broken, matrix());
        assertFalse(failed.isEmpty(), mutation + " went unnoticed");
        System.out.println("NetworkPolicyMatrixTest: " + mutation + " fails " + failed.size() + " row(s), e.g. " + failed.get(0));
    }
}
