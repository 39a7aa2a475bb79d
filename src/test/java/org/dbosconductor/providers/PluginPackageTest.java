package org.dbosconductor.providers;

import com.pulumi.resources.CustomResourceOptions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PluginPackageTest {

    /** A class loader that serves exactly the given resources and nothing else. */
    private static ClassLoader serving(Map<String, String> resources) {
        return new ClassLoader(null) {
            @Override
            public InputStream getResourceAsStream(String name) {
                var text = resources.get(name);
                return text == null ? null : new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
            }

            @Override
            protected URL findResource(String name) {
                return null;
            }
        };
    }

    @Test
    void readsAndTrimsVersionTxt() {
        var pkg = PluginPackage.fromClasspath("demo", serving(Map.of("com/pulumi/demo/version.txt", " 1.2.3\n")));
        assertEquals("demo", pkg.name());
        assertEquals("1.2.3", pkg.version());
    }

    @Test
    void missingVersionTxtFailsNamingTheResource() {
        var e = assertThrows(IllegalStateException.class,
                () -> PluginPackage.fromClasspath("demo", serving(Map.of())));
        assertTrue(e.getMessage().contains("com/pulumi/demo/version.txt"), e.getMessage());
    }

    @Test
    void nonSemverVersionFails() {
        var e = assertThrows(IllegalStateException.class, () -> PluginPackage.fromClasspath("demo",
                serving(Map.of("com/pulumi/demo/version.txt", "latest"))));
        assertTrue(e.getMessage().contains("latest"), e.getMessage());
    }

    @Test
    void resourceOptionsCarryVersionAndSecretsAndKeepCallerOptions() {
        var pkg = PluginPackage.fromClasspath("demo", serving(Map.of("com/pulumi/demo/version.txt", "1.2.3")));
        var merged = pkg.resourceOptions(null, null, List.of("secretA"));
        assertEquals("1.2.3", merged.getVersion().orElseThrow());
        assertEquals(List.of("secretA"), merged.getAdditionalSecretOutputs());

        var caller = CustomResourceOptions.builder()
                .version("9.9.9").additionalSecretOutputs("mine").protect(true).build();
        var withCaller = pkg.resourceOptions(caller, null, List.of("secretA"));
        assertEquals("9.9.9", withCaller.getVersion().orElseThrow(), "an explicit caller version wins");
        assertTrue(withCaller.isProtect());
        assertTrue(withCaller.getAdditionalSecretOutputs().containsAll(List.of("secretA", "mine")),
                withCaller.getAdditionalSecretOutputs().toString());
    }
}
