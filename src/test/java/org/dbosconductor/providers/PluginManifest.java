package org.dbosconductor.providers;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Test helper: reads a {@code com/pulumi/<name>/plugin.json} from the test classpath (JSON is YAML). */
public final class PluginManifest {
    private PluginManifest() {
    }

    public static Map<String, Object> read(String name) {
        var resource = PluginPackage.pluginManifestResource(name);
        try (InputStream in = PluginManifest.class.getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, resource + " is not on the classpath");
            Map<String, Object> json = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            assertNotNull(json, resource + " is empty");
            return json;
        } catch (IOException e) {
            throw new AssertionError("cannot read " + resource, e);
        }
    }

    /**
     * Asserts the manifest is shaped like the ones in the official SDK jars
     * ({@code {"resource": true, "name": ..., "version": ...}}) and agrees with the binding's version.
     */
    public static void assertMatches(String name, PluginPackage pkg) {
        var json = read(name);
        assertEquals(Boolean.TRUE, json.get("resource"), "plugin.json: resource");
        assertEquals(name, json.get("name"), "plugin.json: name");
        assertEquals(pkg.version(), json.get("version"), "plugin.json version must equal version.txt");
        assertEquals(name, pkg.name());
    }
}
