package org.dbosconductor.database;

import com.pulumi.core.Output;
import com.pulumi.kubernetes.Provider;
import com.pulumi.kubernetes.batch.v1.Job;
import com.pulumi.kubernetes.batch.v1.JobArgs;
import com.pulumi.kubernetes.batch.v1.inputs.JobSpecArgs;
import com.pulumi.kubernetes.core.v1.ConfigMap;
import com.pulumi.kubernetes.core.v1.ConfigMapArgs;
import com.pulumi.kubernetes.core.v1.inputs.ConfigMapVolumeSourceArgs;
import com.pulumi.kubernetes.core.v1.inputs.ContainerArgs;
import com.pulumi.kubernetes.core.v1.inputs.EmptyDirVolumeSourceArgs;
import com.pulumi.kubernetes.core.v1.inputs.EnvVarArgs;
import com.pulumi.kubernetes.core.v1.inputs.PodSpecArgs;
import com.pulumi.kubernetes.core.v1.inputs.PodTemplateSpecArgs;
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
import org.dbosconductor.workload.PodSpecs;
import org.dbosconductor.workload.ServiceAccountAccess;

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
        Output<String> account = ServiceAccountAccess.create(name, ACCOUNT, "database", readsSecrets, namespace, this, kubernetes);

        var sql = new ConfigMap(name + "-sql", ConfigMapArgs.builder()
                .metadata(namespace.applyValue(ns -> ObjectMetaArgs.builder()
                        .name(ACCOUNT + "-sql-" + ContentHash.of(script)).namespace(ns).labels(labels).build()))
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
        this.job = new Job(name + "-job", JobArgs.builder()
                .metadata(Output.tuple(namespace, jobName).applyValue(t -> ObjectMetaArgs.builder()
                        .name(t.t2).namespace(t.t1).labels(labels).build()))
                .spec(Output.tuple(account, database.address, database.port, sql.metadata()).applyValue(t -> JobSpecArgs.builder()
                        .backoffLimit(4)
                        .template(PodTemplateSpecArgs.builder()
                                .metadata(ObjectMetaArgs.builder().labels(labels).build())
                                .spec(PodSpecArgs.builder()
                                        .serviceAccountName(t.t1)
                                        .automountServiceAccountToken(false)
                                        .restartPolicy("Never")
                                        .securityContext(PodSpecs.restrictedPod(POSTGRES_UID))
                                        .containers(ContainerArgs.builder()
                                                .name("psql")
                                                .image(image)
                                                .command("sh", "-c", command.toString())
                                                .env(withHost(env, t.t2, t.t3))
                                                .resources(PodSpecs.resources(new PodSpecs.Resources("50m", "64Mi", "250m", "128Mi")))
                                                .securityContext(PodSpecs.restrictedContainer())
                                                .volumeMounts(
                                                        VolumeMountArgs.builder().name("sql").mountPath("/sql").readOnly(true).build(),
                                                        VolumeMountArgs.builder().name("tmp").mountPath("/tmp").build())
                                                .build())
                                        .volumes(
                                                VolumeArgs.builder().name("sql").configMap(ConfigMapVolumeSourceArgs.builder()
                                                        .name(t.t4.name().orElseThrow()).build()).build(),
                                                VolumeArgs.builder().name("tmp").emptyDir(EmptyDirVolumeSourceArgs.builder().build()).build())
                                        .build())
                                .build())
                        .build()))
                .build(), CustomResourceOptions.builder().parent(this).provider(kubernetes)
                .dependsOn(List.<Resource>copyOf(secrets.secrets.values())).build());
        registerOutputs(Map.of("jobName", jobName));
    }

    private static List<EnvVarArgs> withHost(List<EnvVarArgs> env, String host, int port) {
        var all = new java.util.ArrayList<>(env);
        all.add(PodSpecs.literal("PGHOST", host));
        all.add(PodSpecs.literal("PGPORT", String.valueOf(port)));
        return all;
    }
}
