package org.dbosconductor.network;

import com.pulumi.aws.AwsFunctions;
import com.pulumi.aws.ec2.DefaultSecurityGroup;
import com.pulumi.aws.ec2.DefaultSecurityGroupArgs;
import com.pulumi.aws.ec2.Eip;
import com.pulumi.aws.ec2.EipArgs;
import com.pulumi.aws.ec2.InternetGateway;
import com.pulumi.aws.ec2.InternetGatewayArgs;
import com.pulumi.aws.ec2.NatGateway;
import com.pulumi.aws.ec2.NatGatewayArgs;
import com.pulumi.aws.ec2.Route;
import com.pulumi.aws.ec2.RouteArgs;
import com.pulumi.aws.ec2.RouteTable;
import com.pulumi.aws.ec2.RouteTableArgs;
import com.pulumi.aws.ec2.RouteTableAssociation;
import com.pulumi.aws.ec2.RouteTableAssociationArgs;
import com.pulumi.aws.ec2.Subnet;
import com.pulumi.aws.ec2.SubnetArgs;
import com.pulumi.aws.ec2.Vpc;
import com.pulumi.aws.ec2.VpcArgs;
import com.pulumi.aws.inputs.GetAvailabilityZonesArgs;
import com.pulumi.aws.outputs.GetAvailabilityZonesResult;
import com.pulumi.core.Output;
import com.pulumi.deployment.InvokeOutputOptions;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.ResourceArgs;
import org.dbosconductor.config.NetworkConfig;
import org.dbosconductor.config.NetworkConfig.NatGatewayMode;
import org.dbosconductor.support.AwsTags;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The VPC: a public and a private subnet in each of 2-3 availability zones, an internet gateway for
 * the public subnets, NAT for the private ones (one, or one per zone), and the subnet tags that the
 * AWS load balancer integration and EKS look for.
 */
public final class Network extends ComponentResource {
    public final Output<String> vpcId;
    public final Output<List<String>> publicSubnetIds;
    public final Output<List<String>> privateSubnetIds;
    public final Output<List<String>> availabilityZones;

    public Network(String name, NetworkConfig config, String clusterName, Map<String, String> tags,
                   ComponentResourceOptions options) {
        super("dbos-conductor:network:Network", name, ResourceArgs.Empty, options);
        var child = CustomResourceOptions.builder().parent(this).build();
        int zoneCount = config.availabilityZoneCount();
        List<SubnetPlan.ZoneSubnets> plan = SubnetPlan.plan(config.vpcCidr(), zoneCount);

        Output<List<String>> zones = AwsFunctions.getAvailabilityZones(
                        GetAvailabilityZonesArgs.builder().state("available").build(),
                        InvokeOutputOptions.builder().parent(this).build())
                .applyValue(result -> firstZones(result, zoneCount));

        var vpc = new Vpc(name + "-vpc", VpcArgs.builder()
                .cidrBlock(config.vpcCidr().toString())
                .enableDnsHostnames(true)
                .enableDnsSupport(true)
                .tags(AwsTags.named(tags, clusterName))
                .build(), child);
        var vpcChild = CustomResourceOptions.builder().parent(vpc).build();

        // The default security group allows all traffic between its members; nothing should use it.
        new DefaultSecurityGroup(name + "-default-sg", DefaultSecurityGroupArgs.builder()
                .vpcId(vpc.id())
                .tags(AwsTags.named(tags, clusterName + "-default-deny-all"))
                .build(), vpcChild);

        var gateway = new InternetGateway(name + "-igw", InternetGatewayArgs.builder()
                .vpcId(vpc.id())
                .tags(AwsTags.named(tags, clusterName))
                .build(), vpcChild);
        var publicRoutes = new RouteTable(name + "-public-rt", RouteTableArgs.builder()
                .vpcId(vpc.id())
                .tags(AwsTags.named(tags, clusterName + "-public"))
                .build(), vpcChild);
        new Route(name + "-public-default-route", RouteArgs.builder()
                .routeTableId(publicRoutes.id())
                .destinationCidrBlock("0.0.0.0/0")
                .gatewayId(gateway.id())
                .build(), CustomResourceOptions.builder().parent(publicRoutes).build());

        String clusterTag = "kubernetes.io/cluster/" + clusterName;
        var publicSubnets = new ArrayList<Subnet>();
        var privateSubnets = new ArrayList<Subnet>();
        var natGateways = new ArrayList<NatGateway>();
        for (int i = 0; i < zoneCount; i++) {
            int zone = i;
            Output<String> az = zones.applyValue(list -> list.get(zone));
            String suffix = "-" + (char) ('a' + i);
            var publicSubnet = new Subnet(name + "-public" + suffix, SubnetArgs.builder()
                    .vpcId(vpc.id())
                    .availabilityZone(az)
                    .cidrBlock(plan.get(i).publicCidr().toString())
                    .mapPublicIpOnLaunch(false)
                    .tags(AwsTags.named(tags, clusterName + "-public" + suffix,
                            "kubernetes.io/role/elb", "1", clusterTag, "shared"))
                    .build(), vpcChild);
            new RouteTableAssociation(name + "-public" + suffix + "-rta", RouteTableAssociationArgs.builder()
                    .subnetId(publicSubnet.id())
                    .routeTableId(publicRoutes.id())
                    .build(), CustomResourceOptions.builder().parent(publicSubnet).build());
            publicSubnets.add(publicSubnet);

            if (config.natGateways() == NatGatewayMode.ONE_PER_AZ || i == 0) {
                var eip = new Eip(name + "-nat" + suffix + "-eip", EipArgs.builder()
                        .domain("vpc")
                        .tags(AwsTags.named(tags, clusterName + "-nat" + suffix))
                        .build(), vpcChild);
                natGateways.add(new NatGateway(name + "-nat" + suffix, NatGatewayArgs.builder()
                        .allocationId(eip.id())
                        .subnetId(publicSubnet.id())
                        .tags(AwsTags.named(tags, clusterName + "-nat" + suffix))
                        .build(), CustomResourceOptions.builder().parent(publicSubnet).dependsOn(gateway).build()));
            }

            var privateSubnet = new Subnet(name + "-private" + suffix, SubnetArgs.builder()
                    .vpcId(vpc.id())
                    .availabilityZone(az)
                    .cidrBlock(plan.get(i).privateCidr().toString())
                    .tags(AwsTags.named(tags, clusterName + "-private" + suffix,
                            "kubernetes.io/role/internal-elb", "1", clusterTag, "shared"))
                    .build(), vpcChild);
            var privateRoutes = new RouteTable(name + "-private" + suffix + "-rt", RouteTableArgs.builder()
                    .vpcId(vpc.id())
                    .tags(AwsTags.named(tags, clusterName + "-private" + suffix))
                    .build(), vpcChild);
            var routeOptions = CustomResourceOptions.builder().parent(privateRoutes).build();
            new Route(name + "-private" + suffix + "-default-route", RouteArgs.builder()
                    .routeTableId(privateRoutes.id())
                    .destinationCidrBlock("0.0.0.0/0")
                    // the zone's own NAT gateway, or in single mode the one created in the first zone
                    .natGatewayId(natGateways.get(natGateways.size() - 1).id())
                    .build(), routeOptions);
            new RouteTableAssociation(name + "-private" + suffix + "-rta", RouteTableAssociationArgs.builder()
                    .subnetId(privateSubnet.id())
                    .routeTableId(privateRoutes.id())
                    .build(), routeOptions);
            privateSubnets.add(privateSubnet);
        }

        this.vpcId = vpc.id();
        this.publicSubnetIds = Output.all(publicSubnets.stream().map(Subnet::id).toList());
        this.privateSubnetIds = Output.all(privateSubnets.stream().map(Subnet::id).toList());
        this.availabilityZones = zones;
        registerOutputs(Map.of(
                "vpcId", vpcId,
                "publicSubnetIds", publicSubnetIds,
                "privateSubnetIds", privateSubnetIds,
                "availabilityZones", availabilityZones));
    }

    private static List<String> firstZones(GetAvailabilityZonesResult result, int count) {
        List<String> names = result.names();
        if (names.size() < count) {
            throw new IllegalStateException("availabilityZoneCount is " + count + " but the region has only "
                    + names.size() + " available zones (" + String.join(", ", names)
                    + "). Fix: pulumi config set dbos-conductor:availabilityZoneCount " + names.size());
        }
        return List.copyOf(names.subList(0, count));
    }
}
