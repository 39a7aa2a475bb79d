package org.dbosconductor.addons;

import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicyAttachment;
import com.pulumi.aws.iam.RolePolicyAttachmentArgs;
import com.pulumi.core.Output;
import com.pulumi.kubernetes.Provider;
import com.pulumi.kubernetes.helm.v3.Release;
import com.pulumi.kubernetes.helm.v3.ReleaseArgs;
import com.pulumi.kubernetes.helm.v3.inputs.RepositoryOptsArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.ResourceArgs;
import org.dbosconductor.cluster.IamPolicies;

import java.util.Map;

/**
 * One Helm chart installed as an add-on: the same shape for every chart (as in the EKS Blueprints
 * add-ons module), with an optional IAM role for the chart's service account. The release waits
 * until its workloads are ready (and a LoadBalancer Service has its address) and rolls back on failure.
 */
public final class HelmAddOn extends ComponentResource {
    public final Release release;
    /** The release's namespace, known once the release is deployed: depend on it to wait for the chart. */
    public final Output<String> namespace;

    public HelmAddOn(String name, HelmAddOnSpec spec, Provider kubernetes, ComponentResourceOptions options) {
        super("dbos-conductor:addons:HelmAddOn", name, ResourceArgs.Empty, options);
        HelmChart chart = spec.chart();
        Map<String, Object> values = spec.values();
        Output<Map<String, Object>> finalValues = Output.of(values);
        if (spec.role().isPresent()) {
            ServiceAccountRole role = spec.role().get();
            var iamRole = new Role(name + "-role", RoleArgs.builder()
                    .description("Service account " + chart.namespace() + "/" + role.serviceAccount() + " of add-on " + chart.releaseName())
                    .assumeRolePolicy(Output.tuple(role.oidcProviderArn(), role.oidcIssuerUrl()).applyValue(t ->
                            IamPolicies.assumableByServiceAccount(t.t1, t.t2, chart.namespace(), role.serviceAccount())))
                    .build(), CustomResourceOptions.builder().parent(this).build());
            for (String policy : role.policyArns()) {
                new RolePolicyAttachment(name + "-role-" + policy.substring(policy.lastIndexOf('/') + 1), RolePolicyAttachmentArgs.builder()
                        .role(iamRole.name())
                        .policyArn(policy)
                        .build(), CustomResourceOptions.builder().parent(iamRole).build());
            }
            finalValues = iamRole.arn().applyValue(arn ->
                    HelmValues.with(values, role.valuesPath(), ServiceAccountRole.ROLE_ANNOTATION, arn));
        }
        this.release = new Release(name + "-release", ReleaseArgs.builder()
                .name(chart.releaseName())
                .chart(chart.chart())
                .version(chart.version())
                .repositoryOpts(RepositoryOptsArgs.builder().repo(chart.repository()).build())
                .namespace(chart.namespace())
                .createNamespace(true)
                .values(finalValues)
                .atomic(true)
                .cleanupOnFail(true)
                .timeout(900)
                .build(), CustomResourceOptions.builder().parent(this).provider(kubernetes).dependsOn(spec.installAfter()).build());
        this.namespace = release.status().applyValue(status -> status.namespace().orElse(chart.namespace()));
        registerOutputs(Map.of("namespace", namespace));
    }
}
