package org.dbosconductor.providers;

import com.pulumi.core.Output;
import com.pulumi.exceptions.MissingRequiredPropertyException;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.ResourceArgs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Pulumi resource plugin ("package") as the hand-written bindings in this project see it:
 * its name and the plugin version read from {@code com/pulumi/<name>/version.txt} on the classpath,
 * the same resource the generated Pulumi Java SDKs read (and next to the {@code plugin.json}
 * by which the Java language host discovers which plugin to install).
 *
 * <p>Every binding keeps one instance in a {@code static final} field, so the version is read once at
 * class-load time and a missing or malformed {@code version.txt} fails loudly instead of sending a
 * resource registration without a plugin version.
 */
public final class PluginPackage {
    private static final Pattern SEMVER =
            Pattern.compile("^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?$");
    private static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9-]*$");

    private final String name;
    private final String version;

    private PluginPackage(String name, String version) {
        this.name = name;
        this.version = version;
    }

    /**
     * Reads the version of plugin {@code name} from {@code com/pulumi/<name>/version.txt}.
     *
     * @throws IllegalStateException if the resource is missing, unreadable or not a semantic version
     */
    public static PluginPackage fromClasspath(String name) {
        return fromClasspath(name, PluginPackage.class.getClassLoader());
    }

    static PluginPackage fromClasspath(String name, ClassLoader loader) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(loader, "loader");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid Pulumi package name '" + name + "'");
        }
        var resource = versionResource(name);
        String text;
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(String.format(
                        "expected resource '%s' on the classpath (the %s plugin version), not found", resource, name));
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource '" + resource + "'", e);
        }
        if (!SEMVER.matcher(text).matches()) {
            throw new IllegalStateException(String.format(
                    "resource '%s' must hold a plugin version like 1.2.3, found '%s'", resource, text));
        }
        return new PluginPackage(name, text);
    }

    /** Classpath location of the plugin version of package {@code name}. */
    public static String versionResource(String name) {
        return "com/pulumi/" + name + "/version.txt";
    }

    /** Classpath location of the plugin manifest the Pulumi Java language host looks for. */
    public static String pluginManifestResource(String name) {
        return "com/pulumi/" + name + "/plugin.json";
    }

    /** The package name, the first segment of its type tokens ({@code random}, {@code tls}, ...). */
    public String name() {
        return name;
    }

    /** The plugin version every resource of this package asks the engine for. */
    public String version() {
        return version;
    }

    /**
     * The options a binding hands to {@code CustomResource}: the plugin version and the outputs the
     * provider schema marks secret, merged under the caller's options (caller's version, provider,
     * parent ... win; secret outputs are added to the caller's), exactly as generated SDKs do.
     *
     * @param options       the caller's options, may be null
     * @param id            the id of an existing resource to read, or null/empty for a new one
     * @param secretOutputs schema outputs to mark secret ({@code additionalSecretOutputs})
     */
    public CustomResourceOptions resourceOptions(
            @Nullable CustomResourceOptions options, @Nullable Output<String> id, List<String> secretOutputs) {
        var defaults = CustomResourceOptions.builder()
                .version(version)
                .additionalSecretOutputs(List.copyOf(secretOutputs))
                .build();
        return CustomResourceOptions.merge(defaults, options, id);
    }

    /**
     * The args a binding's constructor hands to {@code CustomResource}: none when the options carry a
     * URN (the engine rehydrates an existing resource, e.g. from a resource reference), else the
     * caller's args, which must then be present.
     */
    public static @Nullable <A extends ResourceArgs> A argsUnlessRehydrating(
            String resourceType, @Nullable A args, @Nullable CustomResourceOptions options) {
        if (options != null && options.getUrn().isPresent()) {
            return null;
        }
        return Objects.requireNonNull(args, () -> resourceType + " needs its args (it has required inputs)");
    }

    /**
     * Fails an args builder's {@code build()} like the generated SDKs do when a required input is unset.
     *
     * @throws MissingRequiredPropertyException naming {@code argsClass} and {@code property}
     */
    public static <T> T requireInput(@Nullable T value, String argsClass, String property) {
        if (value == null) {
            throw new MissingRequiredPropertyException(argsClass, property);
        }
        return value;
    }

    @Override
    public String toString() {
        return name + "@" + version;
    }
}
