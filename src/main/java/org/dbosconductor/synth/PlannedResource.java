package org.dbosconductor.synth;

import java.util.Map;

/**
 * One resource of the plan as the synth reports it: inputs are plain JSON values with every secret
 * replaced by {@link Plan#SECRET}. {@code id} and {@code parent} are null where there is none.
 */
public record PlannedResource(String type, String name, String id, String parent, Map<String, Object> inputs) {

    public boolean isKubernetesObject() {
        return type.startsWith("kubernetes:") && !type.startsWith("kubernetes:helm.sh/");
    }

    public boolean isComponent() {
        return type.startsWith(Plan.PROJECT_TYPE_PREFIX);
    }
}
