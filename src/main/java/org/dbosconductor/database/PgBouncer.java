package org.dbosconductor.database;

import com.pulumi.core.Output;
import com.pulumi.kubernetes.Provider;
import com.pulumi.kubernetes.core.v1.ConfigMap;
import com.pulumi.kubernetes.core.v1.ConfigMapArgs;
import com.pulumi.kubernetes.core.v1.Secret;
import com.pulumi.kubernetes.core.v1.SecretArgs;
import com.pulumi.kubernetes.core.v1.inputs.ConfigMapVolumeSourceArgs;
import com.pulumi.kubernetes.core.v1.inputs.SecretVolumeSourceArgs;
import com.pulumi.kubernetes.core.v1.inputs.VolumeArgs;
import com.pulumi.kubernetes.core.v1.inputs.VolumeMountArgs;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import com.pulumi.resources.ResourceArgs;
import org.dbosconductor.config.AppConfig;
import org.dbosconductor.config.StackConfig;
import org.dbosconductor.support.ContentHash;
import org.dbosconductor.support.KubernetesLabels;
import org.dbosconductor.workload.PodSpecs;
import org.dbosconductor.workload.Workload;
import org.dbosconductor.workload.WorkloadSpec;

import java.util.List;
import java.util.Map;

/**
 * PgBouncer between the app and RDS, in session mode (DBOS listens for notifications, which transaction
 * pooling would break). The app's many short-lived connections become a few long-lived ones to RDS.
 */
public final class PgBouncer extends ComponentResource {
    public static final String NAME = "pgbouncer";
    public static final int PORT = 5432;
    /** The pgbouncer user of the CloudNativePG image. */
    private static final int PGBOUNCER_UID = 998;
    private static final String CONFIG_DIR = "/config";
    private static final String AUTH_DIR = "/auth";

    public final Workload workload;

    public PgBouncer(String name, StackConfig stack, Database database, Output<String> appRolePassword, Output<String> namespace,
                     List<Resource> waitFor, Provider kubernetes, ComponentResourceOptions options) {
        super("dbos-conductor:database:PgBouncer", name, ResourceArgs.Empty, options);
        AppConfig config = stack.app();
        var labels = KubernetesLabels.recommended(NAME, "database");
        var k8s = CustomResourceOptions.builder().parent(this).provider(kubernetes).build();
        Output<String> ini = Output.tuple(database.address, database.port).applyValue(t ->
                PgBouncerConfig.ini(settings(config, t.t1, t.t2)));
        var configMap = new ConfigMap(name + "-config", ConfigMapArgs.builder()
                .metadata(namespace.applyValue(ns -> ObjectMetaArgs.builder().name(NAME + "-config").namespace(ns).labels(labels).build()))
                .data(ini.applyValue(text -> Map.of("pgbouncer.ini", text)))
                .build(), k8s);
        String userlistSecret = NAME + "-userlist";
        var userlist = new Secret(name + "-userlist", SecretArgs.builder()
                .metadata(namespace.applyValue(ns -> ObjectMetaArgs.builder().name(userlistSecret).namespace(ns).labels(labels).build()))
                .type("Opaque")
                .stringData(appRolePassword.applyValue(password ->
                        Map.of("userlist.txt", PgBouncerConfig.userlist(BootstrapSql.APP_ROLE, password))).asSecret())
                .build(), k8s);
        var all = new java.util.ArrayList<>(waitFor);
        all.add(configMap);
        all.add(userlist);
        this.workload = new Workload(name + "-workload", new WorkloadSpec(
                NAME, "database", config.pgbouncerImage(),
                List.of("/usr/bin/pgbouncer"), List.of(CONFIG_DIR + "/pgbouncer.ini"),
                config.pgbouncerReplicas(), PGBOUNCER_UID, PORT, PORT, null,
                Output.of(List.of()), List.of(userlistSecret),
                new PodSpecs.Resources("50m", "32Mi", "500m", "128Mi"),
                List.of(
                        VolumeArgs.builder().name("config").configMap(ConfigMapVolumeSourceArgs.builder().name(NAME + "-config").build()).build(),
                        VolumeArgs.builder().name("auth").secret(SecretVolumeSourceArgs.builder().secretName(userlistSecret).build()).build()),
                List.of(
                        VolumeMountArgs.builder().name("config").mountPath(CONFIG_DIR).readOnly(true).build(),
                        VolumeMountArgs.builder().name("auth").mountPath(AUTH_DIR).readOnly(true).build()),
                all,
                // PgBouncer reads its files at start-up: a changed config rolls the pods.
                ini.applyValue(text -> Map.of("checksum/config", ContentHash.of(text)))),
                namespace, kubernetes, ComponentResourceOptions.builder().parent(this).build());
        registerOutputs(Map.of("serviceName", workload.serviceName));
    }

    static PgBouncerConfig.Settings settings(AppConfig config, String host, int port) {
        return PgBouncerConfig.Settings.forApp(PORT, host, port, BootstrapSql.APP_DATABASE,
                config.pgbouncerPoolSize(), config.pgbouncerMaxClientConnections(), AUTH_DIR + "/userlist.txt");
    }
}
