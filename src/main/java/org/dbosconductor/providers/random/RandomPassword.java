package org.dbosconductor.providers.random;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.core.annotations.ResourceType;
import com.pulumi.core.internal.Codegen;
import com.pulumi.resources.CustomResource;
import com.pulumi.resources.CustomResourceOptions;

import org.dbosconductor.providers.Nullable;
import org.dbosconductor.providers.PluginPackage;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code random:index/randomPassword:RandomPassword}: a random string from a cryptographic RNG, meant
 * as a password. {@link #result()} and {@link #bcryptHash()} are secret.
 */
@ResourceType(type = RandomPassword.TYPE)
public class RandomPassword extends CustomResource {
    /** The provider's type token. */
    public static final String TYPE = "random:index/randomPassword:RandomPassword";

    /** Outputs the provider schema marks {@code secret: true}. */
    static final List<String> SECRET_OUTPUTS = List.of("bcryptHash", "result");

    @Export(name = "bcryptHash", refs = {String.class}, tree = "[0]")
    private Output<String> bcryptHash;

    @Export(name = "keepers", refs = {Map.class, String.class}, tree = "[0,1,1]")
    private Output</* @Nullable */ Map<String, String>> keepers;

    @Export(name = "length", refs = {Integer.class}, tree = "[0]")
    private Output<Integer> length;

    @Export(name = "lower", refs = {Boolean.class}, tree = "[0]")
    private Output<Boolean> lower;

    @Export(name = "minLower", refs = {Integer.class}, tree = "[0]")
    private Output<Integer> minLower;

    @Export(name = "minNumeric", refs = {Integer.class}, tree = "[0]")
    private Output<Integer> minNumeric;

    @Export(name = "minSpecial", refs = {Integer.class}, tree = "[0]")
    private Output<Integer> minSpecial;

    @Export(name = "minUpper", refs = {Integer.class}, tree = "[0]")
    private Output<Integer> minUpper;

    @Export(name = "number", refs = {Boolean.class}, tree = "[0]")
    private Output<Boolean> number;

    @Export(name = "numeric", refs = {Boolean.class}, tree = "[0]")
    private Output<Boolean> numeric;

    @Export(name = "overrideSpecial", refs = {String.class}, tree = "[0]")
    private Output</* @Nullable */ String> overrideSpecial;

    @Export(name = "result", refs = {String.class}, tree = "[0]")
    private Output<String> result;

    @Export(name = "special", refs = {Boolean.class}, tree = "[0]")
    private Output<Boolean> special;

    @Export(name = "upper", refs = {Boolean.class}, tree = "[0]")
    private Output<Boolean> upper;

    /**
     * A bcrypt hash of the generated string (of its first 72 bytes if it is longer). Always secret,
     * also where the engine's {@code additionalSecretOutputs} is not applied (e.g. under test mocks).
     */
    public Output<String> bcryptHash() {
        return this.bcryptHash.asSecret();
    }

    public Output<Optional<Map<String, String>>> keepers() {
        return Codegen.optional(this.keepers);
    }

    public Output<Integer> length() {
        return this.length;
    }

    public Output<Boolean> lower() {
        return this.lower;
    }

    public Output<Integer> minLower() {
        return this.minLower;
    }

    public Output<Integer> minNumeric() {
        return this.minNumeric;
    }

    public Output<Integer> minSpecial() {
        return this.minSpecial;
    }

    public Output<Integer> minUpper() {
        return this.minUpper;
    }

    /** @deprecated the provider deprecates {@code number}; use {@link #numeric()}. */
    @Deprecated
    public Output<Boolean> number() {
        return this.number;
    }

    public Output<Boolean> numeric() {
        return this.numeric;
    }

    public Output<Optional<String>> overrideSpecial() {
        return Codegen.optional(this.overrideSpecial);
    }

    /**
     * The generated random string. Always secret, also where the engine's
     * {@code additionalSecretOutputs} is not applied (e.g. under test mocks).
     */
    public Output<String> result() {
        return this.result.asSecret();
    }

    public Output<Boolean> special() {
        return this.special;
    }

    public Output<Boolean> upper() {
        return this.upper;
    }

    /** @param name the unique name of the resource */
    public RandomPassword(String name, RandomPasswordArgs args) {
        this(name, args, null);
    }

    /**
     * @param name    the unique name of the resource
     * @param args    the inputs; {@code length} is required
     * @param options options controlling the resource; the plugin version and secret outputs are merged in
     */
    public RandomPassword(String name, RandomPasswordArgs args, @Nullable CustomResourceOptions options) {
        super(TYPE, name, PluginPackage.argsUnlessRehydrating(TYPE, args, options),
                RandomPlugin.PACKAGE.resourceOptions(options, Codegen.empty(), SECRET_OUTPUTS), false);
    }
}
