package org.dbosconductor.identity;

import com.pulumi.core.Output;
import com.pulumi.kubernetes.Provider;
import com.pulumi.kubernetes.core.v1.ConfigMap;
import com.pulumi.kubernetes.core.v1.ConfigMapArgs;
import com.pulumi.kubernetes.core.v1.inputs.ConfigMapVolumeSourceArgs;
import com.pulumi.kubernetes.core.v1.inputs.VolumeArgs;
import com.pulumi.kubernetes.core.v1.inputs.VolumeMountArgs;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import com.pulumi.resources.ResourceArgs;
import org.dbosconductor.config.StackConfig;
import org.dbosconductor.database.BootstrapSql;
import org.dbosconductor.security.SecretInventory;
import org.dbosconductor.support.ContentHash;
import org.dbosconductor.support.KubernetesLabels;
import org.dbosconductor.workload.PodSpecs;
import org.dbosconductor.workload.Workload;
import org.dbosconductor.workload.WorkloadSpec;

import java.util.List;
import java.util.Map;

/**
 * Dex, the OIDC provider the Console logs users in with and whose keys Conductor checks tokens
 * against. Its issuer is the public hostname's {@code /dex}; its state is in PostgreSQL on RDS.
 */
public final class Dex extends ComponentResource {
    public static final String NAME = "dex";
    /** The dex image's own non-root user. */
    private static final int DEX_UID = 1001;

    public final Workload workload;

    public Dex(String name, StackConfig stack, Output<DexConfig.Settings> settings, Output<String> namespace,
               List<Resource> waitFor, Provider kubernetes, ComponentResourceOptions options) {
        super("dbos-conductor:identity:Dex", name, ResourceArgs.Empty, options);
        Output<String> rendered = settings.applyValue(DexConfig::render);
        var labels = KubernetesLabels.recommended(NAME, "identity");
        var config = new ConfigMap(name + "-config", ConfigMapArgs.builder()
                .metadata(namespace.applyValue(ns -> ObjectMetaArgs.builder().name(NAME + "-config").namespace(ns).labels(labels).build()))
                .data(rendered.applyValue(yaml -> Map.of("config.yaml", yaml)))
                .build(), CustomResourceOptions.builder().parent(this).provider(kubernetes).build());
        String configName = NAME + "-config";

        var spec = new WorkloadSpec(
                NAME, "identity", stack.conductor().dexImage(), List.of(),
                List.of("dex", "serve", "/etc/dex/config.yaml"),
                stack.conductor().dexReplicas(), DEX_UID, DexConfig.PORT, DexConfig.PORT, "/dex/healthz",
                Output.of(List.of(
                        PodSpecs.fromSecret(DexConfig.DB_PASSWORD_ENV, SecretInventory.DEX_DB, SecretInventory.PASSWORD),
                        PodSpecs.fromSecret(DexConfig.ADMIN_HASH_ENV, SecretInventory.DEX_ADMIN, SecretInventory.PASSWORD_HASH))),
                List.of(SecretInventory.DEX_DB, SecretInventory.DEX_ADMIN),
                new PodSpecs.Resources("50m", "64Mi", "250m", "128Mi"),
                List.of(VolumeArgs.builder().name("config").configMap(ConfigMapVolumeSourceArgs.builder().name(configName).build()).build()),
                List.of(VolumeMountArgs.builder().name("config").mountPath("/etc/dex").readOnly(true).build()),
                withConfig(waitFor, config),
                // A changed config rolls the pods: Dex reads it only at start-up.
                rendered.applyValue(yaml -> Map.of("checksum/config", ContentHash.of(yaml))));
        this.workload = new Workload(name + "-workload", spec, namespace, kubernetes,
                ComponentResourceOptions.builder().parent(this).build());
        registerOutputs(Map.of("serviceName", workload.serviceName));
    }

    private static List<Resource> withConfig(List<Resource> waitFor, Resource config) {
        var all = new java.util.ArrayList<>(waitFor);
        all.add(config);
        return all;
    }

    /** The database Dex keeps its state in: the one the bootstrap script confines its role to. */
    public static DexConfig.DatabaseSettings database(String host, int port) {
        return new DexConfig.DatabaseSettings(host, port, BootstrapSql.DEX_DATABASE, BootstrapSql.DEX_ROLE);
    }
}
