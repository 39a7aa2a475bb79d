package org.dbosconductor.database;

import com.pulumi.aws.ec2.SecurityGroup;
import com.pulumi.aws.ec2.SecurityGroupArgs;
import com.pulumi.aws.rds.Instance;
import com.pulumi.aws.rds.InstanceArgs;
import com.pulumi.aws.rds.ParameterGroup;
import com.pulumi.aws.rds.ParameterGroupArgs;
import com.pulumi.aws.rds.SubnetGroup;
import com.pulumi.aws.rds.SubnetGroupArgs;
import com.pulumi.aws.rds.inputs.ParameterGroupParameterArgs;
import com.pulumi.aws.vpc.SecurityGroupIngressRule;
import com.pulumi.aws.vpc.SecurityGroupIngressRuleArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.ResourceArgs;
import org.dbosconductor.config.DatabaseConfig;
import org.dbosconductor.config.StackConfig;
import org.dbosconductor.providers.random.RandomPassword;
import org.dbosconductor.providers.random.RandomPasswordArgs;
import org.dbosconductor.support.AwsTags;

import java.util.List;
import java.util.Map;

/**
 * RDS PostgreSQL 16 in the private subnets, reachable on 5432 only from the cluster's nodes, encrypted,
 * TLS-only ({@code rds.force_ssl}), backed up, and protected from deletion where configured.
 * It needs only the network and the node security group id, so it is created while EKS is.
 */
public final class Database extends ComponentResource {
    public static final int PORT = 5432;
    /** The seed's admin role name; RDS creates it as the master user. */
    public static final String ADMIN_USERNAME = "postgres";

    public final Output<String> address;
    public final Output<Integer> port;
    public final Output<String> adminUsername;
    /** Secret. */
    public final Output<String> adminPassword;
    public final Output<String> securityGroupId;

    public Database(String name, StackConfig stack, Output<String> vpcId, Output<List<String>> privateSubnetIds,
                    Output<String> nodeSecurityGroupId, ComponentResourceOptions options) {
        super("dbos-conductor:database:Database", name, ResourceArgs.Empty, options);
        DatabaseConfig config = stack.database();
        Map<String, String> tags = stack.tags();
        String baseName = stack.clusterName() + "-pg";
        var child = CustomResourceOptions.builder().parent(this).build();

        // Letters and digits only: the password goes into connection URLs and psql variables unescaped.
        var password = new RandomPassword(name + "-admin-password", RandomPasswordArgs.builder()
                .length(40)
                .special(false)
                .build(), child);

        var subnets = new SubnetGroup(name + "-subnets", SubnetGroupArgs.builder()
                .description("Private subnets of " + stack.clusterName())
                .subnetIds(privateSubnetIds)
                .tags(AwsTags.named(tags, baseName))
                .build(), child);

        var securityGroup = new SecurityGroup(name + "-sg", SecurityGroupArgs.builder()
                .description("PostgreSQL from the EKS nodes of " + stack.clusterName() + " only")
                .vpcId(vpcId)
                .revokeRulesOnDelete(true)
                .tags(AwsTags.named(tags, baseName))
                .build(), child);
        // A separate rule resource: the instance needs only the group, not the cluster, so RDS and EKS build in parallel.
        new SecurityGroupIngressRule(name + "-from-nodes", SecurityGroupIngressRuleArgs.builder()
                .securityGroupId(securityGroup.id())
                .referencedSecurityGroupId(nodeSecurityGroupId)
                .ipProtocol("tcp")
                .fromPort(PORT)
                .toPort(PORT)
                .description("PostgreSQL from EKS nodes")
                .tags(AwsTags.named(tags, baseName + "-from-nodes"))
                .build(), CustomResourceOptions.builder().parent(securityGroup).build());

        var parameters = new ParameterGroup(name + "-params", ParameterGroupArgs.builder()
                .family(config.parameterGroupFamily())
                .description("TLS-only PostgreSQL for " + stack.clusterName())
                .parameters(ParameterGroupParameterArgs.builder().name("rds.force_ssl").value("1").build())
                .tags(AwsTags.named(tags, baseName))
                .build(), child);

        var instance = new Instance(name + "-instance", InstanceArgs.builder()
                .identifierPrefix(baseName + "-")
                .engine("postgres")
                .engineVersion(config.engineVersion())
                .autoMinorVersionUpgrade(true)
                .instanceClass(config.instanceClass())
                .allocatedStorage(config.allocatedStorageGb())
                .maxAllocatedStorage(config.maxAllocatedStorageGb())
                .storageType("gp3")
                .storageEncrypted(true)
                .multiAz(config.multiAz())
                .dbSubnetGroupName(subnets.name())
                .vpcSecurityGroupIds(Output.all(securityGroup.id()))
                .parameterGroupName(parameters.name())
                .publiclyAccessible(false)
                .port(PORT)
                .username(ADMIN_USERNAME)
                .password(password.result())
                .backupRetentionPeriod(config.backupRetentionDays())
                .copyTagsToSnapshot(true)
                .deletionProtection(config.deletionProtection())
                .skipFinalSnapshot(config.skipFinalSnapshot())
                .finalSnapshotIdentifier(baseName + "-final")
                .enabledCloudwatchLogsExports("postgresql", "upgrade")
                .tags(AwsTags.named(tags, baseName))
                .build(), child);

        this.address = instance.address();
        this.port = instance.port();
        this.adminUsername = Output.of(ADMIN_USERNAME);
        this.adminPassword = password.result();
        this.securityGroupId = securityGroup.id();
        registerOutputs(Map.of(
                "address", address,
                "port", port,
                "adminUsername", adminUsername,
                "adminPassword", adminPassword,
                "securityGroupId", securityGroupId));
    }
}
