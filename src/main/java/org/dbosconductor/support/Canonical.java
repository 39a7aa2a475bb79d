package org.dbosconductor.support;

import com.google.gson.GsonBuilder;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Documents rendered to text (IAM policies, kubeconfig, Dex's config) with every map's keys sorted.
 * {@code Map.of} iterates in a different order in every JVM, and a document that changed its text on
 * each run would show as a change in every preview and roll pods for nothing.
 */
public final class Canonical {
    private Canonical() {
    }

    /** A copy with every nested map replaced by one with sorted keys. */
    public static Object sorted(Object value) {
        if (value instanceof Map<?, ?> map) {
            var copy = new TreeMap<String, Object>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), sorted(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            var copy = new ArrayList<Object>();
            list.forEach(item -> copy.add(sorted(item)));
            return copy;
        }
        return value;
    }

    public static String json(Object value) {
        return new GsonBuilder().disableHtmlEscaping().create().toJson(sorted(value));
    }

    public static String yaml(Object value) {
        var options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setSplitLines(false);
        return new Yaml(options).dump(sorted(value));
    }
}
