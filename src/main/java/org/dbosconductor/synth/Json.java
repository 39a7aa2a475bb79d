package org.dbosconductor.synth;

import com.google.gson.GsonBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Plain JSON values for the plan: whole numbers as integers, maps with sorted keys, secrets masked. */
final class Json {
    private Json() {
    }

    /** Converts a value the mock monitor produced (doubles, lists, maps) into plain JSON values. */
    static Object plain(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite() && Math.abs(d) < 1e15) {
            return d.longValue();
        }
        if (value instanceof Float f) {
            return plain(f.doubleValue());
        }
        if (value instanceof Map<?, ?> map) {
            var copy = new TreeMap<String, Object>();
            map.forEach((k, v) -> {
                if (v != null) {
                    copy.put(String.valueOf(k), plain(v));
                }
            });
            return copy;
        }
        if (value instanceof List<?> list) {
            var copy = new ArrayList<Object>();
            list.forEach(item -> copy.add(plain(item)));
            return copy;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> sorted(Map<String, Object> map) {
        return (Map<String, Object>) plain(map);
    }

    /** Replaces the value at {@code path} with {@code replacement}, if the path exists. */
    @SuppressWarnings("unchecked")
    static void mask(Object root, List<Object> path, Object replacement) {
        if (path.isEmpty()) {
            return;
        }
        Object current = root;
        for (int i = 0; i < path.size() - 1; i++) {
            current = child(current, path.get(i));
            if (current == null) {
                return;
            }
        }
        Object last = path.get(path.size() - 1);
        if (current instanceof Map<?, ?> map && map.containsKey(String.valueOf(last))) {
            ((Map<String, Object>) map).put(String.valueOf(last), replacement);
        } else if (current instanceof List<?> list && last instanceof Integer index && index < list.size()) {
            ((List<Object>) list).set(index, replacement);
        }
    }

    private static Object child(Object node, Object segment) {
        if (node instanceof Map<?, ?> map) {
            return map.get(String.valueOf(segment));
        }
        if (node instanceof List<?> list && segment instanceof Integer index && index < list.size()) {
            return list.get(index);
        }
        return null;
    }

    static String write(Object value) {
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create().toJson(value) + "\n";
    }
}
