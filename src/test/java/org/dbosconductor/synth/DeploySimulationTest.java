package org.dbosconductor.synth;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.dbosconductor.DbosConductorProgram;
import org.dbosconductor.TestStacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The deploy simulation of the committed stacks: the critical path is the unavoidable one, and deploy-sim.json is written. */
class DeploySimulationTest {
    /** Simulated minutes: the clock is virtual, so times are exact; this only absorbs rounding. */
    private static final double TOLERANCE = 0.01;
    /**
     * Waits the simulation revealed and the lead was told about: each Elastic IP is a child of the VPC (so the SDK waits
     * for the VPC) without using any of its outputs. 0.1 min, off the critical path. Anything else starting late fails.
     */
    private static final Set<String> KNOWN_PARENT_WAITS = Set.of("network-nat-a-eip", "network-nat-b-eip", "network-nat-c-eip");

    private static final Map<String, String> DOMAIN = Map.of("dbos-conductor:domain", "dbos.example.com",
            "dbos-conductor:acmeEmail", "ops@example.com", "dbos-conductor:hostedZoneId", "Z0123456789ABC");

    /** A plain run (its plan and the inputs the synthesizer saw) and the simulated run of the same stack. */
    record Run(Plan plain, Map<String, List<String>> inputs, DeploySimulation.Result result) {
    }

    private static final Map<String, Run> RUNS = new HashMap<>();

    /** Each variant is synthesized and simulated once for the whole class: the program runs are what this test costs. */
    static synchronized Run run(String variant) {
        return RUNS.computeIfAbsent(variant, key -> {
            String stack = variant.equals("prod-domain") ? "prod" : variant;
            Map<String, String> overrides = variant.equals("prod-domain") ? DOMAIN : Map.of();
            StackFile file = TestStacks.stackFile(stack);
            var config = new HashMap<>(file.config());
            config.putAll(overrides);
            var cloud = new MockCloud(config.getOrDefault("aws:region", "us-west-2"), MockCloud.defaultElbHostname("us-west-2"));
            var plain = new Synthesizer(file.project(), stack, config, file.secretKeys(), file.placeholderKeys(), cloud);
            Plan plan = plain.run(DbosConductorProgram::run);
            return new Run(plan, plain.inputsOfLastRun(), DeploySimulation.simulate(plan, plain.inputsOfLastRun(),
                    mocks -> new Synthesizer(file.project(), stack, config, file.secretKeys(), file.placeholderKeys(), mocks),
                    cloud, DbosConductorProgram::run));
        });
    }

    static DeploySimulation.Result simulate(String variant) {
        return run(variant).result();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "prod-domain"})
    void noResourceStartsLaterThanItsInputsAllow(String variant) {
        DeploySimulation.Result result = simulate(variant);
        assertTrue(result.stalled().isEmpty(), "the SDK asked for every resource as soon as what it waits for was done: " + result.stalled());
        int checked = 0;
        for (DeploySimulation.Span span : result.spans().values()) {
            double inputsDone = result.inputs().get(span.name()).stream().filter(result.spans()::containsKey)
                    .mapToDouble(name -> result.spans().get(name).end()).max().orElse(0);
            if (span.start() > inputsDone + TOLERANCE) {
                assertTrue(KNOWN_PARENT_WAITS.contains(span.name()), span.name() + " began at " + span.start()
                        + " min though its inputs " + result.inputs().get(span.name()) + " were done at " + inputsDone
                        + ": it waits for something it does not use. " + result.lateStarts(TOLERANCE));
                assertEquals("network-vpc", result.parents().get(span.name()));
            }
            assertTrue(span.ready() >= span.start() && span.end() >= span.ready(), span.toString());
            assertEquals(span.ready() + span.minutes(), span.end(), TOLERANCE, span + ": takes its creation time once it may begin");
            checked++;
        }
        assertEquals(result.plan().resources().size() - 1, checked, "every resource but the stack went through the mock cloud");
        assertEquals(PlanWriter.planJsonText(run(variant).plain()), PlanWriter.planJsonText(result.plan()),
                "the simulated run plans exactly what a plain run plans");
        assertEquals(PlanWriter.graph(run(variant).plain()), PlanWriter.graph(result.plan()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theCriticalPathIsTheNetworkThenTheLongerOfEksAndRdsThenWhatNeedsBoth(String stack) {
        DeploySimulation.Result result = simulate(stack);
        var spans = result.spans();
        DeploySimulation.Span eks = spans.get("cluster-eks");
        DeploySimulation.Span rds = spans.get("database-instance");
        assertTrue(rds.start() < eks.end() && eks.start() < rds.end(), "RDS " + rds + " is created while EKS " + eks + " is");
        assertTrue(rds.start() <= 0.3 + TOLERANCE, "RDS waits only for the network: " + rds);

        List<DeploySimulation.Step> chain = result.chain();
        Set<String> network = result.plan().descendants("network").stream().map(PlannedResource::name).collect(Collectors.toSet());
        assertTrue(network.contains(chain.get(0).name()), "the chain starts in the network: " + chain);
        assertEquals(0, chain.get(0).startMinute(), TOLERANCE);
        assertEquals(result.criticalPathMinutes(), chain.get(chain.size() - 1).endMinute(), TOLERANCE);
        for (int i = 1; i < chain.size(); i++) {
            assertTrue(chain.get(i).endMinute() >= chain.get(i - 1).endMinute(), "the chain goes forward in time: " + chain);
        }
        List<String> names = chain.stream().map(DeploySimulation.Step::name).toList();
        // The longer side: dev's single-AZ RDS (8 min) is ready long before EKS, its add-ons and nodes (14.8 min to CoreDNS);
        // prod's Multi-AZ RDS (15 min) is ready last.
        if (stack.equals("dev")) {
            assertTrue(names.containsAll(List.of("cluster-eks", "cluster-nodes")) && !names.contains("database-instance"), names.toString());
        } else {
            assertTrue(names.contains("database-instance") && !names.contains("cluster-eks"), names.toString());
        }
        String last = names.get(names.size() - 1);
        Set<String> upstream = upstream(result, last);
        assertTrue(upstream.contains("cluster-eks") && upstream.contains("database-instance"), last + " truly needs both EKS and RDS");

        assertEquals(longestPath(result), result.criticalPathMinutes(), TOLERANCE,
                "the run is exactly as long as the longest path through what each resource waits for");
        assertEquals(result.spans().values().stream().mapToDouble(DeploySimulation.Span::minutes).sum(), result.serialMinutes(), 0.05);
        assertTrue(result.serialMinutes() > 2 * result.criticalPathMinutes(), "parallelism pays: " + result.summary());
    }

    @Test
    void figuresComeFromTheTable() {
        var dev = simulate("dev").spans();
        var prod = simulate("prod").spans();
        assertEquals(10, dev.get("cluster-eks").minutes());
        assertEquals(3, dev.get("cluster-nodes").minutes());
        assertEquals(8, dev.get("database-instance").minutes(), "dev: single-AZ");
        assertEquals(15, prod.get("database-instance").minutes(), "prod: Multi-AZ");
        assertEquals(2.5, dev.get("addons-ingress-nginx-release").minutes());
        assertEquals(2, dev.get("network-nat-a").minutes());
        assertEquals(0, dev.get("addons-ingress-controller-service").minutes(), "a read takes no time");
        // The ingress controller's release is submitted once the cluster answers, and waits for the nodes.
        assertEquals(dev.get("cluster-nodes").end(), dev.get("addons-ingress-nginx-release").ready(), TOLERANCE);
        assertEquals(dev.get("cluster-coredns").end(), dev.get("db-bootstrap-job").ready(), TOLERANCE);
    }

    @Test
    void everyResourceTypeOfEveryStackHasItsOwnFigure() {
        for (String variant : List.of("dev", "prod", "prod-domain")) {
            Plan plan = run(variant).plain();
            for (PlannedResource resource : plan.resources()) {
                assertTrue(CreationTimes.known(resource.type()), "CreationTimes has no row for " + resource.type());
                assertFalse(CreationTimes.of(resource.type(), resource.name(), resource.inputs(), false).source().isBlank());
            }
        }
    }

    @Test
    void synthWritesDeploySimJsonAndTheSameOtherFiles(@TempDir Path dir) throws Exception {
        Path plain = dir.resolve("plain");
        Path simulated = dir.resolve("simulated");
        PlanWriter.write(run("dev").plain(), plain);
        var out = new ByteArrayOutputStream();
        assertEquals(0, SynthCommand.run(new String[]{"--stack", "dev", "--dir", TestStacks.PROJECT_DIR.toString(), "--out", simulated.toString(),
                "--simulate-deploy"}, new PrintStream(out, true, StandardCharsets.UTF_8), quiet()));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("deploy simulation: critical path "), out.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(plain.resolve(DeploySimulation.FILE)));
        assertEquals(files(plain), without(files(simulated), DeploySimulation.FILE), "plan.json, manifests and graph.mmd are the same");
        assertEquals(simulate("dev").json(), Files.readString(simulated.resolve(DeploySimulation.FILE)), "the same figures every run");
        assertSchema(simulated.resolve(DeploySimulation.FILE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void deploySimJsonHasItsSchema(String stack, @TempDir Path dir) throws Exception {
        simulate(stack).write(dir);
        assertSchema(dir.resolve(DeploySimulation.FILE));
    }

    private static void assertSchema(Path file) throws Exception {
        JsonObject json = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        assertEquals(Set.of("criticalPathMinutes", "serialMinutes", "chain"), json.keySet());
        double critical = json.get("criticalPathMinutes").getAsDouble();
        double serial = json.get("serialMinutes").getAsDouble();
        assertTrue(critical > 10 && serial > critical, json.toString());
        var chain = json.getAsJsonArray("chain");
        assertTrue(chain.size() >= 3, chain.toString());
        double previousEnd = 0;
        for (var element : chain) {
            JsonObject step = element.getAsJsonObject();
            assertEquals(Set.of("type", "name", "startMinute", "endMinute"), step.keySet());
            assertTrue(step.get("type").getAsString().contains(":") && !step.get("name").getAsString().isBlank(), step.toString());
            double start = step.get("startMinute").getAsDouble();
            double end = step.get("endMinute").getAsDouble();
            assertTrue(start >= 0 && start <= end && end >= previousEnd, step.toString());
            previousEnd = end;
        }
        assertEquals(0, chain.get(0).getAsJsonObject().get("startMinute").getAsDouble());
        assertEquals(critical, previousEnd, TOLERANCE, "the chain ends when the deployment does");
    }

    @Test
    void theFlagTakesNoValue() {
        var err = new ByteArrayOutputStream();
        assertEquals(2, SynthCommand.run(new String[]{"--simulate-deploy", "--stack"}, quiet(), new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("[--simulate-deploy]"), "usage names the flag");
    }

    @Test
    void synthesizerReportsTheResourcesEachResourceUses() {
        Map<String, List<String>> inputs = run("dev").inputs();
        assertEquals(List.of("database-admin-password", "database-params", "database-sg", "database-subnets"), inputs.get("database-instance"));
        assertTrue(inputs.get("addons-ingress-controller-service").containsAll(List.of("addons-ingress-nginx-release", "cluster-k8s")),
                "a read waits for what its id comes from, and its provider: " + inputs.get("addons-ingress-controller-service"));
        assertEquals(List.of(), inputs.get("network-vpc"));
        assertTrue(inputs.get("cluster-nodes").containsAll(List.of("cluster-eks", "cluster-node-role", "network-private-a", "network-private-b")),
                inputs.get("cluster-nodes").toString());
        assertFalse(inputs.get("cluster-nodes").contains("cluster-vpc-cni"), "dependsOn is not an input: the plan has it");
    }

    /** Everything {@code name} waits for, transitively (inputs, parents and node gates). */
    private static Set<String> upstream(DeploySimulation.Result result, String name) {
        var seen = new HashSet<String>();
        var pending = new ArrayDeque<>(List.of(name));
        while (!pending.isEmpty()) {
            String current = pending.pop();
            var waits = new HashSet<>(result.inputs().getOrDefault(current, Set.of()));
            if (result.parents().containsKey(current)) {
                waits.add(result.parents().get(current));
            }
            if (result.spans().containsKey(current)) {
                waits.addAll(result.spans().get(current).gates());
            }
            for (String wait : waits) {
                if (seen.add(wait)) {
                    pending.push(wait);
                }
            }
        }
        return seen;
    }

    /** The earliest every resource could end, computed from the recorded waits and the durations alone. */
    private static double longestPath(DeploySimulation.Result result) {
        var end = new HashMap<String, Double>();
        double longest = 0;
        for (String name : result.spans().keySet()) {
            longest = Math.max(longest, earliestEnd(name, result, end));
        }
        return longest;
    }

    private static double earliestEnd(String name, DeploySimulation.Result result, Map<String, Double> memo) {
        Double known = memo.get(name);
        if (known != null) {
            return known;
        }
        DeploySimulation.Span span = result.spans().get(name);
        var waits = new HashSet<>(result.inputs().getOrDefault(name, Set.of()));
        if (result.parents().containsKey(name)) {
            waits.add(result.parents().get(name));
        }
        double start = waits.stream().filter(result.spans()::containsKey).mapToDouble(w -> earliestEnd(w, result, memo)).max().orElse(0);
        double ready = span.gates().stream().mapToDouble(g -> earliestEnd(g, result, memo)).reduce(start, Math::max);
        double end = ready + span.minutes();
        memo.put(name, end);
        return end;
    }

    private static Map<String, String> files(Path root) throws Exception {
        var files = new TreeMap<String, String>();
        try (var walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(file).toString(), Files.readString(file));
            }
        }
        return files;
    }

    private static Map<String, String> without(Map<String, String> files, String name) {
        var copy = new TreeMap<>(files);
        copy.remove(name);
        return copy;
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
