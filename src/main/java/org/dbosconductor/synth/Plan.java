package org.dbosconductor.synth;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the offline synth learned from one run of the program: every registered resource in
 * registration order, the stack outputs, and the values that flowed between components.
 *
 * @param flows           value flows between top-level components, for the graph
 * @param placeholderKeys secret config keys the stack file lacked, for which the synth stood in a placeholder
 * @param warnings        things a reviewer should know (e.g. a security feature switched off)
 */
public record Plan(String project, String stack, List<PlannedResource> resources, Map<String, Object> exports,
                   List<Flow> flows, List<String> placeholderKeys, List<String> warnings) {
    public static final String SECRET = "[secret]";
    public static final String STACK_TYPE = "pulumi:pulumi:Stack";
    public static final String PROJECT_TYPE_PREFIX = "dbos-conductor:";

    /** A value produced inside component {@code from} and consumed as input {@code property} inside {@code to}. */
    public record Flow(String from, String to, String property) {
    }

    public List<PlannedResource> ofType(String type) {
        return resources.stream().filter(r -> r.type().equals(type)).toList();
    }

    public Optional<PlannedResource> find(String type, String name) {
        return resources.stream().filter(r -> r.type().equals(type) && r.name().equals(name)).findFirst();
    }

    /** Every resource below {@code ancestor} in the parent tree (parents are named; names are unique). */
    public List<PlannedResource> descendants(String ancestor) {
        var parents = new java.util.HashMap<String, String>();
        resources.forEach(r -> parents.put(r.name(), r.parent()));
        return resources.stream().filter(r -> {
            var seen = new java.util.HashSet<String>();
            String p = r.parent();
            while (p != null && !p.equals(ancestor)) {
                if (!seen.add(p)) {
                    throw new IllegalStateException("parent cycle through " + p + ": resource names must be unique");
                }
                p = parents.get(p);
            }
            return p != null;
        }).toList();
    }

    /** The components directly under the stack, in registration order. */
    public List<PlannedResource> topLevelComponents() {
        String stackName = project + "-" + stack;
        return resources.stream().filter(r -> r.isComponent() && stackName.equals(r.parent())).toList();
    }

    public PlannedResource get(String type, String name) {
        return find(type, name).orElseThrow(() -> new IllegalArgumentException("no " + type + " named " + name + " in the plan"));
    }
}
