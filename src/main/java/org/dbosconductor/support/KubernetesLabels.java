package org.dbosconductor.support;

import java.util.LinkedHashMap;
import java.util.Map;

/** The recommended {@code app.kubernetes.io/*} labels every Kubernetes object of this stack carries. */
public final class KubernetesLabels {
    public static final String PART_OF = "dbos-conductor";

    private KubernetesLabels() {
    }

    public static Map<String, String> recommended(String name, String component, String... extraPairs) {
        var labels = new LinkedHashMap<String, String>();
        labels.put("app.kubernetes.io/name", name);
        labels.put("app.kubernetes.io/component", component);
        labels.put("app.kubernetes.io/part-of", PART_OF);
        labels.put("app.kubernetes.io/managed-by", "pulumi");
        for (int i = 0; i + 1 < extraPairs.length; i += 2) {
            labels.put(extraPairs[i], extraPairs[i + 1]);
        }
        return Map.copyOf(labels);
    }
}
