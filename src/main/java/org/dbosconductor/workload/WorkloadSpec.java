package org.dbosconductor.workload;

import com.pulumi.core.Output;
import com.pulumi.kubernetes.core.v1.inputs.EnvVarArgs;
import com.pulumi.kubernetes.core.v1.inputs.VolumeArgs;
import com.pulumi.kubernetes.core.v1.inputs.VolumeMountArgs;
import com.pulumi.resources.Resource;

import java.util.List;
import java.util.Map;

/**
 * One long-running service of the stack: a Deployment behind a ClusterIP Service, with its own
 * ServiceAccount allowed to read exactly the Secrets it uses.
 *
 * @param name          Deployment, Service and ServiceAccount name (also {@code app.kubernetes.io/name})
 * @param component     {@code app.kubernetes.io/component}
 * @param uid           the non-root user the image runs as
 * @param servicePort   the port the Service exposes
 * @param containerPort the port the container listens on
 * @param command       the container's command; empty keeps the image's entrypoint
 * @param healthPath    readiness and liveness HTTP endpoint on the container port; null for a TCP check
 * @param secrets       names of the Secrets its environment reads
 * @param waitFor       resources that must exist before the Deployment rolls out
 * @param podAnnotations e.g. a checksum of mounted configuration, so a change rolls the pods
 */
public record WorkloadSpec(
        String name,
        String component,
        String image,
        List<String> command,
        List<String> args,
        int replicas,
        int uid,
        int servicePort,
        int containerPort,
        String healthPath,
        Output<List<EnvVarArgs>> env,
        List<String> secrets,
        PodSpecs.Resources resources,
        List<VolumeArgs> volumes,
        List<VolumeMountArgs> volumeMounts,
        List<Resource> waitFor,
        Output<Map<String, String>> podAnnotations) {

    public WorkloadSpec {
        command = List.copyOf(command);
        args = List.copyOf(args);
        secrets = List.copyOf(secrets);
        volumes = List.copyOf(volumes);
        volumeMounts = List.copyOf(volumeMounts);
        waitFor = List.copyOf(waitFor);
    }
}
