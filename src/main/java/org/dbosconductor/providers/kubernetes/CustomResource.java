package org.dbosconductor.providers.kubernetes;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.core.internal.Codegen;
import com.pulumi.kubernetes.meta.v1.outputs.ObjectMeta;
import com.pulumi.resources.CustomResourceOptions;

import org.dbosconductor.providers.Nullable;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Kubernetes object of a kind defined by a CustomResourceDefinition (e.g. KEDA's
 * {@code keda.sh/v1alpha1} {@code ScaledObject}), managed by the kubernetes provider like the SDK's
 * own resources: type token {@code kubernetes:<group>/<version>:<Kind>} ({@code core} for the group-less
 * {@code v1}), the kubernetes plugin version of the SDK on the classpath, and any explicit
 * {@code provider(...)} in the options honoured.
 *
 * <p>No {@code @ResourceType} annotation: the token depends on the args, so this class cannot be
 * looked up by token when the engine hands back a resource reference.
 */
public class CustomResource extends com.pulumi.resources.CustomResource {
    /** DNS-1123 subdomain, as Kubernetes requires of API group names. */
    private static final Pattern GROUP =
            Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
    /** DNS-1035 label, as Kubernetes requires of API version names ({@code v1}, {@code v1alpha1}). */
    private static final Pattern VERSION = Pattern.compile("^[a-z]([-a-z0-9]*[a-z0-9])?$");
    /** Kinds are CamelCase identifiers. */
    private static final Pattern KIND = Pattern.compile("^[A-Za-z][A-Za-z0-9]*$");

    @Export(name = "apiVersion", refs = {String.class}, tree = "[0]")
    private Output<String> apiVersion;

    @Export(name = "kind", refs = {String.class}, tree = "[0]")
    private Output<String> kind;

    @Export(name = "metadata", refs = {ObjectMeta.class}, tree = "[0]")
    private Output<ObjectMeta> metadata;

    @Export(name = "spec", refs = {Map.class, String.class, Object.class}, tree = "[0,1,2]")
    private Output</* @Nullable */ Map<String, Object>> spec;

    @Export(name = "status", refs = {Map.class, String.class, Object.class}, tree = "[0,1,2]")
    private Output</* @Nullable */ Map<String, Object>> status;

    public Output<String> apiVersion() {
        return this.apiVersion;
    }

    public Output<String> kind() {
        return this.kind;
    }

    public Output<ObjectMeta> metadata() {
        return this.metadata;
    }

    public Output<Optional<Map<String, Object>>> spec() {
        return Codegen.optional(this.spec);
    }

    /** The status the controller reports, if any (unknown during previews). */
    public Output<Optional<Map<String, Object>>> status() {
        return Codegen.optional(this.status);
    }

    /** @param name the unique name of the resource */
    public CustomResource(String name, CustomResourceArgs args) {
        this(name, args, null);
    }

    /**
     * @param name    the unique name of the resource
     * @param args    apiVersion, kind, metadata and spec
     * @param options options controlling the resource, e.g. an explicit kubernetes {@code provider(...)};
     *                the kubernetes plugin version is merged in
     */
    public CustomResource(String name, CustomResourceArgs args, @Nullable CustomResourceOptions options) {
        super(typeToken(Objects.requireNonNull(args, "CustomResource needs its args (apiVersion, kind)")),
                name, args, KubernetesPlugin.PACKAGE.resourceOptions(options, Codegen.empty(), List.of()), false);
    }

    private static String typeToken(CustomResourceArgs args) {
        return typeToken(args.apiVersion(), args.kind());
    }

    /**
     * The Pulumi type token of a Kubernetes object: {@code kubernetes:<group>/<version>:<Kind>}, with
     * group {@code core} for a group-less apiVersion such as {@code v1}.
     *
     * @throws IllegalArgumentException if apiVersion or kind is not of that shape
     */
    public static String typeToken(String apiVersion, String kind) {
        if (apiVersion == null || apiVersion.isBlank()) {
            throw new IllegalArgumentException("apiVersion must be '<group>/<version>' (e.g. 'keda.sh/v1alpha1') or 'v1', got "
                    + (apiVersion == null ? "null" : "'" + apiVersion + "'"));
        }
        String group;
        String version;
        int slash = apiVersion.indexOf('/');
        if (slash < 0) {
            group = "core";
            version = apiVersion;
        } else {
            group = apiVersion.substring(0, slash);
            version = apiVersion.substring(slash + 1);
            if (!GROUP.matcher(group).matches() || version.contains("/")) {
                throw new IllegalArgumentException("malformed apiVersion '" + apiVersion
                        + "': expected '<group>/<version>' with a DNS-subdomain group, e.g. 'keda.sh/v1alpha1'");
            }
            if (group.equals("core")) {
                throw new IllegalArgumentException("malformed apiVersion '" + apiVersion
                        + "': the core group is written without a group, e.g. 'v1'");
            }
        }
        if (!VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("malformed apiVersion '" + apiVersion
                    + "': version '" + version + "' must be a DNS label such as 'v1' or 'v1beta1'");
        }
        if (kind == null || !KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("malformed kind " + (kind == null ? "null" : "'" + kind + "'")
                    + " for apiVersion '" + apiVersion + "': expected a CamelCase name such as 'ScaledObject'");
        }
        return "kubernetes:" + group + "/" + version + ":" + kind;
    }
}
