package org.dbosconductor.support;

import java.util.LinkedHashMap;
import java.util.Map;

/** Tag maps for AWS resources: the stack's common tags plus a {@code Name} and any extras. */
public final class AwsTags {
    private AwsTags() {
    }

    public static Map<String, String> named(Map<String, String> common, String name, String... extraPairs) {
        var tags = new LinkedHashMap<>(common);
        tags.put("Name", name);
        for (int i = 0; i + 1 < extraPairs.length; i += 2) {
            tags.put(extraPairs[i], extraPairs[i + 1]);
        }
        return Map.copyOf(tags);
    }
}
