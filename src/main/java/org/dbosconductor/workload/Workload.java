package org.dbosconductor.workload;

import com.pulumi.core.Either;
import com.pulumi.core.Output;
import com.pulumi.kubernetes.Provider;
import com.pulumi.kubernetes.apps.v1.Deployment;
import com.pulumi.kubernetes.apps.v1.DeploymentArgs;
import com.pulumi.kubernetes.apps.v1.inputs.DeploymentSpecArgs;
import com.pulumi.kubernetes.core.v1.Service;
import com.pulumi.kubernetes.core.v1.ServiceArgs;
import com.pulumi.kubernetes.core.v1.inputs.ContainerArgs;
import com.pulumi.kubernetes.core.v1.inputs.ContainerPortArgs;
import com.pulumi.kubernetes.core.v1.inputs.EmptyDirVolumeSourceArgs;
import com.pulumi.kubernetes.core.v1.inputs.PodSpecArgs;
import com.pulumi.kubernetes.core.v1.inputs.PodTemplateSpecArgs;
import com.pulumi.kubernetes.core.v1.inputs.ServicePortArgs;
import com.pulumi.kubernetes.core.v1.inputs.ServiceSpecArgs;
import com.pulumi.kubernetes.core.v1.inputs.VolumeArgs;
import com.pulumi.kubernetes.core.v1.inputs.VolumeMountArgs;
import com.pulumi.kubernetes.meta.v1.inputs.LabelSelectorArgs;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.kubernetes.policy.v1.PodDisruptionBudget;
import com.pulumi.kubernetes.policy.v1.PodDisruptionBudgetArgs;
import com.pulumi.kubernetes.policy.v1.inputs.PodDisruptionBudgetSpecArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.ResourceArgs;
import org.dbosconductor.support.KubernetesLabels;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Deployment behind a ClusterIP Service, run by its own ServiceAccount, hardened for the
 * {@code restricted} Pod Security level, with a PodDisruptionBudget when it has more than one replica.
 */
public final class Workload extends ComponentResource {
    /** Writable scratch space, since the root file system is read-only. */
    private static final String TMP_VOLUME = "tmp";

    public final Deployment deployment;
    public final Service service;
    /** The Service's name, once it exists: where other workloads reach this one. */
    public final Output<String> serviceName;

    /** The in-cluster DNS name of a Service: how workloads address each other. */
    public static String serviceHost(String service, String namespace) {
        return service + "." + namespace + ".svc.cluster.local";
    }

    public Workload(String name, WorkloadSpec spec, Output<String> namespace, Provider kubernetes, ComponentResourceOptions options) {
        super("dbos-conductor:workload:Workload", name, ResourceArgs.Empty, options);
        var k8s = CustomResourceOptions.builder().parent(this).provider(kubernetes).build();
        Map<String, String> selector = Map.of("app.kubernetes.io/name", spec.name(), "app.kubernetes.io/part-of", KubernetesLabels.PART_OF);
        Map<String, String> labels = KubernetesLabels.recommended(spec.name(), spec.component());
        Output<String> account = ServiceAccountAccess.create(name, spec.name(), spec.component(), spec.secrets(), namespace, this, kubernetes);

        var volumes = new ArrayList<VolumeArgs>(spec.volumes());
        volumes.add(VolumeArgs.builder().name(TMP_VOLUME).emptyDir(EmptyDirVolumeSourceArgs.builder().sizeLimit("64Mi").build()).build());
        var mounts = new ArrayList<VolumeMountArgs>(spec.volumeMounts());
        mounts.add(VolumeMountArgs.builder().name(TMP_VOLUME).mountPath("/tmp").build());

        Output<ContainerArgs> container = spec.env().applyValue(env -> ContainerArgs.builder()
                .name(spec.name())
                .image(spec.image())
                .command(spec.command())
                .args(spec.args())
                .ports(ContainerPortArgs.builder().name("http").containerPort(spec.containerPort()).protocol("TCP").build())
                .env(env)
                .readinessProbe(PodSpecs.probe(spec.healthPath(), spec.containerPort(), 5, 10))
                .livenessProbe(PodSpecs.probe(spec.healthPath(), spec.containerPort(), 15, 30))
                .resources(PodSpecs.resources(spec.resources()))
                .securityContext(PodSpecs.restrictedContainer())
                .volumeMounts(mounts)
                .build());

        this.deployment = new Deployment(name + "-deployment", DeploymentArgs.builder()
                .metadata(namespace.applyValue(ns -> ObjectMetaArgs.builder().name(spec.name()).namespace(ns).labels(labels).build()))
                .spec(Output.tuple(account, spec.podAnnotations(), container).applyValue(t -> DeploymentSpecArgs.builder()
                        .replicas(spec.replicas())
                        .selector(LabelSelectorArgs.builder().matchLabels(selector).build())
                        .template(PodTemplateSpecArgs.builder()
                                .metadata(ObjectMetaArgs.builder().labels(labels).annotations(t.t2).build())
                                .spec(PodSpecArgs.builder()
                                        .serviceAccountName(t.t1)
                                        .automountServiceAccountToken(false)
                                        .securityContext(PodSpecs.restrictedPod(spec.uid()))
                                        .containers(t.t3)
                                        .volumes(volumes)
                                        .build())
                                .build())
                        .build()))
                .build(), CustomResourceOptions.builder().parent(this).provider(kubernetes).dependsOn(spec.waitFor()).build());

        this.service = new Service(name + "-service", ServiceArgs.builder()
                .metadata(namespace.applyValue(ns -> ObjectMetaArgs.builder().name(spec.name()).namespace(ns).labels(labels).build()))
                .spec(ServiceSpecArgs.builder()
                        .type("ClusterIP")
                        .selector(selector)
                        .ports(ServicePortArgs.builder()
                                .name("http")
                                .port(spec.servicePort())
                                .targetPort(Either.ofLeft(spec.containerPort()))
                                .protocol("TCP")
                                .build())
                        .build())
                .build(), k8s);
        this.serviceName = service.metadata().applyValue(m -> m.name().orElseThrow());

        if (spec.replicas() > 1) {
            // Node drains and upgrades take down at most one replica at a time.
            new PodDisruptionBudget(name + "-pdb", PodDisruptionBudgetArgs.builder()
                    .metadata(namespace.applyValue(ns -> ObjectMetaArgs.builder().name(spec.name()).namespace(ns).labels(labels).build()))
                    .spec(PodDisruptionBudgetSpecArgs.builder()
                            .maxUnavailable(Either.ofLeft(1))
                            .selector(LabelSelectorArgs.builder().matchLabels(selector).build())
                            .build())
                    .build(), k8s);
        }
        registerOutputs(Map.of("serviceName", serviceName));
    }
}
