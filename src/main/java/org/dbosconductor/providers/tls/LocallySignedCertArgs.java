package org.dbosconductor.providers.tls;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;

import org.dbosconductor.providers.Nullable;
import org.dbosconductor.providers.PluginPackage;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Inputs of {@code tls:index/locallySignedCert:LocallySignedCert}, named as in the provider schema.
 * Required: {@code allowedUses}, {@code caCertPem}, {@code caPrivateKeyPem} (a secret input),
 * {@code certRequestPem} and {@code validityPeriodHours}.
 */
public final class LocallySignedCertArgs extends ResourceArgs {

    /** Key usages of the certificate (RFC 5280 key usages and extended key usages, e.g. {@code server_auth}). */
    @Import(name = "allowedUses", required = true)
    private Output<List<String>> allowedUses;

    /** Certificate of the signing CA, PEM (RFC 1421). */
    @Import(name = "caCertPem", required = true)
    private Output<String> caCertPem;

    /** Private key of the signing CA, PEM (RFC 1421); always sent as a secret. */
    @Import(name = "caPrivateKeyPem", required = true)
    private Output<String> caPrivateKeyPem;

    /** The certificate request to sign, PEM (RFC 1421). */
    @Import(name = "certRequestPem", required = true)
    private Output<String> certRequestPem;

    /** Hours before expiry at which the certificate counts as expired, for early renewal (default 0). */
    @Import(name = "earlyRenewalHours")
    private @Nullable Output<Integer> earlyRenewalHours;

    /** Whether the certificate is a certificate authority (default false). */
    @Import(name = "isCaCertificate")
    private @Nullable Output<Boolean> isCaCertificate;

    /** Max intermediate certificates that may follow this one in a path (only for a CA). */
    @Import(name = "maxPathLength")
    private @Nullable Output<Integer> maxPathLength;

    /** Include a subject key identifier (default false). */
    @Import(name = "setSubjectKeyId")
    private @Nullable Output<Boolean> setSubjectKeyId;

    /** Hours after issuing that the certificate stays valid. */
    @Import(name = "validityPeriodHours", required = true)
    private Output<Integer> validityPeriodHours;

    private LocallySignedCertArgs() {
    }

    private LocallySignedCertArgs(LocallySignedCertArgs $) {
        this.allowedUses = $.allowedUses;
        this.caCertPem = $.caCertPem;
        this.caPrivateKeyPem = $.caPrivateKeyPem;
        this.certRequestPem = $.certRequestPem;
        this.earlyRenewalHours = $.earlyRenewalHours;
        this.isCaCertificate = $.isCaCertificate;
        this.maxPathLength = $.maxPathLength;
        this.setSubjectKeyId = $.setSubjectKeyId;
        this.validityPeriodHours = $.validityPeriodHours;
    }

    public Output<List<String>> allowedUses() {
        return allowedUses;
    }

    public Output<String> caCertPem() {
        return caCertPem;
    }

    public Output<String> caPrivateKeyPem() {
        return caPrivateKeyPem;
    }

    public Output<String> certRequestPem() {
        return certRequestPem;
    }

    public Optional<Output<Integer>> earlyRenewalHours() {
        return Optional.ofNullable(earlyRenewalHours);
    }

    public Optional<Output<Boolean>> isCaCertificate() {
        return Optional.ofNullable(isCaCertificate);
    }

    public Optional<Output<Integer>> maxPathLength() {
        return Optional.ofNullable(maxPathLength);
    }

    public Optional<Output<Boolean>> setSubjectKeyId() {
        return Optional.ofNullable(setSubjectKeyId);
    }

    public Output<Integer> validityPeriodHours() {
        return validityPeriodHours;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static Builder builder(LocallySignedCertArgs defaults) {
        return new Builder(defaults);
    }

    public static final class Builder {
        private final LocallySignedCertArgs $;

        public Builder() {
            $ = new LocallySignedCertArgs();
        }

        public Builder(LocallySignedCertArgs defaults) {
            $ = new LocallySignedCertArgs(Objects.requireNonNull(defaults));
        }

        public Builder allowedUses(Output<List<String>> allowedUses) {
            $.allowedUses = allowedUses;
            return this;
        }

        public Builder allowedUses(List<String> allowedUses) {
            return allowedUses(Output.of(allowedUses));
        }

        public Builder allowedUses(String... allowedUses) {
            return allowedUses(List.of(allowedUses));
        }

        public Builder caCertPem(Output<String> caCertPem) {
            $.caCertPem = caCertPem;
            return this;
        }

        public Builder caCertPem(String caCertPem) {
            return caCertPem(Output.of(caCertPem));
        }

        /** The CA private key; marked secret here, as the provider schema marks this input secret. */
        public Builder caPrivateKeyPem(Output<String> caPrivateKeyPem) {
            $.caPrivateKeyPem = caPrivateKeyPem == null ? null : caPrivateKeyPem.asSecret();
            return this;
        }

        public Builder caPrivateKeyPem(String caPrivateKeyPem) {
            return caPrivateKeyPem(Output.of(caPrivateKeyPem));
        }

        public Builder certRequestPem(Output<String> certRequestPem) {
            $.certRequestPem = certRequestPem;
            return this;
        }

        public Builder certRequestPem(String certRequestPem) {
            return certRequestPem(Output.of(certRequestPem));
        }

        public Builder earlyRenewalHours(@Nullable Output<Integer> earlyRenewalHours) {
            $.earlyRenewalHours = earlyRenewalHours;
            return this;
        }

        public Builder earlyRenewalHours(Integer earlyRenewalHours) {
            return earlyRenewalHours(Output.of(earlyRenewalHours));
        }

        public Builder isCaCertificate(@Nullable Output<Boolean> isCaCertificate) {
            $.isCaCertificate = isCaCertificate;
            return this;
        }

        public Builder isCaCertificate(Boolean isCaCertificate) {
            return isCaCertificate(Output.of(isCaCertificate));
        }

        public Builder maxPathLength(@Nullable Output<Integer> maxPathLength) {
            $.maxPathLength = maxPathLength;
            return this;
        }

        public Builder maxPathLength(Integer maxPathLength) {
            return maxPathLength(Output.of(maxPathLength));
        }

        public Builder setSubjectKeyId(@Nullable Output<Boolean> setSubjectKeyId) {
            $.setSubjectKeyId = setSubjectKeyId;
            return this;
        }

        public Builder setSubjectKeyId(Boolean setSubjectKeyId) {
            return setSubjectKeyId(Output.of(setSubjectKeyId));
        }

        public Builder validityPeriodHours(Output<Integer> validityPeriodHours) {
            $.validityPeriodHours = validityPeriodHours;
            return this;
        }

        public Builder validityPeriodHours(Integer validityPeriodHours) {
            return validityPeriodHours(Output.of(validityPeriodHours));
        }

        /** @throws com.pulumi.exceptions.MissingRequiredPropertyException naming the first unset required input */
        public LocallySignedCertArgs build() {
            PluginPackage.requireInput($.allowedUses, "LocallySignedCertArgs", "allowedUses");
            PluginPackage.requireInput($.caCertPem, "LocallySignedCertArgs", "caCertPem");
            PluginPackage.requireInput($.caPrivateKeyPem, "LocallySignedCertArgs", "caPrivateKeyPem");
            PluginPackage.requireInput($.certRequestPem, "LocallySignedCertArgs", "certRequestPem");
            PluginPackage.requireInput($.validityPeriodHours, "LocallySignedCertArgs", "validityPeriodHours");
            return new LocallySignedCertArgs($);
        }
    }
}
