package org.dbosconductor.synth;

import org.dbosconductor.DbosConductorProgram;
import org.dbosconductor.config.ConfigException;
import org.dbosconductor.config.ConfigSource;
import org.dbosconductor.config.StackConfig;
import org.dbosconductor.config.StackConfigReader;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code synth --stack <stack> [--out DIR] [--elb-hostname HOST] [--dir PROJECT_DIR] [--set KEY=VALUE ...]}:
 * runs the real program offline under the mock cloud and writes plan.json, manifests/ and graph.mmd.
 * {@code --set} overrides one stack-file value, e.g. to preview domain mode before committing it.
 * {@code --simulate-deploy} also writes deploy-sim.json, the first {@code pulumi up}'s critical path ({@link DeploySimulation}).
 * Exit codes: 0 written; 1 the program failed; 2 bad arguments or bad configuration.
 */
public final class SynthCommand {
    static final String USAGE = "usage: java -jar target/dbos-conductor.jar synth --stack <stack> [--out DIR] [--elb-hostname HOST]"
            + " [--dir PROJECT_DIR] [--set namespace:key=value ...] [--simulate-deploy]";

    private SynthCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options;
        Map<String, String> overrides = new TreeMap<>();
        try {
            options = parse(args, overrides);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        String stack = options.get("--stack");
        Path projectDir = Path.of(options.getOrDefault("--dir", "."));
        Path outDir = Path.of(options.getOrDefault("--out", projectDir.resolve("build/synth/" + stack).toString()));
        try {
            StackFile file = StackFile.load(projectDir, stack).with(overrides);
            // Validate first, so bad config is reported as such and nothing is written.
            StackConfig config = StackConfigReader.read(file.project(), stack, ConfigSource.of(file.config()));
            String elbHostname = options.getOrDefault("--elb-hostname", MockCloud.defaultElbHostname(config.region()));
            var synthesizer = new Synthesizer(file.project(), stack, file.config(), file.secretKeys(), file.placeholderKeys(),
                    new MockCloud(config.region(), elbHostname));
            Plan plan = synthesizer.run(DbosConductorProgram::run);
            PlanWriter.write(plan, outDir);
            printSummary(plan, outDir, out);
            // --- deploy simulation (issue 7): a second run, timed; plan.json above stays the plain run's ---
            if (options.containsKey("--simulate-deploy")) {
                DeploySimulation.Result simulation = DeploySimulation.simulate(plan, synthesizer.inputsOfLastRun(),
                        mocks -> new Synthesizer(file.project(), stack, file.config(), file.secretKeys(), file.placeholderKeys(), mocks),
                        new MockCloud(config.region(), elbHostname), DbosConductorProgram::run);
                simulation.write(outDir);
                out.println("  " + simulation.summary());
            }
            // --- end of the deploy simulation ---
            return 0;
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 2;
        } catch (SynthException e) {
            err.println("synth failed: " + e.getMessage());
            return 1;
        }
    }

    private static Map<String, String> parse(String[] args, Map<String, String> overrides) {
        var options = new TreeMap<String, String>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--simulate-deploy")) { // issue 7: the one flag without a value
                options.put(flag, "true");
                continue;
            }
            if (!java.util.Set.of("--stack", "--out", "--elb-hostname", "--dir", "--set").contains(flag)) {
                throw new IllegalArgumentException("unknown argument: " + flag);
            }
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[++i];
            if (flag.equals("--set")) {
                int eq = value.indexOf('=');
                if (eq <= 0 || !value.substring(0, eq).contains(":")) {
                    throw new IllegalArgumentException("--set takes namespace:key=value, such as dbos-conductor:domain=dbos.example.com; got " + value);
                }
                overrides.put(value.substring(0, eq), value.substring(eq + 1));
            } else {
                options.put(flag, value);
            }
        }
        if (!options.containsKey("--stack")) {
            throw new IllegalArgumentException("--stack is required");
        }
        String host = options.get("--elb-hostname");
        if (host != null && !host.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")) {
            throw new IllegalArgumentException("--elb-hostname must be a DNS name such as abc-123.elb.us-west-2.amazonaws.com, got " + host);
        }
        return options;
    }

    static void printSummary(Plan plan, Path outDir, PrintStream out) {
        out.println("Synthesized stack " + plan.stack() + " (" + (plan.resources().size() - 1) + " resources) into " + outDir);
        for (PlannedResource component : plan.topLevelComponents()) {
            Map<String, Long> byType = plan.descendants(component.name()).stream().collect(Collectors.groupingBy(
                    r -> r.type().substring(r.type().lastIndexOf(':') + 1), TreeMap::new, Collectors.counting()));
            out.println("  " + component.name() + " (" + component.type() + "): "
                    + byType.values().stream().mapToLong(Long::longValue).sum() + " resources — "
                    + byType.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")));
        }
        out.println("  manifests: " + PlanWriter.manifests(plan).size() + " Kubernetes objects");
        out.println("  exports: " + String.join(", ", plan.exports().keySet()));
        if (!plan.placeholderKeys().isEmpty()) {
            out.println("  placeholders stood in for secret config not in the stack file (set them with"
                    + " `pulumi config set --secret <key> ...` before `pulumi up`): " + String.join(", ", plan.placeholderKeys()));
        }
        plan.warnings().forEach(w -> out.println("  warning: " + w));
    }
}
