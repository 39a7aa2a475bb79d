package org.dbosconductor.providers.kubernetes;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.resources.ResourceArgs;

import org.dbosconductor.providers.Nullable;
import org.dbosconductor.providers.PluginPackage;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Inputs of a {@link CustomResource}: {@code apiVersion} and {@code kind} (plain strings, since they
 * decide the resource's type token), {@code metadata} and an arbitrary {@code spec}.
 */
public final class CustomResourceArgs extends ResourceArgs {

    @Import(name = "apiVersion", required = true)
    private Output<String> apiVersion;

    @Import(name = "kind", required = true)
    private Output<String> kind;

    @Import(name = "metadata")
    private @Nullable Output<ObjectMetaArgs> metadata;

    @Import(name = "spec")
    private @Nullable Output<Map<String, Object>> spec;

    /** The plain values of apiVersion and kind, which the type token is computed from. */
    private String apiVersionValue;
    private String kindValue;

    private CustomResourceArgs() {
    }

    private CustomResourceArgs(CustomResourceArgs $) {
        this.apiVersion = $.apiVersion;
        this.kind = $.kind;
        this.metadata = $.metadata;
        this.spec = $.spec;
        this.apiVersionValue = $.apiVersionValue;
        this.kindValue = $.kindValue;
    }

    /** The API version, e.g. {@code keda.sh/v1alpha1} or {@code v1}. */
    public String apiVersion() {
        return apiVersionValue;
    }

    /** The kind, e.g. {@code ScaledObject}. */
    public String kind() {
        return kindValue;
    }

    public Optional<Output<ObjectMetaArgs>> metadata() {
        return Optional.ofNullable(metadata);
    }

    public Optional<Output<Map<String, Object>>> spec() {
        return Optional.ofNullable(spec);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static Builder builder(CustomResourceArgs defaults) {
        return new Builder(defaults);
    }

    public static final class Builder {
        private final CustomResourceArgs $;

        public Builder() {
            $ = new CustomResourceArgs();
        }

        public Builder(CustomResourceArgs defaults) {
            $ = new CustomResourceArgs(Objects.requireNonNull(defaults));
        }

        /** @param apiVersion {@code <group>/<version>}, or a bare version for the core group ({@code v1}) */
        public Builder apiVersion(String apiVersion) {
            $.apiVersionValue = apiVersion;
            $.apiVersion = apiVersion == null ? null : Output.of(apiVersion);
            return this;
        }

        public Builder kind(String kind) {
            $.kindValue = kind;
            $.kind = kind == null ? null : Output.of(kind);
            return this;
        }

        public Builder metadata(@Nullable Output<ObjectMetaArgs> metadata) {
            $.metadata = metadata;
            return this;
        }

        public Builder metadata(ObjectMetaArgs metadata) {
            return metadata(Output.of(metadata));
        }

        /** The object's spec: nested maps, lists, strings, numbers and booleans, or Outputs of them. */
        public Builder spec(@Nullable Output<Map<String, Object>> spec) {
            $.spec = spec;
            return this;
        }

        public Builder spec(Map<String, Object> spec) {
            return spec(Output.of(spec));
        }

        /**
         * @throws com.pulumi.exceptions.MissingRequiredPropertyException if apiVersion or kind is unset
         * @throws IllegalArgumentException if apiVersion or kind is malformed
         */
        public CustomResourceArgs build() {
            PluginPackage.requireInput($.apiVersionValue, "CustomResourceArgs", "apiVersion");
            PluginPackage.requireInput($.kindValue, "CustomResourceArgs", "kind");
            CustomResource.typeToken($.apiVersionValue, $.kindValue); // validates both
            return new CustomResourceArgs($);
        }
    }
}
