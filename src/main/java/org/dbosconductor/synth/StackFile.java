package org.dbosconductor.synth;

import com.google.gson.Gson;
import org.dbosconductor.config.StackConfigReader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A stack's configuration as the Pulumi engine would hand it to the program, read from
 * {@code Pulumi.yaml} and {@code Pulumi.<stack>.yaml}. Secure (encrypted) values and secret keys the
 * file lacks become placeholders: the synth never has, and never needs, the user's secrets.
 */
public record StackFile(String project, String stack, Map<String, String> config, Set<String> secretKeys,
                        List<String> placeholderKeys) {

    public static final String PLACEHOLDER_PREFIX = "synth-placeholder-";

    public static StackFile load(Path projectDir, String stack) {
        Map<String, Object> project = readYaml(projectDir.resolve("Pulumi.yaml"));
        Object name = project.get("name");
        if (!(name instanceof String projectName) || projectName.isBlank()) {
            throw new SynthException(projectDir.resolve("Pulumi.yaml") + " has no project name (name: ...)");
        }
        Path stackPath = projectDir.resolve("Pulumi." + stack + ".yaml");
        if (!Files.exists(stackPath)) {
            throw new SynthException("no stack file " + stackPath + ". Fix: create it with `pulumi stack init " + stack
                    + "`, or pass --stack with one of the existing Pulumi.<stack>.yaml files");
        }
        Object section = readYaml(stackPath).getOrDefault("config", Map.of());
        if (!(section instanceof Map<?, ?> entries)) {
            throw new SynthException(stackPath + ": config must be a map of key: value");
        }
        var config = new LinkedHashMap<String, String>();
        var secretKeys = new LinkedHashSet<String>();
        var placeholders = new ArrayList<String>();
        entries.forEach((rawKey, value) -> {
            String key = String.valueOf(rawKey).contains(":") ? String.valueOf(rawKey) : projectName + ":" + rawKey;
            if (value instanceof Map<?, ?> map && map.containsKey("secure")) {
                // Encrypted with the stack's key, which the synth does not have.
                config.put(key, PLACEHOLDER_PREFIX + key);
                secretKeys.add(key);
                placeholders.add(key);
            } else if (value instanceof Map<?, ?> || value instanceof List<?>) {
                config.put(key, new Gson().toJson(value));
            } else if (value != null) {
                config.put(key, String.valueOf(value));
            }
        });
        secretKeys.addAll(StackConfigReader.SECRET_KEYS);
        for (String secretKey : StackConfigReader.REQUIRED_SECRET_KEYS) {
            if (!config.containsKey(secretKey)) {
                config.put(secretKey, PLACEHOLDER_PREFIX + secretKey);
                placeholders.add(secretKey);
            }
        }
        return new StackFile(projectName, stack, Map.copyOf(config), Set.copyOf(secretKeys), List.copyOf(placeholders));
    }

    /** The same stack with some values replaced (plain values; a secret key stays secret). */
    public StackFile with(Map<String, String> overrides) {
        if (overrides.isEmpty()) {
            return this;
        }
        var merged = new LinkedHashMap<>(config);
        merged.putAll(overrides);
        var placeholders = new ArrayList<>(placeholderKeys);
        placeholders.removeAll(overrides.keySet());
        return new StackFile(project, stack, Map.copyOf(merged), secretKeys, List.copyOf(placeholders));
    }

    private static Map<String, Object> readYaml(Path path) {
        try {
            Object parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(path));
            if (parsed == null) {
                return Map.of();
            }
            if (!(parsed instanceof Map<?, ?> map)) {
                throw new SynthException(path + " must be a YAML map");
            }
            @SuppressWarnings("unchecked")
            var result = (Map<String, Object>) map;
            return result;
        } catch (IOException e) {
            throw new SynthException("cannot read " + path + ": " + e.getMessage());
        } catch (org.yaml.snakeyaml.error.YAMLException e) {
            throw new SynthException(path + " is not valid YAML: " + e.getMessage());
        }
    }
}
