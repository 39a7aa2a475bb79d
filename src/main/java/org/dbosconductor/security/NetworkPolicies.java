package org.dbosconductor.security;

import com.pulumi.core.Output;
import com.pulumi.kubernetes.Provider;
import com.pulumi.kubernetes.meta.v1.inputs.LabelSelectorArgs;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.kubernetes.networking.v1.NetworkPolicy;
import com.pulumi.kubernetes.networking.v1.NetworkPolicyArgs;
import com.pulumi.kubernetes.networking.v1.inputs.IPBlockArgs;
import com.pulumi.kubernetes.networking.v1.inputs.NetworkPolicyEgressRuleArgs;
import com.pulumi.kubernetes.networking.v1.inputs.NetworkPolicyIngressRuleArgs;
import com.pulumi.kubernetes.networking.v1.inputs.NetworkPolicyPeerArgs;
import com.pulumi.kubernetes.networking.v1.inputs.NetworkPolicyPortArgs;
import com.pulumi.kubernetes.networking.v1.inputs.NetworkPolicySpecArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.ResourceArgs;
import org.dbosconductor.config.StackConfig;
import org.dbosconductor.support.KubernetesLabels;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The workload namespace's NetworkPolicies: default deny both ways, then exactly the connections of
 * {@link NetworkPolicyRules} (enforced on EKS by the vpc-cni add-on's network policy agent).
 */
public final class NetworkPolicies extends ComponentResource {
    /** Policy name to object. */
    public final Map<String, NetworkPolicy> policies;

    public NetworkPolicies(String name, StackConfig stack, boolean pgbouncerEnabled, boolean appConductorViaIngress,
                           Output<String> namespace, Provider kubernetes, ComponentResourceOptions options) {
        super("dbos-conductor:security:NetworkPolicies", name, ResourceArgs.Empty, options);
        var k8s = CustomResourceOptions.builder().parent(this).provider(kubernetes).build();
        var created = new LinkedHashMap<String, NetworkPolicy>();
        for (var spec : NetworkPolicyRules.policies(stack.network().vpcCidr().toString(), pgbouncerEnabled, appConductorViaIngress)) {
            var labels = KubernetesLabels.recommended(spec.name(), "network-policy");
            created.put(spec.name(), new NetworkPolicy(name + "-" + spec.name(), NetworkPolicyArgs.builder()
                    .metadata(namespace.applyValue(ns -> ObjectMetaArgs.builder().name(spec.name()).namespace(ns).labels(labels).build()))
                    .spec(spec(spec))
                    .build(), k8s));
        }
        this.policies = Map.copyOf(created);
        registerOutputs(Map.of("policyNames", Output.of(List.copyOf(created.keySet()))));
    }

    static NetworkPolicySpecArgs spec(NetworkPolicyRules.PolicySpec spec) {
        var builder = NetworkPolicySpecArgs.builder()
                // An empty selector selects every pod of the namespace.
                .podSelector(spec.workload().map(w -> selector(new NetworkPolicyRules.WorkloadPods(w).labels()))
                        .orElseGet(() -> LabelSelectorArgs.builder().build()))
                // Always explicit: left out, Egress would be implied only by an egress list.
                .policyTypes(spec.policyTypes().stream().map(t -> t.kubernetesName).toList());
        // No rules of a type the policy isolates: nothing of that direction is allowed.
        if (!spec.ingress().isEmpty()) {
            builder.ingress(spec.ingress().stream().map(rule -> NetworkPolicyIngressRuleArgs.builder()
                    .from(rule.peers().stream().map(NetworkPolicies::peer).toList())
                    .ports(ports(rule))
                    .build()).toList());
        }
        if (!spec.egress().isEmpty()) {
            builder.egress(spec.egress().stream().map(rule -> NetworkPolicyEgressRuleArgs.builder()
                    .to(rule.peers().stream().map(NetworkPolicies::peer).toList())
                    .ports(ports(rule))
                    .build()).toList());
        }
        return builder.build();
    }

    private static List<NetworkPolicyPortArgs> ports(NetworkPolicyRules.Rule rule) {
        return rule.ports().stream().map(p -> NetworkPolicyPortArgs.builder()
                .protocol(p.protocol().name()).port(p.number()).build()).toList();
    }

    private static NetworkPolicyPeerArgs peer(NetworkPolicyRules.Peer peer) {
        var builder = NetworkPolicyPeerArgs.builder();
        if (peer instanceof NetworkPolicyRules.WorkloadPods pods) {
            builder.podSelector(selector(pods.labels()));
        } else if (peer instanceof NetworkPolicyRules.AllPods) {
            builder.podSelector(LabelSelectorArgs.builder().build());
        } else if (peer instanceof NetworkPolicyRules.OtherNamespace other) {
            // One peer holding both selectors: pods matching the labels AND in that namespace. As two
            // peers they would mean either, and a pod selector alone looks only in this namespace.
            builder.namespaceSelector(selector(Map.of(NetworkPolicyRules.NAMESPACE_NAME_LABEL, other.namespace())));
            if (!other.podLabels().isEmpty()) {
                builder.podSelector(selector(other.podLabels()));
            }
        } else if (peer instanceof NetworkPolicyRules.Cidr cidr) {
            var block = IPBlockArgs.builder().cidr(cidr.cidr());
            if (!cidr.except().isEmpty()) {
                block.except(cidr.except());
            }
            builder.ipBlock(block.build());
        }
        return builder.build();
    }

    private static LabelSelectorArgs selector(Map<String, String> labels) {
        return LabelSelectorArgs.builder().matchLabels(labels).build();
    }
}
