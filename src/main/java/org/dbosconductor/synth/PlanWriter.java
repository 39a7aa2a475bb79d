package org.dbosconductor.synth;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Writes a {@link Plan} as {@code plan.json}, {@code manifests/*.yaml} and {@code graph.mmd}. */
public final class PlanWriter {
    private PlanWriter() {
    }

    public static void write(Plan plan, Path out) {
        try {
            Files.createDirectories(out);
            Files.writeString(out.resolve("plan.json"), planJsonText(plan));
            writeManifests(plan, out.resolve("manifests"));
            Files.writeString(out.resolve("graph.mmd"), graph(plan));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the synth output to " + out, e);
        }
    }

    /** The text of {@code plan.json}. */
    public static String planJsonText(Plan plan) {
        return Json.write(planJson(plan));
    }

    private static Map<String, Object> planJson(Plan plan) {
        var resources = plan.resources().stream().map(r -> {
            var entry = new LinkedHashMap<String, Object>();
            entry.put("type", r.type());
            entry.put("name", r.name());
            entry.put("id", r.id());
            entry.put("parent", r.parent());
            entry.put("inputs", r.inputs());
            entry.put("dependsOn", r.dependsOn());
            return entry;
        }).toList();
        var json = new LinkedHashMap<String, Object>();
        json.put("project", plan.project());
        json.put("stack", plan.stack());
        json.put("resources", resources);
        json.put("exports", plan.exports());
        return json;
    }

    /** The Kubernetes objects of the plan, each exactly as it would be applied, keyed by file name. */
    public static Map<String, Map<String, Object>> manifests(Plan plan) {
        var files = new TreeMap<String, Map<String, Object>>();
        for (PlannedResource resource : plan.resources()) {
            // Objects the program only reads (Service.get) have no inputs: they are not applied.
            if (!resource.isKubernetesObject() || !resource.inputs().containsKey("kind")) {
                continue;
            }
            var object = new LinkedHashMap<String, Object>();
            object.put("apiVersion", resource.inputs().get("apiVersion"));
            object.put("kind", resource.inputs().get("kind"));
            resource.inputs().forEach((key, value) -> {
                if (!key.equals("apiVersion") && !key.equals("kind")) {
                    object.put(key, value);
                }
            });
            files.put(fileName(object), object);
        }
        return files;
    }

    private static String fileName(Map<String, Object> object) {
        @SuppressWarnings("unchecked")
        var metadata = (Map<String, Object>) object.getOrDefault("metadata", Map.of());
        String namespace = metadata.containsKey("namespace") ? metadata.get("namespace") + "-" : "";
        return (String.valueOf(object.get("kind")) + "-" + namespace + metadata.get("name")).toLowerCase()
                .replaceAll("[^a-z0-9.-]", "-") + ".yaml";
    }

    private static void writeManifests(Plan plan, Path dir) throws IOException {
        Files.createDirectories(dir);
        try (var old = Files.list(dir)) {
            for (Path file : old.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Files.delete(file);
            }
        }
        var options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setSplitLines(false);
        var yaml = new Yaml(options);
        for (var entry : manifests(plan).entrySet()) {
            Files.writeString(dir.resolve(entry.getKey()), yaml.dump(entry.getValue()));
        }
    }

    /** A Mermaid flowchart: one node per top-level component, one edge per value flowing between two. */
    public static String graph(Plan plan) {
        var text = new StringBuilder("flowchart LR\n");
        for (PlannedResource component : plan.topLevelComponents()) {
            String kind = component.type().substring(component.type().lastIndexOf(':') + 1);
            text.append("  ").append(nodeId(component.name())).append("[\"").append(component.name())
                    .append("<br/>").append(kind).append(": ").append(plan.descendants(component.name()).size())
                    .append(" resources\"]\n");
        }
        Map<List<String>, String> edges = plan.flows().stream().collect(Collectors.groupingBy(
                f -> List.of(f.from(), f.to()), LinkedHashMap::new,
                Collectors.mapping(Plan.Flow::property, Collectors.collectingAndThen(
                        Collectors.toCollection(java.util.TreeSet::new), set -> String.join(", ", set)))));
        edges.forEach((pair, properties) -> text.append("  ").append(nodeId(pair.get(0)))
                .append(" -- \"").append(properties).append("\" --> ").append(nodeId(pair.get(1))).append('\n'));
        return text.toString();
    }

    private static String nodeId(String name) {
        return name.replaceAll("[^A-Za-z0-9_]", "_");
    }
}
