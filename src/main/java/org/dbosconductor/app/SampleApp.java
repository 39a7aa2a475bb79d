package org.dbosconductor.app;

import com.pulumi.aws.ecr.Repository;
import com.pulumi.aws.ecr.RepositoryArgs;
import com.pulumi.aws.ecr.inputs.RepositoryEncryptionConfigurationArgs;
import com.pulumi.aws.ecr.inputs.RepositoryImageScanningConfigurationArgs;
import com.pulumi.core.Output;
import com.pulumi.kubernetes.Provider;
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
import org.dbosconductor.config.AppConfig;
import org.dbosconductor.config.StackConfig;
import org.dbosconductor.database.BootstrapSql;
import org.dbosconductor.edge.PublicEndpoints;
import org.dbosconductor.edge.RoutingTable;
import org.dbosconductor.providers.kubernetes.CustomResource;
import org.dbosconductor.providers.kubernetes.CustomResourceArgs;
import org.dbosconductor.security.SecretInventory;
import org.dbosconductor.support.AwsTags;
import org.dbosconductor.support.ContentHash;
import org.dbosconductor.support.KubernetesLabels;
import org.dbosconductor.workload.OneShotJob;
import org.dbosconductor.workload.PodSpecs;
import org.dbosconductor.workload.Workload;
import org.dbosconductor.workload.WorkloadSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sample DBOS app (sections 9-10 and 12 of the seed): its ECR repositories, the {@code dbos migrate}
 * Job, the app Deployment and Service, and its KEDA scaler on queue depth. Without an app image only the
 * repositories are created, so the images can be pushed before the first deployment of the app.
 */
public final class SampleApp extends ComponentResource {
    public static final String MIGRATE = "dbos-migrate";
    /** The app's queue and the number of its workflows one pod runs at once (the app's worker concurrency). */
    public static final String QUEUE = "taskQueue";
    public static final int QUEUE_WORKER_CONCURRENCY = 2;
    /** The images' non-root user. */
    private static final int APP_UID = 65532;
    private static final String CA_DIR = "/etc/dbos-ca";

    public final Output<String> appRepositoryUrl;
    public final Output<String> migrateRepositoryUrl;

    /**
     * @param caCertificatePem the private CA, when the app reaches Conductor through the load balancer in default mode
     * @param migrationWaitsFor what must exist before the migration runs (the database roles)
     * @param appWaitsFor       what must exist before the app starts, besides its migration (its connection pooler)
     */
    public SampleApp(String name, StackConfig stack, Output<PublicEndpoints> endpoints, Optional<Output<String>> caCertificatePem,
                     Output<String> namespace, List<Resource> migrationWaitsFor, List<Resource> appWaitsFor, Provider kubernetes,
                     ComponentResourceOptions options) {
        super("dbos-conductor:app:SampleApp", name, ResourceArgs.Empty, options);
        AppConfig config = stack.app();
        this.appRepositoryUrl = repository(name + "-app-repository", stack.clusterName() + "/dbos-app", stack).repositoryUrl();
        this.migrateRepositoryUrl = repository(name + "-migrate-repository", stack.clusterName() + "/dbos-migrate", stack).repositoryUrl();
        if (config.deployed()) {
            var migration = migration(name, config, namespace, migrationWaitsFor, kubernetes);
            var app = app(name, stack, endpoints, caCertificatePem, namespace, migration, appWaitsFor, kubernetes);
            if (stack.addOns().kedaEnabled()) {
                scaler(name, config, namespace, app, kubernetes);
            }
        }
        registerOutputs(Map.of("appRepositoryUrl", appRepositoryUrl, "migrateRepositoryUrl", migrateRepositoryUrl));
    }

    private Repository repository(String resourceName, String repositoryName, StackConfig stack) {
        return new Repository(resourceName, RepositoryArgs.builder()
                .name(repositoryName)
                // A tag names one image forever: a deployment is reproducible and cannot be swapped under it.
                .imageTagMutability("IMMUTABLE")
                .imageScanningConfiguration(RepositoryImageScanningConfigurationArgs.builder().scanOnPush(true).build())
                .encryptionConfigurations(RepositoryEncryptionConfigurationArgs.builder().encryptionType("AES256").build())
                .tags(AwsTags.named(stack.tags(), repositoryName))
                .build(), CustomResourceOptions.builder().parent(this).build());
    }

    /** {@code dbos migrate} as the admin; named after the migrate image, so an upgrade migrates again. */
    private Resource migration(String name, AppConfig config, Output<String> namespace, List<Resource> waitFor, Provider kubernetes) {
        String image = config.migrateImage().orElseThrow();
        return OneShotJob.create(name + "-migrate", Output.of(MIGRATE + "-" + ContentHash.of(image)), new OneShotJob.Spec(
                        MIGRATE, "migration", image, APP_UID, List.of(), List.of("migrate", "--app-role", BootstrapSql.APP_ROLE),
                        Output.of(List.of(PodSpecs.fromSecret("DBOS_SYSTEM_DATABASE_URL", SecretInventory.POSTGRES_ADMIN, SecretInventory.DATABASE_URL))),
                        List.of(SecretInventory.POSTGRES_ADMIN), List.of(), List.of(), new PodSpecs.Resources("50m", "64Mi", "500m", "256Mi")),
                namespace, waitFor, this, kubernetes);
    }

    private Workload app(String name, StackConfig stack, Output<PublicEndpoints> endpoints, Optional<Output<String>> caCertificatePem,
                         Output<String> namespace, Resource migration, List<Resource> appWaitsFor, Provider kubernetes) {
        AppConfig config = stack.app();
        var volumes = new ArrayList<VolumeArgs>();
        var mounts = new ArrayList<VolumeMountArgs>();
        var waitFor = new ArrayList<Resource>(appWaitsFor);
        waitFor.add(migration);
        boolean trustPrivateCa = config.conductorViaIngress() && caCertificatePem.isPresent();
        if (trustPrivateCa) {
            // The load balancer's certificate comes from the stack's private CA: the app must trust it for wss://.
            var ca = new ConfigMap(name + "-ca", ConfigMapArgs.builder()
                    .metadata(namespace.applyValue(ns -> ObjectMetaArgs.builder().name("dbos-ca").namespace(ns)
                            .labels(KubernetesLabels.recommended("dbos-ca", "app")).build()))
                    .data(caCertificatePem.get().applyValue(pem -> Map.of("ca.crt", pem)))
                    .build(), CustomResourceOptions.builder().parent(this).provider(kubernetes).build());
            volumes.add(VolumeArgs.builder().name("ca").configMap(ConfigMapVolumeSourceArgs.builder().name("dbos-ca").build()).build());
            mounts.add(VolumeMountArgs.builder().name("ca").mountPath(CA_DIR).readOnly(true).build());
            waitFor.add(ca);
        }
        Output<List<EnvVarArgs>> env = Output.tuple(endpoints, namespace).applyValue(t -> {
            var vars = new ArrayList<EnvVarArgs>();
            vars.add(PodSpecs.fromSecret("DBOS_SYSTEM_DATABASE_URL", SecretInventory.APP_DB, SecretInventory.DATABASE_URL));
            vars.add(PodSpecs.literal("DBOS_CONDUCTOR_URL", config.conductorViaIngress() ? t.t1.conductorUrl()
                    : "ws://" + Workload.serviceHost(RoutingTable.CONDUCTOR.service(), t.t2) + ":" + RoutingTable.CONDUCTOR.port() + "/"));
            vars.add(PodSpecs.fromSecret("DBOS_CONDUCTOR_KEY", SecretInventory.CONDUCTOR_API_KEY, SecretInventory.API_KEY));
            if (trustPrivateCa) {
                vars.add(PodSpecs.literal("SSL_CERT_FILE", CA_DIR + "/ca.crt"));
            }
            return vars;
        });
        return new Workload(name + "-app", new WorkloadSpec(
                RoutingTable.APP.service(), "app", config.appImage().orElseThrow(), List.of(), List.of(),
                1, APP_UID, RoutingTable.APP.port(), RoutingTable.APP.port(), "/healthz", env,
                List.of(SecretInventory.APP_DB, SecretInventory.CONDUCTOR_API_KEY),
                new PodSpecs.Resources("100m", "128Mi", "500m", "256Mi"), volumes, mounts, waitFor, Output.of(Map.of())),
                namespace, kubernetes, ComponentResourceOptions.builder().parent(this).build());
    }

    /**
     * Scales the app on its own queue depth, read from its metrics endpoint. At least one pod always
     * runs, because that pod serves the metric; scale-down follows the HPA behaviour below (KEDA's
     * cooldownPeriod only applies when scaling to zero).
     */
    private void scaler(String name, AppConfig config, Output<String> namespace, Workload app, Provider kubernetes) {
        Output<Map<String, Object>> spec = Output.tuple(namespace, app.serviceName, app.deployment.metadata()).applyValue(t -> {
            var trigger = new LinkedHashMap<String, Object>();
            trigger.put("type", "metrics-api");
            trigger.put("metricType", "AverageValue");
            trigger.put("metadata", Map.of(
                    "url", "http://" + Workload.serviceHost(t.t2, t.t1) + ":" + RoutingTable.APP.port() + "/metrics/" + QUEUE,
                    "format", "json",
                    "valueLocation", "queue_length",
                    "targetValue", String.valueOf(QUEUE_WORKER_CONCURRENCY)));
            var spec1 = new LinkedHashMap<String, Object>();
            spec1.put("scaleTargetRef", Map.of("apiVersion", "apps/v1", "kind", "Deployment", "name", t.t3.name().orElseThrow()));
            spec1.put("minReplicaCount", 1);
            spec1.put("maxReplicaCount", config.maxReplicas());
            spec1.put("pollingInterval", 15);
            spec1.put("triggers", List.of(trigger));
            spec1.put("advanced", Map.of("horizontalPodAutoscalerConfig", Map.of("behavior", Map.of(
                    "scaleDown", Map.of(
                            "stabilizationWindowSeconds", 300,
                            "policies", List.of(Map.of("type", "Pods", "value", 1, "periodSeconds", 60))),
                    "scaleUp", Map.of(
                            "stabilizationWindowSeconds", 0,
                            "policies", List.of(Map.of("type", "Pods", "value", 4, "periodSeconds", 30)))))));
            return spec1;
        });
        new CustomResource(name + "-scaler", CustomResourceArgs.builder()
                .apiVersion("keda.sh/v1alpha1")
                .kind("ScaledObject")
                .metadata(namespace.applyValue(ns -> ObjectMetaArgs.builder().name(RoutingTable.APP.service()).namespace(ns)
                        .labels(KubernetesLabels.recommended(RoutingTable.APP.service(), "autoscaling")).build()))
                .spec(spec)
                .build(), CustomResourceOptions.builder().parent(this).provider(kubernetes).build());
    }
}
