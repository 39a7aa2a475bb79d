package org.dbosconductor.providers.tls;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;

import org.dbosconductor.providers.Nullable;
import org.dbosconductor.providers.PluginPackage;

import java.util.Objects;
import java.util.Optional;

/** Inputs of {@code tls:index/privateKey:PrivateKey}, named as in the provider schema. */
public final class PrivateKeyArgs extends ResourceArgs {

    /** Key algorithm: {@code RSA}, {@code ECDSA} or {@code ED25519}. Required. */
    @Import(name = "algorithm", required = true)
    private Output<String> algorithm;

    /** For {@code ECDSA}: {@code P224}, {@code P256}, {@code P384} or {@code P521} (default P224). */
    @Import(name = "ecdsaCurve")
    private @Nullable Output<String> ecdsaCurve;

    /** For {@code RSA}: key size in bits (default 2048). */
    @Import(name = "rsaBits")
    private @Nullable Output<Integer> rsaBits;

    private PrivateKeyArgs() {
    }

    private PrivateKeyArgs(PrivateKeyArgs $) {
        this.algorithm = $.algorithm;
        this.ecdsaCurve = $.ecdsaCurve;
        this.rsaBits = $.rsaBits;
    }

    public Output<String> algorithm() {
        return algorithm;
    }

    public Optional<Output<String>> ecdsaCurve() {
        return Optional.ofNullable(ecdsaCurve);
    }

    public Optional<Output<Integer>> rsaBits() {
        return Optional.ofNullable(rsaBits);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static Builder builder(PrivateKeyArgs defaults) {
        return new Builder(defaults);
    }

    public static final class Builder {
        private final PrivateKeyArgs $;

        public Builder() {
            $ = new PrivateKeyArgs();
        }

        public Builder(PrivateKeyArgs defaults) {
            $ = new PrivateKeyArgs(Objects.requireNonNull(defaults));
        }

        public Builder algorithm(Output<String> algorithm) {
            $.algorithm = algorithm;
            return this;
        }

        public Builder algorithm(String algorithm) {
            return algorithm(Output.of(algorithm));
        }

        public Builder ecdsaCurve(@Nullable Output<String> ecdsaCurve) {
            $.ecdsaCurve = ecdsaCurve;
            return this;
        }

        public Builder ecdsaCurve(String ecdsaCurve) {
            return ecdsaCurve(Output.of(ecdsaCurve));
        }

        public Builder rsaBits(@Nullable Output<Integer> rsaBits) {
            $.rsaBits = rsaBits;
            return this;
        }

        public Builder rsaBits(Integer rsaBits) {
            return rsaBits(Output.of(rsaBits));
        }

        /** @throws com.pulumi.exceptions.MissingRequiredPropertyException if {@code algorithm} is unset */
        public PrivateKeyArgs build() {
            PluginPackage.requireInput($.algorithm, "PrivateKeyArgs", "algorithm");
            return new PrivateKeyArgs($);
        }
    }
}
