package org.dbosconductor.synth;

import com.pulumi.Context;
import com.pulumi.test.Mocks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code synth --simulate-deploy}: runs the program once more under a {@link TimedCloud}, so each
 * resource takes its typical creation time on a simulated clock, and reports the run as a first
 * {@code pulumi up} would go: the critical path (its length and its chain of resources) against the
 * serial sum of every creation time.
 * Writes {@code deploy-sim.json}: {@code {"criticalPathMinutes", "serialMinutes", "chain": [{"type", "name",
 * "startMinute", "endMinute"}]}}.
 */
public final class DeploySimulation {
    public static final String FILE = "deploy-sim.json";
    /** How long the clock waits for the SDK to ask for a resource it should ask for, before it moves on regardless. */
    public static final long STALL_MILLIS = 2000;
    /** Two ends closer than this are a tie: the chain then follows the resource registered first, so it is stable from run to run. */
    static final double TIE_MINUTES = 0.01;

    private DeploySimulation() {
    }

    /** One resource of the chain. */
    public record Step(String type, String name, double startMinute, double endMinute) {
    }

    /** One resource's simulated creation, in minutes from the start. {@code ready}: when its gates (nodes, DNS) let it begin. */
    public record Span(String type, String name, double minutes, double start, double ready, double end, List<String> gates) {
    }

    /**
     * @param spans   every resource the mock cloud answered, by name, in plan order
     * @param used    by name, the resources whose outputs it uses, and its provider (a component stands for every
     *                custom resource below it, as the SDK waits for them)
     * @param inputs  by name, the resources it really waits for: {@code used} and its dependsOn
     * @param parents by name, its parent when that is a custom resource (the SDK waits for a parent too)
     * @param stalled resources the clock had to stop waiting for (see {@link TimedCloud}); empty when every wait is explained
     * @param plan    the plan of the simulated run (the same as without the simulation)
     */
    public record Result(double criticalPathMinutes, double serialMinutes, List<Step> chain, Map<String, Span> spans,
                         Map<String, Set<String>> used, Map<String, Set<String>> inputs, Map<String, String> parents,
                         Set<String> stalled, Plan plan) {

        /** The resources that began later than their inputs allowed (beyond {@code tolerance} minutes), with the reason seen. */
        public List<String> lateStarts(double tolerance) {
            var late = new ArrayList<String>();
            spans.values().forEach(span -> {
                double allowed = latestEnd(inputs.getOrDefault(span.name(), Set.of()));
                if (span.start() > allowed + tolerance) {
                    String parent = parents.get(span.name());
                    String why = parent != null && spans.containsKey(parent) && spans.get(parent).end() > allowed + tolerance
                            ? "waited for its parent " + parent + " (ended " + round(spans.get(parent).end()) + "), whose outputs it does not use"
                            : "waited for something that is not among its inputs";
                    late.add(span.name() + " began at " + round(span.start()) + " min, its inputs were ready at " + round(allowed) + ": " + why);
                }
            });
            return late;
        }

        /**
         * Resources whose start was set by a dependsOn alone: the last of their inputs to finish is one whose outputs they
         * do not use, and it finished more than {@code tolerance} minutes after everything they do use. Each is either a
         * real ordering (a Job that must run first) or a needless wait; a reviewer decides.
         */
        public List<String> heldByDependsOn(double tolerance) {
            var held = new ArrayList<String>();
            for (Map.Entry<String, Span> entry : spans.entrySet()) {
                Set<String> uses = used.getOrDefault(entry.getKey(), Set.of());
                var onlyOrdered = new LinkedHashSet<>(inputs.getOrDefault(entry.getKey(), Set.of()));
                onlyOrdered.removeAll(uses);
                double usedReady = latestEnd(uses);
                onlyOrdered.stream().filter(spans::containsKey).max(Comparator.comparingDouble(n -> spans.get(n).end()))
                        .filter(last -> spans.get(last).end() > usedReady + tolerance)
                        .ifPresent(last -> held.add(entry.getKey() + " waits " + round(spans.get(last).end() - usedReady)
                                + " min for " + last + " (dependsOn only), after the inputs it uses were ready at " + round(usedReady)));
            }
            return held;
        }

        private double latestEnd(Set<String> names) {
            return names.stream().filter(spans::containsKey).mapToDouble(n -> spans.get(n).end()).max().orElse(0);
        }

        /** deploy-sim.json. */
        public String json() {
            var json = new LinkedHashMap<String, Object>();
            json.put("criticalPathMinutes", criticalPathMinutes);
            json.put("serialMinutes", serialMinutes);
            json.put("chain", chain.stream().map(step -> {
                var entry = new LinkedHashMap<String, Object>();
                entry.put("type", step.type());
                entry.put("name", step.name());
                entry.put("startMinute", step.startMinute());
                entry.put("endMinute", step.endMinute());
                return entry;
            }).toList());
            return Json.write(json);
        }

        public void write(Path outDir) {
            try {
                Files.createDirectories(outDir);
                Files.writeString(outDir.resolve(FILE), json());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + FILE + " to " + outDir, e);
            }
        }

        /** One line for the synth's summary. */
        public String summary() {
            return "deploy simulation: critical path " + criticalPathMinutes + " min, serial " + serialMinutes + " min: "
                    + String.join(" -> ", chain.stream().map(Step::name).toList());
        }
    }

    /**
     * Runs {@code program} under a {@link TimedCloud} around {@code cloud} and analyses the run.
     *
     * @param plan        the plan of a plain run of the same program and config
     * @param used        that run's {@link Synthesizer#inputsOfLastRun()}: with the plan, what each resource waits for
     * @param synthesizer makes the synthesizer for the given mock cloud (same project, stack and config as {@code plan})
     */
    public static Result simulate(Plan plan, Map<String, List<String>> used, Function<Mocks, Synthesizer> synthesizer, Mocks cloud,
                                  Consumer<Context> program) {
        return simulate(plan, used, synthesizer, cloud, program, STALL_MILLIS);
    }

    static Result simulate(Plan plan, Map<String, List<String>> used, Function<Mocks, Synthesizer> synthesizer, Mocks cloud,
                           Consumer<Context> program, long stallMillis) {
        Graph graph = Graph.of(plan, used);
        List<String> nodeGroups = plan.ofType("aws:eks/nodeGroup:NodeGroup").stream().map(PlannedResource::name).toList();
        List<String> dns = plan.ofType("aws:eks/addon:Addon").stream()
                .filter(addon -> "coredns".equals(addon.inputs().get("addonName"))).map(PlannedResource::name).toList();
        try (var timed = new TimedCloud(cloud, graph.waitsFor(), nodeGroups, dns, stallMillis)) {
            Synthesizer synth = synthesizer.apply(timed);
            Plan simulated = synth.run(program);
            return analyse(simulated, Graph.of(simulated, synth.inputsOfLastRun()), timed.timings(), timed.stalled());
        }
    }

    /**
     * What each resource of a plan waits for.
     *
     * @param used    by name, the resources whose outputs it uses and its provider, components replaced by the custom resources below them
     * @param inputs  by name, {@code used} and its dependsOn
     * @param parents by name, its parent when that is a custom resource
     */
    record Graph(Map<String, Set<String>> used, Map<String, Set<String>> inputs, Map<String, String> parents, Plan plan) {
        static Graph of(Plan plan, Map<String, List<String>> used) {
            var types = new HashMap<String, String>();
            for (PlannedResource resource : plan.resources()) {
                if (types.put(resource.name(), resource.type()) != null) {
                    throw new IllegalStateException("two resources are named " + resource.name() + ": the simulation needs unique names");
                }
            }
            var children = new HashMap<String, List<String>>();
            plan.resources().forEach(r -> {
                if (r.parent() != null) {
                    children.computeIfAbsent(r.parent(), p -> new ArrayList<>()).add(r.name());
                }
            });
            var uses = new LinkedHashMap<String, Set<String>>();
            var inputs = new LinkedHashMap<String, Set<String>>();
            var parents = new LinkedHashMap<String, String>();
            for (PlannedResource resource : plan.resources()) {
                var consumed = new LinkedHashSet<>(expand(used.getOrDefault(resource.name(), List.of()), types, children));
                consumed.remove(resource.name());
                var all = new LinkedHashSet<>(consumed);
                all.addAll(expand(resource.dependsOn(), types, children));
                all.remove(resource.name());
                uses.put(resource.name(), Collections.unmodifiableSet(consumed));
                inputs.put(resource.name(), Collections.unmodifiableSet(all));
                String parentType = resource.parent() == null ? null : types.get(resource.parent());
                if (parentType != null && !parentType.startsWith(Plan.PROJECT_TYPE_PREFIX) && !parentType.equals(Plan.STACK_TYPE)) {
                    parents.put(resource.name(), resource.parent());
                }
            }
            return new Graph(Collections.unmodifiableMap(uses), Collections.unmodifiableMap(inputs), Collections.unmodifiableMap(parents), plan);
        }

        /** Everything the SDK waits for before asking the mocks for each resource: inputs, dependsOn, any parent but the stack. */
        Map<String, Set<String>> waitsFor() {
            var types = new HashMap<String, String>();
            plan.resources().forEach(r -> types.put(r.name(), r.type()));
            var waits = new LinkedHashMap<String, Set<String>>();
            for (PlannedResource resource : plan.resources()) {
                if (resource.type().equals(Plan.STACK_TYPE)) {
                    continue;
                }
                var all = new LinkedHashSet<>(inputs.get(resource.name()));
                if (resource.parent() != null && !Plan.STACK_TYPE.equals(types.get(resource.parent()))) {
                    all.add(resource.parent());
                }
                all.removeIf(name -> Plan.STACK_TYPE.equals(types.get(name)));
                waits.put(resource.name(), all);
            }
            return waits;
        }
    }

    static Result analyse(Plan plan, Graph graph, Map<String, TimedCloud.Timing> timings, Set<String> stalled) {
        var spans = new LinkedHashMap<String, Span>();
        for (PlannedResource resource : plan.resources()) {
            TimedCloud.Timing t = timings.get(resource.name());
            if (t != null) {
                spans.put(resource.name(), new Span(t.type(), t.name(), t.minutes(), t.start(), t.ready(), t.end(), t.gates()));
            }
        }
        var order = new HashMap<String, Integer>();
        for (int i = 0; i < plan.resources().size(); i++) {
            order.put(plan.resources().get(i).name(), i);
        }
        List<Step> chain = chain(spans, graph.inputs(), graph.parents(), order);
        double critical = spans.values().stream().mapToDouble(Span::end).max().orElse(0);
        double serial = spans.values().stream().mapToDouble(Span::minutes).sum();
        return new Result(round(critical), round(serial), chain, Collections.unmodifiableMap(spans), graph.used(), graph.inputs(),
                graph.parents(), Set.copyOf(stalled), plan);
    }

    /** From the resource that ended last, back through the predecessor that ended last, to a resource that waited for nothing. */
    private static List<Step> chain(Map<String, Span> spans, Map<String, Set<String>> inputs, Map<String, String> parents,
                                    Map<String, Integer> order) {
        Comparator<String> latest = Comparator.<String>comparingDouble(n -> spans.get(n).end());
        String current = spans.keySet().stream().max(latest).orElse(null);
        var steps = new ArrayList<Step>();
        var seen = new java.util.HashSet<String>();
        while (current != null && seen.add(current)) {
            Span span = spans.get(current);
            steps.add(new Step(span.type(), span.name(), round(span.start()), round(span.end())));
            var waits = new LinkedHashSet<>(inputs.getOrDefault(current, Set.of()));
            if (parents.containsKey(current)) {
                waits.add(parents.get(current));
            }
            // A gate counts when it, not the inputs, decided when the resource could begin.
            waits.addAll(span.gates());
            waits.removeIf(name -> !spans.containsKey(name) || spans.get(name).type().startsWith(Plan.PROJECT_TYPE_PREFIX));
            double lastEnd = waits.stream().mapToDouble(n -> spans.get(n).end()).max().orElse(Double.NaN);
            current = waits.stream().filter(n -> spans.get(n).end() >= lastEnd - TIE_MINUTES)
                    .min(Comparator.comparingInt(n -> order.getOrDefault(n, Integer.MAX_VALUE))).orElse(null);
        }
        Collections.reverse(steps);
        return List.copyOf(steps);
    }

    /** Names, with every component replaced by the custom resources below it (the SDK waits for those). */
    private static Set<String> expand(List<String> names, Map<String, String> types, Map<String, List<String>> children) {
        var result = new LinkedHashSet<String>();
        var pending = new java.util.ArrayDeque<>(names);
        var seen = new java.util.HashSet<String>();
        while (!pending.isEmpty()) {
            String name = pending.pop();
            if (!seen.add(name)) {
                continue;
            }
            if (types.getOrDefault(name, "").startsWith(Plan.PROJECT_TYPE_PREFIX)) {
                children.getOrDefault(name, List.of()).forEach(pending::push);
            } else {
                result.add(name);
            }
        }
        return result;
    }

    static double round(double minutes) {
        return Math.round(minutes * 10) / 10.0;
    }
}
