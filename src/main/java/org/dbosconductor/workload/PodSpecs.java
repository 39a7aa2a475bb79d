package org.dbosconductor.workload;

import com.pulumi.kubernetes.core.v1.inputs.CapabilitiesArgs;
import com.pulumi.kubernetes.core.v1.inputs.EnvVarArgs;
import com.pulumi.kubernetes.core.v1.inputs.EnvVarSourceArgs;
import com.pulumi.kubernetes.core.v1.inputs.HTTPGetActionArgs;
import com.pulumi.kubernetes.core.v1.inputs.ObjectFieldSelectorArgs;
import com.pulumi.kubernetes.core.v1.inputs.PodSecurityContextArgs;
import com.pulumi.kubernetes.core.v1.inputs.ProbeArgs;
import com.pulumi.kubernetes.core.v1.inputs.ResourceRequirementsArgs;
import com.pulumi.kubernetes.core.v1.inputs.SeccompProfileArgs;
import com.pulumi.kubernetes.core.v1.inputs.SecretKeySelectorArgs;
import com.pulumi.kubernetes.core.v1.inputs.SecurityContextArgs;
import com.pulumi.kubernetes.core.v1.inputs.TCPSocketActionArgs;
import com.pulumi.core.Either;

import java.util.Map;

/**
 * The pieces every pod of this stack is built from: the Pod Security "restricted" contexts, HTTP
 * probes, resource budgets, and environment variables that come from Secrets rather than literals.
 */
public final class PodSpecs {
    private PodSpecs() {
    }

    /** Non-root, the runtime's default seccomp profile: what the {@code restricted} Pod Security level demands. */
    public static PodSecurityContextArgs restrictedPod(int uid) {
        return PodSecurityContextArgs.builder()
                .runAsNonRoot(true)
                .runAsUser(uid)
                .runAsGroup(uid)
                .fsGroup(uid)
                .seccompProfile(SeccompProfileArgs.builder().type("RuntimeDefault").build())
                .build();
    }

    /** No privilege escalation, every capability dropped, and a read-only root file system. */
    public static SecurityContextArgs restrictedContainer() {
        return SecurityContextArgs.builder()
                .allowPrivilegeEscalation(false)
                .readOnlyRootFilesystem(true)
                .runAsNonRoot(true)
                .capabilities(CapabilitiesArgs.builder().drop("ALL").build())
                .build();
    }

    public static ProbeArgs httpProbe(String path, int port, int initialDelaySeconds, int periodSeconds) {
        return ProbeArgs.builder()
                .httpGet(HTTPGetActionArgs.builder().path(path).port(Either.ofLeft(port)).build())
                .initialDelaySeconds(initialDelaySeconds)
                .periodSeconds(periodSeconds)
                .build();
    }

    /** A TCP connect check, for servers that do not speak HTTP. */
    public static ProbeArgs tcpProbe(int port, int initialDelaySeconds, int periodSeconds) {
        return ProbeArgs.builder()
                .tcpSocket(TCPSocketActionArgs.builder().port(Either.ofLeft(port)).build())
                .initialDelaySeconds(initialDelaySeconds)
                .periodSeconds(periodSeconds)
                .build();
    }

    /** {@code path} null: a TCP check on the port. */
    public static ProbeArgs probe(String path, int port, int initialDelaySeconds, int periodSeconds) {
        return path == null ? tcpProbe(port, initialDelaySeconds, periodSeconds) : httpProbe(path, port, initialDelaySeconds, periodSeconds);
    }

    public static ResourceRequirementsArgs resources(Resources budget) {
        return ResourceRequirementsArgs.builder()
                .requests(Map.of("cpu", budget.cpuRequest(), "memory", budget.memoryRequest()))
                .limits(Map.of("cpu", budget.cpuLimit(), "memory", budget.memoryLimit()))
                .build();
    }

    /** Requests and limits of one container, as Kubernetes quantities. */
    public record Resources(String cpuRequest, String memoryRequest, String cpuLimit, String memoryLimit) {
    }

    public static EnvVarArgs literal(String name, String value) {
        return EnvVarArgs.builder().name(name).value(value).build();
    }

    public static EnvVarArgs fromSecret(String name, String secret, String key) {
        return EnvVarArgs.builder().name(name).valueFrom(EnvVarSourceArgs.builder()
                .secretKeyRef(SecretKeySelectorArgs.builder().name(secret).key(key).build())
                .build()).build();
    }

    /** The pod's own IP, e.g. for an address other replicas reach it on. */
    public static EnvVarArgs podIp(String name) {
        return EnvVarArgs.builder().name(name).valueFrom(EnvVarSourceArgs.builder()
                .fieldRef(ObjectFieldSelectorArgs.builder().fieldPath("status.podIP").build())
                .build()).build();
    }
}
