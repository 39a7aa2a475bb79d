package org.dbosconductor.synth;

import com.pulumi.Context;
import com.pulumi.core.Output;
import com.pulumi.core.internal.Internal;
import com.pulumi.core.internal.OutputData;
import com.pulumi.resources.Resource;
import com.pulumi.resources.ResourceArgs;
import com.pulumi.resources.ResourceTransformation;
import com.pulumi.test.Mocks;
import com.pulumi.test.PulumiTest;
import com.pulumi.test.TestOptions;
import com.pulumi.test.TestResult;
import com.pulumi.test.internal.PulumiTestInternal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Runs a Pulumi program under the {@link MockCloud} and turns what it registered into a {@link Plan}.
 * Used by the {@code synth} command and by the program tests, so both see exactly the same plan.
 */
public final class Synthesizer {
    private final String project;
    private final String stack;
    private final Map<String, String> config;
    private final Set<String> secretKeys;
    private final List<String> placeholderKeys;
    private final Mocks cloud;

    /**
     * @param config          full keys ({@code namespace:key}) to values, as the engine would pass them
     * @param secretKeys      the keys among them that are secrets
     * @param placeholderKeys secret keys the synth filled with a placeholder
     */
    public Synthesizer(String project, String stack, Map<String, String> config, Set<String> secretKeys,
                       List<String> placeholderKeys, Mocks cloud) {
        this.project = project;
        this.stack = stack;
        this.config = Map.copyOf(config);
        this.secretKeys = Set.copyOf(secretKeys);
        this.placeholderKeys = List.copyOf(placeholderKeys);
        this.cloud = cloud;
    }

    /** Runs {@code program}; throws {@link SynthException} with the program's own message if it fails. */
    public Plan run(Consumer<Context> program) {
        var registrations = Collections.synchronizedList(new ArrayList<Registration>());
        ResourceTransformation recorder = args -> {
            registrations.add(new Registration(args.resource(), args.args(), args.options().getParent(), args.options().getProvider(),
                    args.options().getDependsOn(), args.options().getId()));
            return Optional.empty();
        };
        var inputs = new ConcurrentHashMap<String, Mocks.ResourceArgs>();
        var ids = new ConcurrentHashMap<String, String>();
        Mocks recordingCloud = new Mocks() {
            @Override
            public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
                inputs.put(key(args.type, args.name), new ResourceArgs(args.type, args.name, Map.copyOf(withoutNulls(args.inputs)), args.provider, args.id));
                return cloud.newResourceAsync(args).thenApply(result -> {
                    result.id.ifPresent(id -> ids.put(key(args.type, args.name), id));
                    return result;
                });
            }

            @Override
            public CompletableFuture<Map<String, Object>> callAsync(CallArgs args) {
                return cloud.callAsync(args);
            }
        };
        var warnings = Collections.synchronizedList(new ArrayList<String>());
        var errors = Collections.synchronizedList(new ArrayList<String>());
        Logger logger = captureLogger(warnings, errors);
        try {
            TestResult result = PulumiTestInternal.builder()
                    .options(TestOptions.builder().projectName(project).stackName(stack)
                            .resourceTransformations(List.of(recorder)).build())
                    .mocks(recordingCloud)
                    .standardLogger(logger)
                    .config(config, secretKeys)
                    .build()
                    .runTest(program);
            if (!result.exceptions().isEmpty() || result.exitCode() != 0) {
                throw failure(result, errors);
            }
            var resources = new ArrayList<PlannedResource>();
            String stackName = project + "-" + stack;
            List<Registration> ordered;
            synchronized (registrations) {
                ordered = List.copyOf(registrations);
            }
            for (Registration registration : ordered) {
                resources.add(plan(registration, inputs, ids, stackName));
            }
            lastInputs = inputsByResource(ordered);
            return new Plan(project, stack, List.copyOf(resources), exports(result), flows(ordered),
                    placeholderKeys, List.copyOf(warnings));
        } finally {
            PulumiTest.cleanup();
        }
    }

    // --- deploy simulation (issue 7): the resources each resource's inputs come from, kept from the last run ---
    private volatile Map<String, List<String>> lastInputs = Map.of();

    /**
     * By resource name, after {@link #run}: the names of the resources whose outputs flow into its inputs
     * (or into the id of an object it reads), and of its provider. Its dependsOn and parent are in the plan.
     */
    public Map<String, List<String>> inputsOfLastRun() {
        return lastInputs;
    }

    private static Map<String, List<String>> inputsByResource(List<Registration> registrations) {
        var byName = new LinkedHashMap<String, List<String>>();
        for (Registration registration : registrations) {
            var names = new java.util.TreeSet<String>();
            SecretPaths.dependencies(registration.args()).values()
                    .forEach(sources -> sources.forEach(source -> names.add(source.pulumiResourceName())));
            registration.id().ifPresent(id -> Internal.of(id).getDataAsync().join().getResources()
                    .forEach(source -> names.add(source.pulumiResourceName())));
            registration.provider().ifPresent(provider -> names.add(provider.pulumiResourceName()));
            byName.put(registration.name(), List.copyOf(names));
        }
        return Collections.unmodifiableMap(byName);
    }
    // --- end of the deploy simulation's part ---

    private record Registration(Resource resource, ResourceArgs args, Optional<Resource> parent,
                                Optional<com.pulumi.resources.ProviderResource> provider, Output<List<Resource>> dependsOn,
                                Optional<Output<String>> id) {
        String type() {
            return resource.pulumiResourceType();
        }

        String name() {
            return resource.pulumiResourceName();
        }
    }

    private static PlannedResource plan(Registration registration, Map<String, Mocks.ResourceArgs> inputs,
                                        Map<String, String> ids, String stackName) {
        String key = key(registration.type(), registration.name());
        Mocks.ResourceArgs sent = inputs.get(key);
        @SuppressWarnings("unchecked")
        var json = sent == null ? new LinkedHashMap<String, Object>() : (Map<String, Object>) Json.plain(sent.inputs);
        for (List<Object> path : SecretPaths.of(registration.args())) {
            Json.mask(json, path, Plan.SECRET);
        }
        String parent = registration.type().equals(Plan.STACK_TYPE) ? null
                : registration.parent().map(Resource::pulumiResourceName).orElse(stackName);
        List<String> dependsOn = Internal.of(registration.dependsOn()).getValueOrDefault(List.of()).join().stream()
                .map(Resource::pulumiResourceName).toList();
        return new PlannedResource(registration.type(), registration.name(), ids.get(key), parent, Json.sorted(json), dependsOn);
    }

    private static Map<String, Object> exports(TestResult result) {
        var exports = new java.util.TreeMap<String, Object>();
        result.outputs().forEach((name, output) -> {
            OutputData<?> data = Internal.of(output).getDataAsync().join();
            exports.put(name, data.isSecret() ? Plan.SECRET : Json.plain(data.getValueNullable()));
        });
        return exports;
    }

    /** Values crossing from one top-level component into another, from the inputs' own dependencies. */
    private static List<Plan.Flow> flows(List<Registration> registrations) {
        var parents = new IdentityHashMap<Resource, Resource>();
        registrations.forEach(r -> r.parent().ifPresent(p -> parents.put(r.resource(), p)));
        var flows = new LinkedHashSet<Plan.Flow>();
        for (Registration registration : registrations) {
            Resource to = topLevel(registration.resource(), parents);
            SecretPaths.dependencies(registration.args()).forEach((property, sources) -> {
                for (Resource source : sources) {
                    Resource from = topLevel(source, parents);
                    if (from != to) {
                        flows.add(new Plan.Flow(from.pulumiResourceName(), to.pulumiResourceName(), property));
                    }
                }
            });
            registration.provider().ifPresent(provider -> {
                Resource from = topLevel(provider, parents);
                if (from != to) {
                    flows.add(new Plan.Flow(from.pulumiResourceName(), to.pulumiResourceName(), "provider"));
                }
            });
        }
        return List.copyOf(flows);
    }

    private static Resource topLevel(Resource resource, Map<Resource, Resource> parents) {
        Resource current = resource;
        while (parents.containsKey(current)) {
            current = parents.get(current);
        }
        return current;
    }

    private SynthException failure(TestResult result, List<String> errors) {
        var messages = new LinkedHashSet<String>(errors);
        for (Exception exception : result.exceptions()) {
            messages.add(rootMessage(exception));
        }
        messages.addAll(result.errors());
        if (messages.isEmpty()) {
            messages.add("the program exited with code " + result.exitCode());
        }
        return new SynthException(String.join("\n", messages));
    }

    private static String rootMessage(Throwable error) {
        Throwable current = error;
        while (current.getCause() != null && current.getCause() != current
                && (current.getMessage() == null || current instanceof java.util.concurrent.CompletionException)) {
            current = current.getCause();
        }
        return current.getMessage() == null ? current.toString() : current.getMessage();
    }

    private static Logger captureLogger(List<String> warnings, List<String> errors) {
        Logger logger = Logger.getAnonymousLogger();
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.INFO);
        logger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    errors.add(record.getMessage());
                } else if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        return logger;
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> map) {
        var copy = new LinkedHashMap<String, Object>();
        map.forEach((k, v) -> {
            if (v != null) {
                copy.put(k, v);
            }
        });
        return copy;
    }

    private static String key(String type, String name) {
        return type + "::" + name;
    }
}
