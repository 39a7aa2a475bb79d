package org.dbosconductor.providers;

import com.pulumi.core.Output;
import com.pulumi.core.internal.Internal;
import com.pulumi.test.Mocks;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Pulumi test mocks that record every resource registration and answer with the inputs plus the
 * outputs a test registered for that type token (a stand-in for what the provider would compute).
 */
public final class RecordingMocks implements Mocks {
    private final List<ResourceArgs> registered = new CopyOnWriteArrayList<>();
    private final Map<String, Map<String, Object>> outputsByType = new HashMap<>();

    /** Makes the mock answer registrations of {@code type} with these extra output properties. */
    public RecordingMocks withOutputs(String type, Map<String, Object> outputs) {
        outputsByType.put(type, Map.copyOf(outputs));
        return this;
    }

    @Override
    public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
        registered.add(args);
        var state = new HashMap<String, Object>(args.inputs);
        state.putAll(outputsByType.getOrDefault(args.type, Map.of()));
        return CompletableFuture.completedFuture(ResourceResult.of(Optional.of(args.name + "-id"), state));
    }

    /** All registrations so far, in order. */
    public List<ResourceArgs> registered() {
        return List.copyOf(registered);
    }

    /** The single registration named {@code name}; fails if there is none or more than one. */
    public ResourceArgs registration(String name) {
        var matches = registered.stream().filter(r -> r.name.equals(name)).toList();
        if (matches.size() != 1) {
            throw new AssertionError("expected one registration named '" + name + "', found " + matches.size()
                    + " among " + registered.stream().map(r -> r.type + " " + r.name).toList());
        }
        return matches.get(0);
    }

    /** Whether {@code output} is marked secret (waits for it). */
    public static boolean isSecret(Output<?> output) {
        return Internal.of(output).isSecret().join();
    }

    /** The value of {@code output} (waits for it; null if unknown). */
    public static <T> T valueOf(Output<T> output) {
        return Internal.of(output).getValueNullable().join();
    }
}
