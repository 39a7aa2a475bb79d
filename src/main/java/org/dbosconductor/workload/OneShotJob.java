package org.dbosconductor.workload;

import com.pulumi.core.Output;
import com.pulumi.kubernetes.Provider;
import com.pulumi.kubernetes.batch.v1.Job;
import com.pulumi.kubernetes.batch.v1.JobArgs;
import com.pulumi.kubernetes.batch.v1.inputs.JobSpecArgs;
import com.pulumi.kubernetes.core.v1.inputs.ContainerArgs;
import com.pulumi.kubernetes.core.v1.inputs.EmptyDirVolumeSourceArgs;
import com.pulumi.kubernetes.core.v1.inputs.EnvVarArgs;
import com.pulumi.kubernetes.core.v1.inputs.PodSpecArgs;
import com.pulumi.kubernetes.core.v1.inputs.PodTemplateSpecArgs;
import com.pulumi.kubernetes.core.v1.inputs.VolumeArgs;
import com.pulumi.kubernetes.core.v1.inputs.VolumeMountArgs;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import org.dbosconductor.support.KubernetesLabels;

import java.util.ArrayList;
import java.util.List;

/**
 * A Job that runs one container to completion (database bootstrap, migrations), hardened like every
 * workload: its own ServiceAccount reading only its Secrets, restricted pod security, a writable /tmp.
 * Its name is chosen by the caller and carries a hash of what it runs, so a change runs it again.
 */
public final class OneShotJob {
    private OneShotJob() {
    }

    /**
     * @param account    ServiceAccount and {@code app.kubernetes.io/name} of the pods
     * @param command    the container's command (entrypoint kept when empty)
     * @param args       the container's arguments
     * @param secrets    the Secrets its environment reads
     */
    public record Spec(String account, String component, String image, int uid, List<String> command, List<String> args,
                       Output<List<EnvVarArgs>> env, List<String> secrets, List<VolumeArgs> volumes,
                       List<VolumeMountArgs> volumeMounts, PodSpecs.Resources resources) {
    }

    public static Job create(String resourceName, Output<String> jobName, Spec spec, Output<String> namespace,
                             List<Resource> waitFor, Resource parent, Provider kubernetes) {
        var labels = KubernetesLabels.recommended(spec.account(), spec.component());
        Output<String> account = ServiceAccountAccess.create(resourceName, spec.account(), spec.component(), spec.secrets(),
                namespace, parent, kubernetes);
        var volumes = new ArrayList<>(spec.volumes());
        volumes.add(VolumeArgs.builder().name("tmp").emptyDir(EmptyDirVolumeSourceArgs.builder().sizeLimit("64Mi").build()).build());
        var mounts = new ArrayList<>(spec.volumeMounts());
        mounts.add(VolumeMountArgs.builder().name("tmp").mountPath("/tmp").build());
        return new Job(resourceName + "-job", JobArgs.builder()
                .metadata(Output.tuple(namespace, jobName).applyValue(t -> ObjectMetaArgs.builder()
                        .name(t.t2).namespace(t.t1).labels(labels).build()))
                .spec(Output.tuple(account, spec.env()).applyValue(t -> JobSpecArgs.builder()
                        .backoffLimit(4)
                        .template(PodTemplateSpecArgs.builder()
                                .metadata(ObjectMetaArgs.builder().labels(labels).build())
                                .spec(PodSpecArgs.builder()
                                        .serviceAccountName(t.t1)
                                        .automountServiceAccountToken(false)
                                        .restartPolicy("Never")
                                        .securityContext(PodSpecs.restrictedPod(spec.uid()))
                                        .containers(ContainerArgs.builder()
                                                .name(spec.account())
                                                .image(spec.image())
                                                .command(spec.command())
                                                .args(spec.args())
                                                .env(t.t2)
                                                .resources(PodSpecs.resources(spec.resources()))
                                                .securityContext(PodSpecs.restrictedContainer())
                                                .volumeMounts(mounts)
                                                .build())
                                        .volumes(volumes)
                                        .build())
                                .build())
                        .build()))
                .build(), CustomResourceOptions.builder().parent(parent).provider(kubernetes).dependsOn(waitFor).build());
    }
}
