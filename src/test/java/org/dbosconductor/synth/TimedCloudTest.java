package org.dbosconductor.synth;

import com.pulumi.Context;
import com.pulumi.aws.ec2.NatGateway;
import com.pulumi.aws.ec2.NatGatewayArgs;
import com.pulumi.aws.ec2.Vpc;
import com.pulumi.aws.ec2.VpcArgs;
import com.pulumi.aws.eks.NodeGroup;
import com.pulumi.aws.eks.NodeGroupArgs;
import com.pulumi.aws.eks.inputs.NodeGroupScalingConfigArgs;
import com.pulumi.aws.rds.Instance;
import com.pulumi.aws.rds.InstanceArgs;
import com.pulumi.kubernetes.apps.v1.Deployment;
import com.pulumi.kubernetes.apps.v1.DeploymentArgs;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.resources.CustomResourceOptions;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulated clock on small programs whose critical path is known by hand. */
class TimedCloudTest {
    private static final MockCloud CLOUD = new MockCloud("us-west-2", MockCloud.defaultElbHostname("us-west-2"));

    private static DeploySimulation.Result simulate(Consumer<Context> program) {
        var plain = new Synthesizer("t", "test", Map.of(), Set.of(), List.of(), CLOUD);
        Plan plan = plain.run(program);
        return DeploySimulation.simulate(plan, plain.inputsOfLastRun(),
                mocks -> new Synthesizer("t", "test", Map.of(), Set.of(), List.of(), mocks), CLOUD, program, 200);
    }

    /** vpc (0.1) -> nat (2) -> nodes (3); a Deployment that uses nothing waits for the nodes anyway; RDS in parallel. */
    private static void program(Context ctx) {
        var vpc = new Vpc("vpc", VpcArgs.builder().cidrBlock("10.0.0.0/16").build());
        var nat = new NatGateway("nat", NatGatewayArgs.builder().subnetId(vpc.id()).build());
        new NodeGroup("nodes", NodeGroupArgs.builder().clusterName("c").nodeRoleArn("arn:aws:iam::1:role/r")
                .subnetIds(nat.id().applyValue(List::of))
                .scalingConfig(NodeGroupScalingConfigArgs.builder().minSize(1).desiredSize(1).maxSize(1).build()).build());
        new Instance("db", InstanceArgs.builder().instanceClass("db.t4g.micro").engine("postgres").multiAz(true).build(),
                CustomResourceOptions.builder().dependsOn(vpc).build());
        new Deployment("app", DeploymentArgs.builder().metadata(ObjectMetaArgs.builder().name("app").build()).build());
    }

    @Test
    void eachResourceTakesItsTimeOnceItsInputsAndGatesAreDone() {
        DeploySimulation.Result result = simulate(TimedCloudTest::program);
        var spans = result.spans();
        assertEquals(0.1, spans.get("vpc").end(), 1e-9);
        assertEquals(0.1, spans.get("nat").start(), 1e-9);
        assertEquals(2.1, spans.get("nat").end(), 1e-9);
        assertEquals(5.1, spans.get("nodes").end(), 1e-9);
        assertEquals(15.1, spans.get("db").end(), 1e-9, "Multi-AZ, after the VPC it depends on");
        assertEquals(0, spans.get("app").start(), 1e-9, "asked for at once");
        assertEquals(5.1, spans.get("app").ready(), 1e-9, "but its pods wait for the nodes");
        assertEquals(6.1, spans.get("app").end(), 1e-9);
        assertEquals(15.1, result.criticalPathMinutes());
        assertEquals(0.1 + 2 + 3 + 15 + 1, result.serialMinutes(), 1e-9);
        assertEquals(List.of("vpc", "db"), result.chain().stream().map(DeploySimulation.Step::name).toList());
        assertTrue(result.stalled().isEmpty() && result.lateStarts(0.01).isEmpty(), result.lateStarts(0.01).toString());
        assertEquals(List.of("db waits 0.1 min for vpc (dependsOn only), after the inputs it uses were ready at 0.0"),
                result.heldByDependsOn(0.01));
    }

    @Test
    void aWaitTheInputsDoNotShowIsCaught() {
        // The NAT gateway is created inside an apply: it waits for the VPC, yet none of its inputs come from it.
        DeploySimulation.Result result = simulate(ctx -> {
            var vpc = new Vpc("vpc", VpcArgs.builder().cidrBlock("10.0.0.0/16").build());
            var rds = new Instance("db", InstanceArgs.builder().instanceClass("db.t4g.micro").engine("postgres").build());
            rds.id().applyValue(id -> new NatGateway("nat", NatGatewayArgs.builder().subnetId("subnet-1").build()));
            vpc.id();
        });
        var nat = result.spans().get("nat");
        assertEquals(8, nat.start(), 1e-9, "the clock moved on without it, and it began when the database was done");
        assertEquals(Set.of("nat"), result.stalled());
        assertEquals(1, result.lateStarts(0.01).size());
        assertTrue(result.lateStarts(0.01).get(0).startsWith("nat began at 8.0 min, its inputs were ready at 0.0"), result.lateStarts(0.01).toString());
    }
}
