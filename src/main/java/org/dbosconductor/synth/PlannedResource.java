package org.dbosconductor.synth;

import java.util.List;
import java.util.Map;

/**
 * One resource of the plan as the synth reports it: inputs are plain JSON values with every secret
 * replaced by {@link Plan#SECRET}. {@code id} and {@code parent} are null where there is none.
 * {@code dependsOn} names the resources it explicitly waits for, beyond those whose outputs it uses.
 */
public record PlannedResource(String type, String name, String id, String parent, Map<String, Object> inputs,
                              List<String> dependsOn) {

    public PlannedResource {
        dependsOn = List.copyOf(dependsOn);
    }

    public boolean isKubernetesObject() {
        return type.startsWith("kubernetes:") && !type.startsWith("kubernetes:helm.sh/");
    }

    public boolean isComponent() {
        return type.startsWith(Plan.PROJECT_TYPE_PREFIX);
    }
}
