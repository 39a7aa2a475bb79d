package org.dbosconductor.security;

import org.dbosconductor.network.Ipv4Cidr;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides whether a connection is allowed under a set of {@code networking.k8s.io/v1} NetworkPolicy
 * objects, given as plain manifest maps (as {@code PlanWriter.manifests} gives them), following the
 * Kubernetes API's semantics:
 * <ul>
 *   <li>a pod is isolated for ingress (egress) when any policy of its namespace selects it and has
 *       {@code Ingress} ({@code Egress}) among its policy types; left out, the types default to
 *       {@code Ingress}, plus {@code Egress} when the policy has egress rules;</li>
 *   <li>a connection is allowed when the source's egress allows it (or the source is not isolated,
 *       or is outside the cluster) AND the destination's ingress allows it (likewise); policies are
 *       additive, a rule of any selecting policy is enough;</li>
 *   <li>a rule matches when one of its peers matches (no peers or an empty list: every peer) and one
 *       of its ports matches (none: every port); a port's protocol defaults to TCP, a missing port
 *       number means every port, {@code endPort} makes a range, and a named port is looked up among
 *       the destination pod's container ports;</li>
 *   <li>a peer's {@code podSelector} alone selects pods of the policy's own namespace; a
 *       {@code namespaceSelector} selects whole namespaces, narrowed by a {@code podSelector} in the
 *       same peer; an {@code ipBlock} (cidr minus except) selects addresses outside the cluster, and pod
 *       addresses too only when {@code ipBlocksMatchPods} (implementation-defined in Kubernetes; the
 *       EKS vpc-cni agent matches pod addresses, which are VPC addresses).</li>
 * </ul>
 * Every namespace carries {@code kubernetes.io/metadata.name=<name>}. Not modelled: host-network pods,
 * node-to-pod traffic (kubelet probes), and the reply direction (always allowed for an allowed connection).
 */
final class NetworkPolicyEvaluator {
    static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

    /** A container port a named policy port may refer to. */
    record NamedPort(String name, int number, String protocol) {
    }

    /** A pod (namespace set) or an address outside the cluster (namespace null). */
    record Endpoint(String name, String namespace, Map<String, String> labels, String ip, List<NamedPort> ports) {
        Endpoint {
            Objects.requireNonNull(name);
            Objects.requireNonNull(ip);
            labels = Map.copyOf(labels);
            ports = List.copyOf(ports);
        }

        static Endpoint pod(String name, String namespace, Map<String, String> labels, String ip, List<NamedPort> ports) {
            return new Endpoint(name, Objects.requireNonNull(namespace), labels, ip, ports);
        }

        static Endpoint external(String name, String ip) {
            return new Endpoint(name, null, Map.of(), ip, List.of());
        }

        boolean inCluster() {
            return namespace != null;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The outcome with which policy (or absence of one) decided each side. */
    record Verdict(boolean egressAllowed, String egress, boolean ingressAllowed, String ingress) {
        boolean allowed() {
            return egressAllowed && ingressAllowed;
        }

        @Override
        public String toString() {
            return (allowed() ? "allowed" : "denied") + " (egress: " + egress + "; ingress: " + ingress + ")";
        }
    }

    private final List<Map<String, Object>> policies;
    private final Map<String, Map<String, String>> namespaceLabels;
    private final boolean ipBlocksMatchPods;

    /**
     * @param objects         manifests; only NetworkPolicies are read
     * @param namespaceLabels extra labels of namespaces, beyond their name label
     */
    NetworkPolicyEvaluator(Collection<Map<String, Object>> objects, Map<String, Map<String, String>> namespaceLabels,
                           boolean ipBlocksMatchPods) {
        this.policies = objects.stream()
                .filter(o -> "NetworkPolicy".equals(o.get("kind")) && "networking.k8s.io/v1".equals(o.get("apiVersion")))
                .toList();
        this.namespaceLabels = Map.copyOf(namespaceLabels);
        this.ipBlocksMatchPods = ipBlocksMatchPods;
        policies.forEach(p -> {
            namespaceOf(p);
            podSelector(p);
        });
    }

    NetworkPolicyEvaluator(Collection<Map<String, Object>> objects) {
        this(objects, Map.of(), false);
    }

    Verdict check(Endpoint from, Endpoint to, int port, String protocol) {
        String[] egressReason = new String[1];
        String[] ingressReason = new String[1];
        boolean egress = side(from, to, port, protocol, "Egress", "to", to, egressReason);
        boolean ingress = side(to, from, port, protocol, "Ingress", "from", to, ingressReason);
        return new Verdict(egress, egressReason[0], ingress, ingressReason[0]);
    }

    /** Whether {@code subject}'s policies of {@code type} let it talk with {@code peer}. */
    private boolean side(Endpoint subject, Endpoint peer, int port, String protocol, String type, String peersKey,
                         Endpoint destination, String[] reason) {
        if (!subject.inCluster()) {
            reason[0] = subject + " is outside the cluster";
            return true;
        }
        var selecting = policies.stream().filter(p -> selects(p, subject) && policyTypes(p).contains(type)).toList();
        if (selecting.isEmpty()) {
            reason[0] = subject + " is not isolated for " + type;
            return true;
        }
        for (var policy : selecting) {
            for (Object ruleObject : list(spec(policy).get(type.toLowerCase()))) {
                var rule = map(ruleObject);
                if (peersMatch(list(rule.get(peersKey)), peer, namespaceOf(policy))
                        && portsMatch(list(rule.get("ports")), destination, port, protocol)) {
                    reason[0] = "policy " + namespaceOf(policy) + "/" + nameOf(policy);
                    return true;
                }
            }
        }
        reason[0] = "no rule of " + selecting.stream().map(NetworkPolicyEvaluator::nameOf).toList();
        return false;
    }

    boolean isolated(Endpoint pod, String type) {
        return pod.inCluster() && policies.stream().anyMatch(p -> selects(p, pod) && policyTypes(p).contains(type));
    }

    /** The policies selecting a pod. */
    List<String> selecting(Endpoint pod) {
        return policies.stream().filter(p -> selects(p, pod)).map(NetworkPolicyEvaluator::nameOf).toList();
    }

    private boolean selects(Map<String, Object> policy, Endpoint pod) {
        return pod.inCluster() && pod.namespace().equals(namespaceOf(policy)) && matches(podSelector(policy), pod.labels());
    }

    /** The API server's defaulting: left out (or empty), Ingress, plus Egress when there are egress rules. */
    static List<String> policyTypes(Map<String, Object> policy) {
        List<Object> declared = list(spec(policy).get("policyTypes"));
        if (!declared.isEmpty()) {
            return declared.stream().map(String::valueOf).toList();
        }
        var types = new ArrayList<String>(List.of("Ingress"));
        if (!list(spec(policy).get("egress")).isEmpty()) {
            types.add("Egress");
        }
        return types;
    }

    private boolean peersMatch(List<Object> peers, Endpoint endpoint, String policyNamespace) {
        // No peers: every source or destination.
        return peers.isEmpty() || peers.stream().anyMatch(p -> peerMatches(map(p), endpoint, policyNamespace));
    }

    private boolean peerMatches(Map<String, Object> peer, Endpoint endpoint, String policyNamespace) {
        Map<String, Object> ipBlock = map(peer.get("ipBlock"));
        Map<String, Object> podSelector = map(peer.get("podSelector"));
        Map<String, Object> namespaceSelector = map(peer.get("namespaceSelector"));
        if (ipBlock != null) {
            if (podSelector != null || namespaceSelector != null) {
                throw new IllegalArgumentException("a peer with an ipBlock has no selector: " + peer);
            }
            if (endpoint.inCluster() && !ipBlocksMatchPods) {
                return false;
            }
            Ipv4Cidr address = cidr(endpoint.ip() + "/32");
            return cidr(String.valueOf(ipBlock.get("cidr"))).contains(address)
                    && list(ipBlock.get("except")).stream().noneMatch(e -> cidr(String.valueOf(e)).contains(address));
        }
        if (!endpoint.inCluster()) {
            return false;
        }
        if (namespaceSelector != null) {
            return matches(namespaceSelector, labelsOfNamespace(endpoint.namespace()))
                    && (podSelector == null || matches(podSelector, endpoint.labels()));
        }
        if (podSelector != null) {
            return endpoint.namespace().equals(policyNamespace) && matches(podSelector, endpoint.labels());
        }
        throw new IllegalArgumentException("a peer names pods, namespaces or an ipBlock: " + peer);
    }

    private static boolean portsMatch(List<Object> ports, Endpoint destination, int port, String protocol) {
        // No ports: every port of every protocol.
        return ports.isEmpty() || ports.stream().anyMatch(p -> portMatches(map(p), destination, port, protocol));
    }

    private static boolean portMatches(Map<String, Object> rulePort, Endpoint destination, int port, String protocol) {
        String ruleProtocol = String.valueOf(rulePort.getOrDefault("protocol", "TCP"));
        if (!ruleProtocol.equals(protocol)) {
            return false;
        }
        Object number = rulePort.get("port");
        if (number == null) {
            return true;
        }
        if (number instanceof Number n) {
            Object endPort = rulePort.get("endPort");
            return endPort == null ? port == n.intValue() : port >= n.intValue() && port <= ((Number) endPort).intValue();
        }
        // A named port: the destination pod's container port of that name and protocol.
        return destination.ports().stream().anyMatch(named -> named.name().equals(number)
                && named.protocol().equals(protocol) && named.number() == port);
    }

    /** matchLabels AND matchExpressions; an empty selector matches everything. */
    static boolean matches(Map<String, Object> selector, Map<String, String> labels) {
        Map<String, Object> matchLabels = map(selector.get("matchLabels"));
        if (matchLabels != null && !matchLabels.entrySet().stream()
                .allMatch(e -> String.valueOf(e.getValue()).equals(labels.get(e.getKey())))) {
            return false;
        }
        for (Object expressionObject : list(selector.get("matchExpressions"))) {
            var expression = map(expressionObject);
            String key = String.valueOf(expression.get("key"));
            List<String> values = list(expression.get("values")).stream().map(String::valueOf).toList();
            boolean ok = switch (String.valueOf(expression.get("operator"))) {
                case "In" -> labels.containsKey(key) && values.contains(labels.get(key));
                case "NotIn" -> !labels.containsKey(key) || !values.contains(labels.get(key));
                case "Exists" -> labels.containsKey(key);
                case "DoesNotExist" -> !labels.containsKey(key);
                default -> throw new IllegalArgumentException("operator " + expression.get("operator"));
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private Map<String, String> labelsOfNamespace(String namespace) {
        var labels = new HashMap<>(namespaceLabels.getOrDefault(namespace, Map.of()));
        labels.put(NAMESPACE_NAME_LABEL, namespace);
        return labels;
    }

    private static Ipv4Cidr cidr(String text) {
        return Ipv4Cidr.parse(text).orElseThrow(() -> new IllegalArgumentException("not a CIDR block: " + text));
    }

    static String nameOf(Map<String, Object> policy) {
        return String.valueOf(map(policy.get("metadata")).get("name"));
    }

    private static String namespaceOf(Map<String, Object> policy) {
        Object namespace = map(policy.get("metadata")).get("namespace");
        if (namespace == null) {
            throw new IllegalArgumentException("policy " + nameOf(policy) + " has no namespace");
        }
        return String.valueOf(namespace);
    }

    private static Map<String, Object> podSelector(Map<String, Object> policy) {
        Map<String, Object> selector = map(spec(policy).get("podSelector"));
        if (selector == null) {
            throw new IllegalArgumentException("policy " + nameOf(policy) + " has no podSelector (required)");
        }
        return selector;
    }

    private static Map<String, Object> spec(Map<String, Object> policy) {
        return Objects.requireNonNull(map(policy.get("spec")), "spec of " + nameOf(policy));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }
}
