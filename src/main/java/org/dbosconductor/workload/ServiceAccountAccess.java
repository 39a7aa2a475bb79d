package org.dbosconductor.workload;

import com.pulumi.core.Output;
import com.pulumi.kubernetes.Provider;
import com.pulumi.kubernetes.core.v1.ServiceAccount;
import com.pulumi.kubernetes.core.v1.ServiceAccountArgs;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.kubernetes.rbac.v1.Role;
import com.pulumi.kubernetes.rbac.v1.RoleArgs;
import com.pulumi.kubernetes.rbac.v1.RoleBinding;
import com.pulumi.kubernetes.rbac.v1.RoleBindingArgs;
import com.pulumi.kubernetes.rbac.v1.inputs.PolicyRuleArgs;
import com.pulumi.kubernetes.rbac.v1.inputs.RoleRefArgs;
import com.pulumi.kubernetes.rbac.v1.inputs.SubjectArgs;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import org.dbosconductor.support.KubernetesLabels;

import java.util.List;

/**
 * A workload's identity in the cluster: its own ServiceAccount, no API token mounted (none of these
 * workloads calls the Kubernetes API), and a Role granting {@code get} on exactly the Secrets it uses.
 */
public final class ServiceAccountAccess {
    private ServiceAccountAccess() {
    }

    /** Creates the ServiceAccount (and Role and RoleBinding when it uses Secrets) under {@code parent}; returns the account's name. */
    public static Output<String> create(String resourceName, String account, String component, List<String> secrets,
                                        Output<String> namespace, Resource parent, Provider kubernetes) {
        var options = CustomResourceOptions.builder().parent(parent).provider(kubernetes).build();
        var labels = KubernetesLabels.recommended(account, component);
        var serviceAccount = new ServiceAccount(resourceName + "-sa", ServiceAccountArgs.builder()
                .metadata(namespace.applyValue(ns -> ObjectMetaArgs.builder().name(account).namespace(ns).labels(labels).build()))
                .automountServiceAccountToken(false)
                .build(), options);
        if (!secrets.isEmpty()) {
            String roleName = account + "-read-secrets";
            var role = new Role(resourceName + "-secrets-role", RoleArgs.builder()
                    .metadata(namespace.applyValue(ns -> ObjectMetaArgs.builder().name(roleName).namespace(ns).labels(labels).build()))
                    .rules(PolicyRuleArgs.builder()
                            .apiGroups("")
                            .resources("secrets")
                            .resourceNames(secrets)
                            .verbs("get")
                            .build())
                    .build(), options);
            new RoleBinding(resourceName + "-secrets-binding", RoleBindingArgs.builder()
                    .metadata(namespace.applyValue(ns -> ObjectMetaArgs.builder().name(roleName).namespace(ns).labels(labels).build()))
                    .roleRef(RoleRefArgs.builder()
                            .apiGroup("rbac.authorization.k8s.io")
                            .kind("Role")
                            .name(role.metadata().applyValue(m -> m.name().orElseThrow()))
                            .build())
                    .subjects(serviceAccount.metadata().applyValue(m -> List.of(SubjectArgs.builder()
                            .kind("ServiceAccount")
                            .name(m.name().orElseThrow())
                            .namespace(m.namespace().orElseThrow())
                            .build())))
                    .build(), options);
        }
        return serviceAccount.metadata().applyValue(m -> m.name().orElseThrow());
    }
}
