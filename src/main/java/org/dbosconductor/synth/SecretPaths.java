package org.dbosconductor.synth;

import com.pulumi.core.Either;
import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.core.internal.Internal;
import com.pulumi.core.internal.OutputData;
import com.pulumi.resources.InputArgs;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds which input properties of a resource hold secrets. The mock monitor hands the mocks secret
 * values unwrapped, so secret-ness is read from the typed Args' {@link Output}s themselves, once the
 * run has finished (never inside the run, where waiting on an output could deadlock).
 */
final class SecretPaths {
    private SecretPaths() {
    }

    /** Paths (property names, list indexes, map keys) of secret values inside {@code args}. */
    static List<List<Object>> of(InputArgs args) {
        var found = new ArrayList<List<Object>>();
        walk(args, List.of(), found);
        return found;
    }

    /** The resources whose outputs flow into {@code args}, by top-level property name. */
    static Map<String, Set<com.pulumi.resources.Resource>> dependencies(InputArgs args) {
        var result = new java.util.LinkedHashMap<String, Set<com.pulumi.resources.Resource>>();
        for (Field field : importedFields(args.getClass())) {
            Set<com.pulumi.resources.Resource> deps = new LinkedHashSet<>();
            collectDependencies(read(field, args), deps);
            if (!deps.isEmpty()) {
                result.put(field.getAnnotation(Import.class).name(), deps);
            }
        }
        return result;
    }

    private static void collectDependencies(Object value, Set<com.pulumi.resources.Resource> deps) {
        if (value instanceof Output<?> output) {
            OutputData<?> data = Internal.of(output).getDataAsync().join();
            deps.addAll(data.getResources());
            collectDependencies(data.getValueNullable(), deps);
        } else if (value instanceof InputArgs nested) {
            for (Field field : importedFields(nested.getClass())) {
                collectDependencies(read(field, nested), deps);
            }
        } else if (value instanceof List<?> list) {
            list.forEach(item -> collectDependencies(item, deps));
        } else if (value instanceof Map<?, ?> map) {
            map.values().forEach(item -> collectDependencies(item, deps));
        } else if (value instanceof Either<?, ?> either) {
            collectDependencies(either.isLeft() ? either.left() : either.right(), deps);
        } else if (value instanceof Optional<?> optional) {
            optional.ifPresent(item -> collectDependencies(item, deps));
        }
    }

    private static void walk(Object value, List<Object> path, List<List<Object>> found) {
        if (value instanceof Output<?> output) {
            OutputData<?> data = Internal.of(output).getDataAsync().join();
            if (data.isSecret()) {
                found.add(path);
            } else {
                walk(data.getValueNullable(), path, found);
            }
        } else if (value instanceof InputArgs args) {
            for (Field field : importedFields(args.getClass())) {
                walk(read(field, args), append(path, field.getAnnotation(Import.class).name()), found);
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), append(path, i), found);
            }
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> walk(item, append(path, String.valueOf(key)), found));
        } else if (value instanceof Either<?, ?> either) {
            walk(either.isLeft() ? either.left() : either.right(), path, found);
        } else if (value instanceof Optional<?> optional) {
            optional.ifPresent(item -> walk(item, path, found));
        }
    }

    private static List<Object> append(List<Object> path, Object segment) {
        var longer = new ArrayList<>(path);
        longer.add(segment);
        return List.copyOf(longer);
    }

    private static List<Field> importedFields(Class<?> type) {
        var fields = new ArrayList<Field>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (field.isAnnotationPresent(Import.class) && !Modifier.isStatic(field.getModifiers())) {
                    fields.add(field);
                }
            }
        }
        return fields;
    }

    private static Object read(Field field, Object owner) {
        try {
            field.setAccessible(true);
            return field.get(owner);
        } catch (IllegalAccessException | RuntimeException e) {
            throw new IllegalStateException("cannot read input " + field + ": " + e.getMessage(), e);
        }
    }
}
