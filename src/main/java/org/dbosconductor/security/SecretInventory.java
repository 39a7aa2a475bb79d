package org.dbosconductor.security;

import com.pulumi.core.Output;
import com.pulumi.kubernetes.Provider;
import com.pulumi.kubernetes.core.v1.Secret;
import com.pulumi.kubernetes.core.v1.SecretArgs;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.ResourceArgs;
import org.dbosconductor.config.AppConfig;
import org.dbosconductor.config.ConductorConfig;
import org.dbosconductor.config.StackConfig;
import org.dbosconductor.database.BootstrapSql;
import org.dbosconductor.database.Database;
import org.dbosconductor.database.PgBouncer;
import org.dbosconductor.providers.random.RandomPassword;
import org.dbosconductor.providers.random.RandomPasswordArgs;
import org.dbosconductor.support.KubernetesLabels;
import org.dbosconductor.workload.Workload;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The seed's secret inventory, generated instead of typed: role passwords from {@code RandomPassword},
 * connection URLs built from the RDS endpoint, the license and API key from secret config. The values
 * live only in Pulumi's encrypted state and in these Secrets.
 */
public final class SecretInventory extends ComponentResource {
    public static final String POSTGRES_ADMIN = "postgres-admin";
    public static final String CONDUCTOR_DB = "conductor-db";
    public static final String CONDUCTOR_LICENSE = "conductor-license";
    public static final String APP_DB = "dbos-app-db";
    public static final String CONDUCTOR_API_KEY = "conductor-api-key";
    public static final String DEX_DB = "dex-db";
    public static final String DEX_ADMIN = "dex-admin";

    public static final String PASSWORD = "password";
    public static final String DATABASE_URL = "database-url";
    public static final String LICENSE_KEY = "license-key";
    public static final String API_KEY = "api-key";
    public static final String PASSWORD_HASH = "password-hash";

    /** Stands in until the app is registered in the Console and its key is set with {@code pulumi config set --secret}. */
    public static final String API_KEY_PLACEHOLDER = "not-yet-registered";

    /** The app role's password (secret): PgBouncer authenticates the app with it. */
    public final Output<String> appRolePassword;
    /** The Dex admin's login password (secret), for the stack output. */
    public final Output<String> dexAdminPassword;
    /** Each Secret, by name, for the workloads that wait on them. */
    public final Map<String, Secret> secrets;

    public SecretInventory(String name, StackConfig stack, Database database, Output<String> namespace, Provider kubernetes,
                           ComponentResourceOptions options) {
        super("dbos-conductor:security:SecretInventory", name, ResourceArgs.Empty, options);
        ConductorConfig config = stack.conductor();
        var child = CustomResourceOptions.builder().parent(this).build();
        Output<String> conductorPassword = password(name + "-conductor-role-password", child);
        Output<String> appPassword = password(name + "-app-role-password", child);
        Output<String> dexPassword = password(name + "-dex-role-password", child);
        var dexAdmin = new RandomPassword(name + "-dex-admin-password", RandomPasswordArgs.builder()
                .length(24).special(false).build(), child);
        Output<String> host = database.address;
        Output<Integer> port = database.port;

        var created = new LinkedHashMap<String, Secret>();
        var k8s = CustomResourceOptions.builder().parent(this).provider(kubernetes).build();
        created.put(POSTGRES_ADMIN, secret(name, POSTGRES_ADMIN, "database", namespace, Output.tuple(database.adminPassword, host, port)
                .applyValue(t -> Map.of(
                        PASSWORD, t.t1,
                        // The migration Job's target: dbos migrate creates the system tables in the app database.
                        DATABASE_URL, ConnectionUrls.postgres(Database.ADMIN_USERNAME, t.t1, t.t2, t.t3, BootstrapSql.APP_DATABASE))), k8s));
        created.put(CONDUCTOR_DB, secret(name, CONDUCTOR_DB, "conductor", namespace, Output.tuple(conductorPassword, host, port)
                .applyValue(t -> Map.of(
                        PASSWORD, t.t1,
                        DATABASE_URL, ConnectionUrls.postgres(BootstrapSql.CONDUCTOR_ROLE, t.t1, t.t2, t.t3, BootstrapSql.CONDUCTOR_DATABASE))), k8s));
        created.put(CONDUCTOR_LICENSE, secret(name, CONDUCTOR_LICENSE, "conductor", namespace,
                Output.ofSecret(Map.of(LICENSE_KEY, config.licenseKey().value())), k8s));
        AppConfig app = stack.app();
        created.put(APP_DB, secret(name, APP_DB, "app", namespace, Output.tuple(appPassword, host, port, namespace)
                .applyValue(t -> Map.of(
                        PASSWORD, t.t1,
                        DATABASE_URL, app.usesPgBouncer()
                                ? ConnectionUrls.pooled(BootstrapSql.APP_ROLE, t.t1, Workload.serviceHost(PgBouncer.NAME, t.t4),
                                        PgBouncer.PORT, BootstrapSql.APP_DATABASE, app.dbConnectionsPerPod())
                                : ConnectionUrls.capped(BootstrapSql.APP_ROLE, t.t1, t.t2, t.t3, BootstrapSql.APP_DATABASE, app.dbConnectionsPerPod()))), k8s));
        created.put(CONDUCTOR_API_KEY, secret(name, CONDUCTOR_API_KEY, "app", namespace, Output.ofSecret(Map.of(API_KEY,
                config.apiKey().map(k -> k.value()).orElse(API_KEY_PLACEHOLDER))), k8s));
        created.put(DEX_DB, secret(name, DEX_DB, "dex", namespace, dexPassword.applyValue(p -> Map.of(PASSWORD, p)), k8s));
        created.put(DEX_ADMIN, secret(name, DEX_ADMIN, "dex", namespace, dexAdmin.bcryptHash().applyValue(h -> Map.of(PASSWORD_HASH, h)), k8s));
        // Insertion order, not Map.copyOf's per-JVM order: what waits on these lists them the same way every run.
        this.secrets = java.util.Collections.unmodifiableMap(created);
        this.dexAdminPassword = dexAdmin.result();
        this.appRolePassword = appPassword;
        registerOutputs(Map.of("dexAdminPassword", dexAdminPassword));
    }

    /** Letters and digits only: the passwords go into URLs and psql variables unescaped. */
    private static Output<String> password(String name, CustomResourceOptions options) {
        return new RandomPassword(name, RandomPasswordArgs.builder().length(32).special(false).build(), options).result();
    }

    private static Secret secret(String resourcePrefix, String secretName, String component, Output<String> namespace,
                                 Output<Map<String, String>> data, CustomResourceOptions options) {
        return new Secret(resourcePrefix + "-" + secretName, SecretArgs.builder()
                .metadata(namespace.applyValue(ns -> ObjectMetaArgs.builder()
                        .name(secretName)
                        .namespace(ns)
                        .labels(KubernetesLabels.recommended(secretName, component))
                        .build()))
                .type("Opaque")
                .stringData(data.asSecret())
                .build(), options);
    }
}
