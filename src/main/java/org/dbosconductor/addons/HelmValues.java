package org.dbosconductor.addons;

import java.util.LinkedHashMap;
import java.util.Map;

/** Chart values as nested maps: setting a value at a dotted path, as {@code helm --set} would. */
public final class HelmValues {
    private HelmValues() {
    }

    /** A copy of {@code values} with {@code leafKey} set to {@code value} in the map at {@code path}. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> with(Map<String, Object> values, String path, String leafKey, Object value) {
        var root = deepCopy(values);
        Map<String, Object> node = root;
        for (String segment : path.split("\\.")) {
            Object child = node.get(segment);
            if (!(child instanceof Map)) {
                child = new LinkedHashMap<String, Object>();
                node.put(segment, child);
            }
            node = (Map<String, Object>) child;
        }
        node.put(leafKey, value);
        return root;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> values) {
        var copy = new LinkedHashMap<String, Object>();
        values.forEach((k, v) -> copy.put(k, v instanceof Map<?, ?> m ? deepCopy((Map<String, Object>) m) : v));
        return copy;
    }
}
