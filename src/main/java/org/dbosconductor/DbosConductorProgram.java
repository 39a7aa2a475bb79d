package org.dbosconductor;

import com.pulumi.Context;
import com.pulumi.core.Output;
import com.pulumi.resources.Resource;
import org.dbosconductor.addons.AddOns;
import org.dbosconductor.app.SampleApp;
import org.dbosconductor.cluster.Cluster;
import org.dbosconductor.conductor.Conductor;
import org.dbosconductor.config.ConfigSource;
import org.dbosconductor.config.StackConfig;
import org.dbosconductor.config.StackConfigReader;
import org.dbosconductor.database.Database;
import org.dbosconductor.database.DatabaseBootstrap;
import org.dbosconductor.database.PgBouncer;
import org.dbosconductor.edge.Edge;
import org.dbosconductor.edge.PublicEndpoints;
import org.dbosconductor.identity.Dex;
import org.dbosconductor.identity.DexConfig;
import org.dbosconductor.network.Network;
import org.dbosconductor.security.NetworkPolicies;
import org.dbosconductor.security.SecretInventory;

import java.util.List;

/**
 * The whole stack. Configuration is read and validated before the first resource is registered;
 * after that every value flows between components as an {@link Output}.
 */
public final class DbosConductorProgram {
    private DbosConductorProgram() {
    }

    public static void run(Context ctx) {
        StackConfig config = StackConfigReader.read(ctx.projectName(), ctx.stackName(), configSource(ctx));
        define(ctx, config);
    }

    static void define(Context ctx, StackConfig config) {
        var network = new Network("network", config.network(), config.clusterName(), config.tags(), null);
        // EKS and RDS both need only the network: neither waits for the other.
        var cluster = new Cluster("cluster", config, network.privateSubnetIds, null);
        var database = new Database("database", config, network.vpcId, network.privateSubnetIds,
                cluster.nodeSecurityGroupId, null);

        var addOns = new AddOns("addons", config, cluster.kubernetesProvider, null);
        var edge = new Edge("edge", config, addOns.elbHostname, cluster.workloadNamespace, cluster.kubernetesProvider,
                addOns.certManager, null);

        Output<String> namespace = cluster.workloadNamespace;
        var provider = cluster.kubernetesProvider;
        var secrets = new SecretInventory("secrets", config, database, namespace, provider, null);
        var bootstrap = new DatabaseBootstrap("db-bootstrap", config, database, secrets, namespace, provider, null);
        Output<DexConfig.Settings> dexSettings = Output.tuple(edge.endpoints, database.address, database.port)
                .applyValue(t -> new DexConfig.Settings(t.t1.dexIssuer(), t.t1.consoleCallbackUrl(),
                        config.conductor().dexAdminEmail(), Dex.database(t.t2, t.t3)));
        new Dex("dex", config, dexSettings, namespace, List.of(bootstrap.job), provider, null);
        new Conductor("conductor", config, edge.endpoints, namespace, List.of(bootstrap.job), provider, null);
        List<Resource> pooler = config.app().usesPgBouncer()
                ? List.of(new PgBouncer("pgbouncer", config, database, secrets.appRolePassword, namespace, List.of(bootstrap.job),
                        provider, null).workload.deployment)
                : List.of();
        var app = new SampleApp("app", config, edge.endpoints, edge.caCertificatePem, namespace, List.of(bootstrap.job), pooler,
                provider, null);
        // Default deny in and out for the namespace, then only the connections the stack needs.
        new NetworkPolicies("network-policies", config, config.app().usesPgBouncer(), config.app().conductorViaIngress(),
                namespace, provider, null);
        if (!config.app().deployed()) {
            ctx.log().warn("No app image configured (dbos-conductor:appImage): the sample app, its migration Job and its scaler"
                    + " are skipped. Push the images to the ECR repositories (appRepositoryUrl, migrateRepositoryUrl), then set"
                    + " dbos-conductor:appImage and dbos-conductor:migrateImage.");
        } else if (!config.addOns().kedaEnabled()) {
            ctx.log().warn("KEDA is off (dbos-conductor:kedaEnabled=false): the app runs one pod and does not scale on its queue.");
        }
        if (!config.conductor().oauthEnabled()) {
            ctx.log().warn("OAuth is off (dbos-conductor:oauthEnabled=false): Conductor and the Console accept every request."
                    + " Use this only for a private evaluation.");
        }

        ctx.export("vpcId", network.vpcId);
        ctx.export("privateSubnetIds", network.privateSubnetIds);
        ctx.export("publicSubnetIds", network.publicSubnetIds);
        ctx.export("clusterName", cluster.clusterName);
        ctx.export("clusterEndpoint", cluster.endpoint);
        ctx.export("kubeconfig", cluster.kubeconfig);
        ctx.export("clusterSecurityGroupId", cluster.nodeSecurityGroupId);
        ctx.export("oidcProviderArn", cluster.oidcProviderArn);
        ctx.export("databaseAddress", database.address);
        ctx.export("databasePort", database.port);
        ctx.export("databaseAdminPassword", Output.ofSecret(database.adminPassword));
        ctx.export("elbHostname", addOns.elbHostname);
        ctx.export("consoleUrl", edge.endpoints.applyValue(PublicEndpoints::consoleUrl));
        ctx.export("conductorUrl", edge.endpoints.applyValue(PublicEndpoints::conductorUrl));
        ctx.export("dexIssuer", edge.endpoints.applyValue(PublicEndpoints::dexIssuer));
        edge.caCertificatePem.ifPresent(pem -> ctx.export("caCertificatePem", pem));
        addOns.sealingCertificatePem.ifPresent(pem -> ctx.export("sealingCertificatePem", pem));
        ctx.export("dexAdminEmail", Output.of(config.conductor().dexAdminEmail()));
        ctx.export("appRepositoryUrl", app.appRepositoryUrl);
        ctx.export("migrateRepositoryUrl", app.migrateRepositoryUrl);
        ctx.export("dexAdminPassword", Output.ofSecret(secrets.dexAdminPassword));
    }

    /** Full keys ({@code namespace:key}) looked up in the engine's stack configuration. */
    private static ConfigSource configSource(Context ctx) {
        return fullKey -> {
            int colon = fullKey.indexOf(':');
            return ctx.config(fullKey.substring(0, colon)).get(fullKey.substring(colon + 1));
        };
    }
}
