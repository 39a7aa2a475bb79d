package org.dbosconductor.config;

import org.dbosconductor.database.ConnectionBudget;
import org.dbosconductor.database.PgBouncerConfig;
import org.dbosconductor.network.Ipv4Cidr;
import org.dbosconductor.network.SubnetPlan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one place that reads configuration. Keys live under the project namespace
 * ({@code dbos-conductor:<key>}), except the AWS provider's own {@code aws:region}.
 * Every key is documented in the README's configuration table.
 */
public final class StackConfigReader {
    public static final String NAMESPACE = "dbos-conductor";

    /** EKS versions in standard or extended support that this program has been checked against. */
    public static final Set<String> KUBERNETES_VERSIONS = Set.of("1.30", "1.31", "1.32", "1.33");
    public static final List<String> CLUSTER_LOG_TYPES = List.of("api", "audit", "authenticator", "controllerManager", "scheduler");
    /** The retention periods CloudWatch Logs accepts. */
    public static final int[] LOG_RETENTION_DAYS = {1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653};

    public static final String REGION = "aws:region";
    public static final String VPC_CIDR = key("vpcCidr");
    public static final String AVAILABILITY_ZONE_COUNT = key("availabilityZoneCount");
    public static final String NAT_GATEWAYS = key("natGateways");
    public static final String KUBERNETES_VERSION = key("kubernetesVersion");
    public static final String NODE_INSTANCE_TYPE = key("nodeInstanceType");
    public static final String NODE_MIN_SIZE = key("nodeMinSize");
    public static final String NODE_DESIRED_SIZE = key("nodeDesiredSize");
    public static final String NODE_MAX_SIZE = key("nodeMaxSize");
    public static final String NODE_DISK_SIZE_GB = key("nodeDiskSizeGb");
    public static final String ENDPOINT_PUBLIC_ACCESS_CIDRS = key("clusterEndpointPublicAccessCidrs");
    public static final String CLUSTER_LOG_TYPES_KEY = key("clusterLogTypes");
    public static final String CLUSTER_LOG_RETENTION_DAYS = key("clusterLogRetentionDays");
    public static final String CLUSTER_ADMIN_ARNS = key("clusterAdminArns");
    public static final String DB_INSTANCE_CLASS = key("dbInstanceClass");
    public static final String DB_ENGINE_VERSION = key("dbEngineVersion");
    public static final String DB_ALLOCATED_STORAGE_GB = key("dbAllocatedStorageGb");
    public static final String DB_MAX_ALLOCATED_STORAGE_GB = key("dbMaxAllocatedStorageGb");
    public static final String DB_MULTI_AZ = key("dbMultiAz");
    public static final String DB_BACKUP_RETENTION_DAYS = key("dbBackupRetentionDays");
    public static final String DB_DELETION_PROTECTION = key("dbDeletionProtection");
    public static final String DB_SKIP_FINAL_SNAPSHOT = key("dbSkipFinalSnapshot");
    public static final String DOMAIN = key("domain");
    public static final String ACME_EMAIL = key("acmeEmail");
    public static final String HOSTED_ZONE_ID = key("hostedZoneId");
    public static final String TLS_VALIDITY_HOURS = key("tlsValidityHours");
    public static final String TLS_EARLY_RENEWAL_HOURS = key("tlsEarlyRenewalHours");
    public static final String TLS_CA_VALIDITY_HOURS = key("tlsCaValidityHours");
    public static final String INGRESS_NGINX_CHART_VERSION = key("ingressNginxChartVersion");
    public static final String INGRESS_CONTROLLER_REPLICAS = key("ingressControllerReplicas");
    public static final String SEALED_SECRETS_ENABLED = key("sealedSecretsEnabled");
    public static final String SEALED_SECRETS_CHART_VERSION = key("sealedSecretsChartVersion");
    public static final String KEDA_ENABLED = key("kedaEnabled");
    public static final String KEDA_CHART_VERSION = key("kedaChartVersion");
    public static final String CERT_MANAGER_CHART_VERSION = key("certManagerChartVersion");
    public static final String APP_IMAGE = key("appImage");
    public static final String MIGRATE_IMAGE = key("migrateImage");
    public static final String APP_MAX_REPLICAS = key("appMaxReplicas");
    public static final String APP_DB_CONNECTIONS_PER_POD = key("appDbConnectionsPerPod");
    public static final String APP_CONDUCTOR_ROUTE = key("appConductorRoute");
    public static final String PGBOUNCER_ENABLED = key("pgbouncerEnabled");
    public static final String PGBOUNCER_IMAGE = key("pgbouncerImage");
    public static final String PGBOUNCER_REPLICAS = key("pgbouncerReplicas");
    public static final String PGBOUNCER_POOL_SIZE = key("pgbouncerPoolSize");
    public static final String PGBOUNCER_MAX_CLIENT_CONNECTIONS = key("pgbouncerMaxClientConnections");
    public static final String LICENSE_KEY = key("licenseKey");
    public static final String API_KEY = key("conductorApiKey");
    public static final String CONDUCTOR_IMAGE = key("conductorImage");
    public static final String CONSOLE_IMAGE = key("consoleImage");
    public static final String DEX_IMAGE = key("dexImage");
    public static final String POSTGRES_CLIENT_IMAGE = key("postgresClientImage");
    public static final String CONDUCTOR_REPLICAS = key("conductorReplicas");
    public static final String CONSOLE_REPLICAS = key("consoleReplicas");
    public static final String DEX_REPLICAS = key("dexReplicas");
    public static final String OAUTH_ENABLED = key("oauthEnabled");
    public static final String DEX_ADMIN_EMAIL = key("dexAdminEmail");

    /** Keys whose values are secrets: set with {@code pulumi config set --secret}, never in a stack file. */
    public static final List<String> SECRET_KEYS = List.of(LICENSE_KEY, API_KEY);
    /** The secret keys without which a real run fails; the offline synth stands in placeholders for them. */
    public static final List<String> REQUIRED_SECRET_KEYS = List.of(LICENSE_KEY);

    private static final Pattern REGION_PATTERN = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d");
    private static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\d[a-z0-9-]*\\.(nano|micro|small|medium|large|\\d*xlarge|metal(-\\d+xl)?)");
    private static final Pattern DB_INSTANCE_CLASS_PATTERN = Pattern.compile("db\\.[a-z][a-z0-9-]*\\d[a-z0-9-]*\\.(micro|small|medium|large|\\d*xlarge)");
    private static final Pattern PG16 = Pattern.compile("16(\\.\\d{1,2})?");
    private static final Pattern IAM_PRINCIPAL = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:(role|user)/[\\w+=,.@/-]+");
    private static final Pattern DNS_NAME = Pattern.compile("(?=.{4,200}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]{1,64}@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}");
    private static final Pattern HOSTED_ZONE = Pattern.compile("Z[A-Z0-9]{1,32}");
    private static final Pattern CHART_VERSION = Pattern.compile("v?\\d+\\.\\d+\\.\\d+");

    private StackConfigReader() {
    }

    public static String key(String name) {
        return NAMESPACE + ":" + name;
    }

    /**
     * Reads and validates every key. Throws one {@link ConfigException} listing every problem.
     */
    public static StackConfig read(String project, String stack, ConfigSource source) {
        var in = new ConfigReader(source);
        String region = in.required(REGION, REGION_PATTERN, "an AWS region such as us-west-2", "us-west-2");
        NetworkConfig network = readNetwork(in);
        ClusterConfig cluster = readCluster(in);
        DatabaseConfig database = readDatabase(in);
        EdgeConfig edge = readEdge(in);
        AddOnsConfig addOns = readAddOns(in);
        ConductorConfig conductor = readConductor(in);
        AppConfig app = readApp(in);
        checkConnectionBudget(in, database, conductor, app);
        in.failIfAny();
        return new StackConfig(project, stack, region, network, cluster, database, addOns, edge, conductor, app);
    }

    private static NetworkConfig readNetwork(ConfigReader in) {
        String cidrText = in.string(VPC_CIDR, "10.0.0.0/16", StackConfigReader::isUsableVpcCidr,
                "a private IPv4 network address from /" + SubnetPlan.MIN_VPC_PREFIX + " to /" + SubnetPlan.MAX_VPC_PREFIX
                        + " with no host bits set, such as 10.0.0.0/16", "10.0.0.0/16");
        int zones = in.integer(AVAILABILITY_ZONE_COUNT, 2, SubnetPlan.MIN_ZONES, SubnetPlan.MAX_ZONES);
        var natModes = new LinkedHashMap<String, NetworkConfig.NatGatewayMode>();
        natModes.put("onePerAz", NetworkConfig.NatGatewayMode.ONE_PER_AZ);
        natModes.put("single", NetworkConfig.NatGatewayMode.SINGLE);
        var nat = in.choice(NAT_GATEWAYS, NetworkConfig.NatGatewayMode.ONE_PER_AZ, natModes);
        return new NetworkConfig(Ipv4Cidr.parse(cidrText).orElseThrow(), zones, nat);
    }

    private static boolean isUsableVpcCidr(String text) {
        return Ipv4Cidr.parse(text)
                .filter(c -> c.prefix() >= SubnetPlan.MIN_VPC_PREFIX && c.prefix() <= SubnetPlan.MAX_VPC_PREFIX)
                .filter(Ipv4Cidr::isPrivate)
                .isPresent();
    }

    private static ClusterConfig readCluster(ConfigReader in) {
        String version = in.string(KUBERNETES_VERSION, "1.31", KUBERNETES_VERSIONS::contains,
                "a supported EKS version: one of " + String.join(", ", KUBERNETES_VERSIONS.stream().sorted().toList()), "1.31");
        String instanceType = in.string(NODE_INSTANCE_TYPE, "t3.medium", INSTANCE_TYPE,
                "an EC2 instance type such as t3.medium or m6i.xlarge", "t3.medium");
        int min = in.integer(NODE_MIN_SIZE, 2, 1, 100);
        int desired = in.integer(NODE_DESIRED_SIZE, 2, 1, 100);
        int max = in.integer(NODE_MAX_SIZE, 4, 1, 100);
        if (min > max) {
            in.problem(NODE_MIN_SIZE, String.valueOf(min), "at most " + NODE_MAX_SIZE + " (" + max + ")", String.valueOf(max));
        } else if (desired < min || desired > max) {
            in.problem(NODE_DESIRED_SIZE, String.valueOf(desired),
                    "between " + NODE_MIN_SIZE + " (" + min + ") and " + NODE_MAX_SIZE + " (" + max + ")", String.valueOf(min));
        }
        int disk = in.integer(NODE_DISK_SIZE_GB, 50, 20, 16384);
        List<String> publicCidrs = in.list(ENDPOINT_PUBLIC_ACCESS_CIDRS, List.of(), Ipv4Cidr::isValid,
                "a list of IPv4 CIDR blocks allowed to reach the Kubernetes API, such as 203.0.113.0/24", "203.0.113.0/24");
        List<String> logTypes = in.list(CLUSTER_LOG_TYPES_KEY, List.of("api", "audit", "authenticator"), CLUSTER_LOG_TYPES::contains,
                "a list drawn from " + String.join(", ", CLUSTER_LOG_TYPES), "api,audit,authenticator");
        int retention = in.integerOneOf(CLUSTER_LOG_RETENTION_DAYS, 90, LOG_RETENTION_DAYS);
        List<String> admins = in.list(CLUSTER_ADMIN_ARNS, List.of(), p -> IAM_PRINCIPAL.matcher(p).matches(),
                "a list of IAM role or user ARNs such as arn:aws:iam::123456789012:role/platform-admins",
                "arn:aws:iam::123456789012:role/platform-admins");
        return new ClusterConfig(version, instanceType, min, desired, max, disk, publicCidrs, logTypes, retention, admins);
    }

    private static DatabaseConfig readDatabase(ConfigReader in) {
        String instanceClass = in.string(DB_INSTANCE_CLASS, "db.t4g.micro", DB_INSTANCE_CLASS_PATTERN,
                "an RDS instance class such as db.t4g.micro or db.m7g.large", "db.t4g.micro");
        String engineVersion = in.string(DB_ENGINE_VERSION, "16", PG16,
                "PostgreSQL 16, as 16 or a minor version such as 16.4", "16");
        int storage = in.integer(DB_ALLOCATED_STORAGE_GB, 20, 20, 65536);
        int maxStorage = in.integer(DB_MAX_ALLOCATED_STORAGE_GB, 100, 0, 65536);
        if (maxStorage != 0 && maxStorage < storage) {
            in.problem(DB_MAX_ALLOCATED_STORAGE_GB, String.valueOf(maxStorage),
                    "0 (no storage autoscaling) or at least " + DB_ALLOCATED_STORAGE_GB + " (" + storage + ")", String.valueOf(storage * 5));
        }
        boolean multiAz = in.bool(DB_MULTI_AZ, false);
        int backups = in.integer(DB_BACKUP_RETENTION_DAYS, 7, 1, 35);
        boolean deletionProtection = in.bool(DB_DELETION_PROTECTION, true);
        boolean skipFinalSnapshot = in.bool(DB_SKIP_FINAL_SNAPSHOT, false);
        return new DatabaseConfig(instanceClass, engineVersion, storage, maxStorage, multiAz, backups, deletionProtection, skipFinalSnapshot);
    }

    private static EdgeConfig readEdge(ConfigReader in) {
        Optional<String> domain = in.optional(DOMAIN, DNS_NAME, "a lower-case DNS domain such as dbos.example.com", "dbos.example.com");
        Optional<String> email = in.optional(ACME_EMAIL, EMAIL, "an e-mail address for Let's Encrypt notices, such as ops@example.com", "ops@example.com");
        Optional<String> zone = in.optional(HOSTED_ZONE_ID, HOSTED_ZONE, "a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ", "Z0123456789ABCDEFGHIJ");
        if (domain.isPresent() && email.isEmpty() && in.raw(ACME_EMAIL).isEmpty()) {
            in.problem(ACME_EMAIL, null, "an e-mail address for Let's Encrypt, required when " + DOMAIN + " is set", "ops@example.com");
        }
        if (domain.isEmpty() && in.raw(DOMAIN).isEmpty() && zone.isPresent()) {
            in.problem(DOMAIN, null, "the domain the hosted zone " + zone.get() + " serves, required when " + HOSTED_ZONE_ID + " is set", "dbos.example.com");
        }
        int validity = in.integer(TLS_VALIDITY_HOURS, 8760, 24, 87600);
        int renewal = in.integer(TLS_EARLY_RENEWAL_HOURS, 720, 0, 87600);
        if (renewal >= validity) {
            in.problem(TLS_EARLY_RENEWAL_HOURS, String.valueOf(renewal),
                    "fewer hours than " + TLS_VALIDITY_HOURS + " (" + validity + ")", String.valueOf(validity / 12));
        }
        int caValidity = in.integer(TLS_CA_VALIDITY_HOURS, 87600, 24, 175200);
        if (caValidity < validity) {
            in.problem(TLS_CA_VALIDITY_HOURS, String.valueOf(caValidity),
                    "at least " + TLS_VALIDITY_HOURS + " (" + validity + "): the CA must outlive the certificates it signs", String.valueOf(validity * 10));
        }
        return new EdgeConfig(domain, email, zone, validity, renewal, caValidity);
    }

    private static AddOnsConfig readAddOns(ConfigReader in) {
        String expected = "a chart version such as 1.2.3 (pinned, no ranges)";
        return new AddOnsConfig(
                in.string(INGRESS_NGINX_CHART_VERSION, ChartDefaults.INGRESS_NGINX, CHART_VERSION, expected, ChartDefaults.INGRESS_NGINX),
                in.integer(INGRESS_CONTROLLER_REPLICAS, 2, 1, 10),
                in.bool(SEALED_SECRETS_ENABLED, true),
                in.string(SEALED_SECRETS_CHART_VERSION, ChartDefaults.SEALED_SECRETS, CHART_VERSION, expected, ChartDefaults.SEALED_SECRETS),
                in.bool(KEDA_ENABLED, true),
                in.string(KEDA_CHART_VERSION, ChartDefaults.KEDA, CHART_VERSION, expected, ChartDefaults.KEDA),
                in.string(CERT_MANAGER_CHART_VERSION, ChartDefaults.CERT_MANAGER, CHART_VERSION, expected, ChartDefaults.CERT_MANAGER));
    }

    /** Conductor's and Dex's own pools are not configurable: these are their most connections per replica. */
    static final int CONDUCTOR_CONNECTIONS_PER_REPLICA = 10;
    static final int DEX_CONNECTIONS_PER_REPLICA = 5;
    /** The bootstrap and migration Jobs: one psql or one dbos migrate each. */
    static final int JOB_CONNECTIONS = 2;

    /** The app at full scale must fit what PgBouncer and the RDS instance class allow: checked now, not at 3 a.m. */
    private static void checkConnectionBudget(ConfigReader in, DatabaseConfig database, ConductorConfig conductor, AppConfig app) {
        if (!app.deployed()) {
            return;
        }
        var others = List.of(
                new ConnectionBudget.OtherClient("Conductor", conductor.conductorReplicas() * CONDUCTOR_CONNECTIONS_PER_REPLICA),
                new ConnectionBudget.OtherClient("Dex", conductor.dexReplicas() * DEX_CONNECTIONS_PER_REPLICA),
                new ConnectionBudget.OtherClient("bootstrap and migration Jobs", JOB_CONNECTIONS));
        ConnectionBudget.check(new ConnectionBudget.Inputs(database.instanceClass(), app.maxReplicas(), app.dbConnectionsPerPod(),
                        app.pgbouncerEnabled(), app.pgbouncerReplicas(), app.pgbouncerPoolSize(), PgBouncerConfig.DEFAULT_RESERVE_POOL_SIZE,
                        app.pgbouncerMaxClientConnections(), others))
                .forEach(violation -> in.problem(violation.toConfigProblem()));
    }

    private static AppConfig readApp(ConfigReader in) {
        String pinned = "an image pinned to a version tag or digest (not latest), such as ";
        Optional<String> app = in.raw(APP_IMAGE).filter(image -> {
            boolean ok = ImageReference.isPinned(image);
            if (!ok) {
                in.problem(APP_IMAGE, image, pinned + "<account>.dkr.ecr.<region>.amazonaws.com/dbos-app:1.0.0", "<repository>:<tag>");
            }
            return ok;
        });
        Optional<String> migrate = in.raw(MIGRATE_IMAGE).filter(image -> {
            boolean ok = ImageReference.isPinned(image);
            if (!ok) {
                in.problem(MIGRATE_IMAGE, image, pinned + "<account>.dkr.ecr.<region>.amazonaws.com/dbos-migrate:1.0.0", "<repository>:<tag>");
            }
            return ok;
        });
        if (in.raw(APP_IMAGE).isPresent() && in.raw(MIGRATE_IMAGE).isEmpty()) {
            in.problem(MIGRATE_IMAGE, null, "the migration image (the dbos CLI) built with the app: the app's system tables must exist before it starts", "<repository>:<tag>");
        }
        var routes = new LinkedHashMap<String, Boolean>();
        routes.put("internal", false);
        routes.put("ingress", true);
        return new AppConfig(app, migrate,
                in.integer(APP_MAX_REPLICAS, 5, 1, 100),
                in.integer(APP_DB_CONNECTIONS_PER_POD, 10, 2, 100),
                in.choice(APP_CONDUCTOR_ROUTE, false, routes),
                in.bool(PGBOUNCER_ENABLED, true),
                in.string(PGBOUNCER_IMAGE, "ghcr.io/cloudnative-pg/pgbouncer:1.25.1", ImageReference::isPinned,
                        pinned + "ghcr.io/cloudnative-pg/pgbouncer:1.25.1", "ghcr.io/cloudnative-pg/pgbouncer:1.25.1"),
                in.integer(PGBOUNCER_REPLICAS, 2, 1, 10),
                in.integer(PGBOUNCER_POOL_SIZE, 20, 1, 1000),
                in.integer(PGBOUNCER_MAX_CLIENT_CONNECTIONS, 200, 10, 10000));
    }

    private static ConductorConfig readConductor(ConfigReader in) {
        SecretValue license = in.requiredSecret(LICENSE_KEY,
                "the Conductor license key from DBOS (Conductor exits at start-up without one)", "<your-license-key>");
        Optional<SecretValue> apiKey = in.raw(API_KEY).map(SecretValue::new);
        String pinned = "an image pinned to a version tag or digest (not latest)";
        // Conductor and Console are released together; neither has a default, so an upgrade is always a deliberate pair.
        String conductor = in.required(CONDUCTOR_IMAGE, ImageReference::isPinned, pinned + ", the Conductor release you are licensed for, such as dbosdev/conductor:<version>", "dbosdev/conductor:<version>");
        String console = in.required(CONSOLE_IMAGE, ImageReference::isPinned, pinned + ", the Console of the same release as Conductor, such as dbosdev/console:<version>", "dbosdev/console:<version>");
        String dex = in.string(DEX_IMAGE, "dexidp/dex:v2.41.1", ImageReference::isPinned, pinned + ", such as dexidp/dex:v2.41.1", "dexidp/dex:v2.41.1");
        String psql = in.string(POSTGRES_CLIENT_IMAGE, "postgres:16.4-alpine", ImageReference::isPinned, pinned + ", a PostgreSQL 16 client such as postgres:16.4-alpine", "postgres:16.4-alpine");
        int conductorReplicas = in.integer(CONDUCTOR_REPLICAS, 1, 1, 10);
        int consoleReplicas = in.integer(CONSOLE_REPLICAS, 1, 1, 10);
        int dexReplicas = in.integer(DEX_REPLICAS, 1, 1, 10);
        boolean oauth = in.bool(OAUTH_ENABLED, true);
        String adminEmail = in.string(DEX_ADMIN_EMAIL, "admin@example.com", EMAIL, "the e-mail address the Dex admin user logs in with", "admin@example.com");
        return new ConductorConfig(license, apiKey, conductor, console, dex, psql, conductorReplicas, consoleReplicas,
                dexReplicas, oauth, adminEmail);
    }
}
