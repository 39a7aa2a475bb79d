package org.dbosconductor.conductor;

import com.pulumi.core.Output;
import com.pulumi.kubernetes.Provider;
import com.pulumi.kubernetes.core.v1.inputs.EnvVarArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.Resource;
import com.pulumi.resources.ResourceArgs;
import org.dbosconductor.config.ConductorConfig;
import org.dbosconductor.config.StackConfig;
import org.dbosconductor.edge.PublicEndpoints;
import org.dbosconductor.edge.RoutingTable;
import org.dbosconductor.security.SecretInventory;
import org.dbosconductor.workload.PodSpecs;
import org.dbosconductor.workload.Workload;
import org.dbosconductor.workload.WorkloadSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Conductor and its Console (the seed's section 5), on RDS, behind OAuth. Both read their secrets
 * from the inventory only; Conductor waits for its database role to exist.
 */
public final class Conductor extends ComponentResource {
    /** The images' non-root user: both run as an unprivileged uid, the root file system read-only. */
    private static final int APP_UID = 65532;
    public static final int CONSOLE_CONTAINER_PORT = 8080;

    public final Workload conductor;
    public final Workload console;

    public Conductor(String name, StackConfig stack, Output<PublicEndpoints> endpoints, Output<String> namespace,
                     List<Resource> waitFor, Provider kubernetes, ComponentResourceOptions options) {
        super("dbos-conductor:conductor:Conductor", name, ResourceArgs.Empty, options);
        ConductorConfig config = stack.conductor();
        var parent = ComponentResourceOptions.builder().parent(this).build();

        Output<List<EnvVarArgs>> conductorEnv = Output.tuple(endpoints, namespace).applyValue(t -> {
            var env = new ArrayList<EnvVarArgs>();
            env.add(PodSpecs.fromSecret("DBOS__CONDUCTOR_DB_URL", SecretInventory.CONDUCTOR_DB, SecretInventory.DATABASE_URL));
            env.add(PodSpecs.fromSecret("DBOS_CONDUCTOR_LICENSE_KEY", SecretInventory.CONDUCTOR_LICENSE, SecretInventory.LICENSE_KEY));
            if (config.conductorReplicas() > 1) {
                // Replicas find each other on 8090 at their pod addresses.
                env.add(PodSpecs.podIp("DBOS__ADVERTISE_ADDRESS"));
            }
            OAuthSettings.conductor(config.oauthEnabled(), t.t1.dexIssuer(), Workload.serviceHost(RoutingTable.DEX.service(), t.t2))
                    .forEach((k, v) -> env.add(PodSpecs.literal(k, v)));
            return env;
        });
        this.conductor = new Workload(name + "-conductor", new WorkloadSpec(
                RoutingTable.CONDUCTOR.service(), "conductor", config.conductorImage(), List.of(), List.of(),
                config.conductorReplicas(), APP_UID, RoutingTable.CONDUCTOR.port(), RoutingTable.CONDUCTOR.port(), "/healthz",
                conductorEnv, List.of(SecretInventory.CONDUCTOR_DB, SecretInventory.CONDUCTOR_LICENSE),
                new PodSpecs.Resources("250m", "256Mi", "1", "512Mi"), List.of(), List.of(), waitFor, Output.of(Map.of())),
                namespace, kubernetes, parent);

        Output<List<EnvVarArgs>> consoleEnv = Output.tuple(endpoints, namespace).applyValue(t -> {
            var env = new ArrayList<EnvVarArgs>();
            env.add(PodSpecs.literal("DBOS_CONDUCTOR_URL", Workload.serviceHost(RoutingTable.CONDUCTOR.service(), t.t2) + ":" + RoutingTable.CONDUCTOR.port()));
            OAuthSettings.console(config.oauthEnabled(), t.t1.dexIssuer()).forEach((k, v) -> env.add(PodSpecs.literal(k, v)));
            return env;
        });
        this.console = new Workload(name + "-console", new WorkloadSpec(
                RoutingTable.CONSOLE.service(), "console", config.consoleImage(), List.of(), List.of(),
                config.consoleReplicas(), APP_UID, RoutingTable.CONSOLE.port(), CONSOLE_CONTAINER_PORT, "/health",
                consoleEnv, List.of(), new PodSpecs.Resources("100m", "128Mi", "500m", "256Mi"),
                List.of(), List.of(), List.of(), Output.of(Map.of())),
                namespace, kubernetes, parent);
        registerOutputs(Map.of("conductorService", conductor.serviceName, "consoleService", console.serviceName));
    }
}
