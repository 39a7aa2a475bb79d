package org.dbosconductor.database;

import com.pulumi.core.Output;
import com.pulumi.kubernetes.Provider;
import com.pulumi.kubernetes.batch.v1.Job;
import com.pulumi.kubernetes.core.v1.ConfigMap;
import com.pulumi.kubernetes.core.v1.ConfigMapArgs;
import com.pulumi.kubernetes.core.v1.inputs.ConfigMapVolumeSourceArgs;
import com.pulumi.kubernetes.core.v1.inputs.EnvVarArgs;
import com.pulumi.kubernetes.core.v1.inputs.VolumeArgs;
import com.pulumi.kubernetes.core.v1.inputs.VolumeMountArgs;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import com.pulumi.resources.ResourceArgs;
import org.dbosconductor.config.StackConfig;
import org.dbosconductor.security.SecretInventory;
import org.dbosconductor.support.ContentHash;
import org.dbosconductor.support.KubernetesLabels;
import org.dbosconductor.workload.OneShotJob;
import org.dbosconductor.workload.PodSpecs;

import java.util.List;
import java.util.Map;

/**
 * Creates the databases and roles and grants their privileges, by running {@link BootstrapSql} with
 * psql in a Job inside the cluster (RDS is not reachable from outside). Passwords reach psql as
 * variables from Secrets. The Job's name carries a hash of the script and its inputs: any change
 * creates a new Job, so the script runs again; it is idempotent, so running it again is safe.
 */
public final class DatabaseBootstrap extends ComponentResource {
    public static final String ACCOUNT = "db-bootstrap";
    /** The {@code postgres} user of the official Alpine image: psql runs as non-root. */
    private static final int POSTGRES_UID = 70;
    private static final String SCRIPT_FILE = "bootstrap.sql";

    /** Completes once every database, role and grant exists: workloads that log in wait for it. */
    public final Job job;

    public DatabaseBootstrap(String name, StackConfig stack, Database database, SecretInventory secrets,
                             Output<String> namespace, Provider kubernetes, ComponentResourceOptions options) {
        super("dbos-conductor:database:DatabaseBootstrap", name, ResourceArgs.Empty, options);
        String script = BootstrapSql.script();
        String image = stack.conductor().postgresClientImage();
        var labels = KubernetesLabels.recommended(ACCOUNT, "database");
        var k8s = CustomResourceOptions.builder().parent(this).provider(kubernetes).build();
        List<String> readsSecrets = List.of(SecretInventory.POSTGRES_ADMIN, SecretInventory.CONDUCTOR_DB,
                SecretInventory.APP_DB, SecretInventory.DEX_DB);
        String configMapName = ACCOUNT + "-sql-" + ContentHash.of(script);
        var sql = new ConfigMap(name + "-sql", ConfigMapArgs.builder()
                .metadata(namespace.applyValue(ns -> ObjectMetaArgs.builder()
                        .name(configMapName).namespace(ns).labels(labels).build()))
                .data(Map.of(SCRIPT_FILE, script))
                .build(), k8s);

        var env = List.of(
                PodSpecs.fromSecret("PGPASSWORD", SecretInventory.POSTGRES_ADMIN, SecretInventory.PASSWORD),
                PodSpecs.fromSecret(BootstrapSql.CONDUCTOR_PASSWORD_ENV, SecretInventory.CONDUCTOR_DB, SecretInventory.PASSWORD),
                PodSpecs.fromSecret(BootstrapSql.APP_PASSWORD_ENV, SecretInventory.APP_DB, SecretInventory.PASSWORD),
                PodSpecs.fromSecret(BootstrapSql.DEX_PASSWORD_ENV, SecretInventory.DEX_DB, SecretInventory.PASSWORD),
                PodSpecs.literal("PGUSER", Database.ADMIN_USERNAME),
                PodSpecs.literal("PGDATABASE", "postgres"),
                PodSpecs.literal("PGSSLMODE", "require"));
        var command = new StringBuilder("exec psql -v ON_ERROR_STOP=1");
        for (BootstrapSql.Tenant tenant : BootstrapSql.TENANTS) {
            command.append(" -v ").append(tenant.passwordVariable()).append("=\"$").append(tenant.passwordEnv()).append('"');
        }
        command.append(" -f /sql/").append(SCRIPT_FILE);

        Output<String> jobName = Output.tuple(database.address, database.port)
                .applyValue(t -> ACCOUNT + "-" + ContentHash.of(script, t.t1, String.valueOf(t.t2), image));
        Output<List<EnvVarArgs>> jobEnv = Output.tuple(database.address, database.port).applyValue(t -> withHost(env, t.t1, t.t2));
        this.job = OneShotJob.create(name, jobName, new OneShotJob.Spec(ACCOUNT, "database", image, POSTGRES_UID,
                        List.of("sh", "-c", command.toString()), List.of(), jobEnv, readsSecrets,
                        List.of(VolumeArgs.builder().name("sql").configMap(ConfigMapVolumeSourceArgs.builder().name(configMapName).build()).build()),
                        List.of(VolumeMountArgs.builder().name("sql").mountPath("/sql").readOnly(true).build()),
                        new PodSpecs.Resources("50m", "64Mi", "250m", "128Mi")),
                namespace, withAll(secrets.secrets.values(), sql), this, kubernetes);
        registerOutputs(Map.of("jobName", jobName));
    }

    private static List<Resource> withAll(java.util.Collection<? extends Resource> first, Resource last) {
        var all = new java.util.ArrayList<Resource>(first);
        all.add(last);
        return all;
    }

    private static List<EnvVarArgs> withHost(List<EnvVarArgs> env, String host, int port) {
        var all = new java.util.ArrayList<>(env);
        all.add(PodSpecs.literal("PGHOST", host));
        all.add(PodSpecs.literal("PGPORT", String.valueOf(port)));
        return all;
    }
}
