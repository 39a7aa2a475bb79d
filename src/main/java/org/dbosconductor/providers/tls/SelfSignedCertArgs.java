package org.dbosconductor.providers.tls;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Import;
import com.pulumi.resources.ResourceArgs;

import org.dbosconductor.providers.Nullable;
import org.dbosconductor.providers.PluginPackage;
import org.dbosconductor.providers.tls.inputs.CertSubjectArgs;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Inputs of {@code tls:index/selfSignedCert:SelfSignedCert}, named as in the provider schema.
 * Required: {@code allowedUses}, {@code privateKeyPem} (a secret input) and {@code validityPeriodHours}.
 */
public final class SelfSignedCertArgs extends ResourceArgs {

    /** Key usages of the certificate (RFC 5280 key usages and extended key usages, e.g. {@code server_auth}). */
    @Import(name = "allowedUses", required = true)
    private Output<List<String>> allowedUses;

    /** DNS names the certificate is for. */
    @Import(name = "dnsNames")
    private @Nullable Output<List<String>> dnsNames;

    /** Hours before expiry at which the certificate counts as expired, for early renewal (default 0). */
    @Import(name = "earlyRenewalHours")
    private @Nullable Output<Integer> earlyRenewalHours;

    /** IP addresses the certificate is for. */
    @Import(name = "ipAddresses")
    private @Nullable Output<List<String>> ipAddresses;

    /** Whether the certificate is a certificate authority (default false). */
    @Import(name = "isCaCertificate")
    private @Nullable Output<Boolean> isCaCertificate;

    /** Max intermediate certificates that may follow this one in a path (only for a CA). */
    @Import(name = "maxPathLength")
    private @Nullable Output<Integer> maxPathLength;

    /** Private key (PEM, RFC 1421) the certificate belongs to; always sent as a secret. */
    @Import(name = "privateKeyPem", required = true)
    private Output<String> privateKeyPem;

    /** Include an authority key identifier (default false). */
    @Import(name = "setAuthorityKeyId")
    private @Nullable Output<Boolean> setAuthorityKeyId;

    /** Include a subject key identifier (default false). */
    @Import(name = "setSubjectKeyId")
    private @Nullable Output<Boolean> setSubjectKeyId;

    /** The certificate subject. */
    @Import(name = "subject")
    private @Nullable Output<CertSubjectArgs> subject;

    /** URIs the certificate is for. */
    @Import(name = "uris")
    private @Nullable Output<List<String>> uris;

    /** Hours after issuing that the certificate stays valid. */
    @Import(name = "validityPeriodHours", required = true)
    private Output<Integer> validityPeriodHours;

    private SelfSignedCertArgs() {
    }

    private SelfSignedCertArgs(SelfSignedCertArgs $) {
        this.allowedUses = $.allowedUses;
        this.dnsNames = $.dnsNames;
        this.earlyRenewalHours = $.earlyRenewalHours;
        this.ipAddresses = $.ipAddresses;
        this.isCaCertificate = $.isCaCertificate;
        this.maxPathLength = $.maxPathLength;
        this.privateKeyPem = $.privateKeyPem;
        this.setAuthorityKeyId = $.setAuthorityKeyId;
        this.setSubjectKeyId = $.setSubjectKeyId;
        this.subject = $.subject;
        this.uris = $.uris;
        this.validityPeriodHours = $.validityPeriodHours;
    }

    public Output<List<String>> allowedUses() {
        return allowedUses;
    }

    public Optional<Output<List<String>>> dnsNames() {
        return Optional.ofNullable(dnsNames);
    }

    public Optional<Output<Integer>> earlyRenewalHours() {
        return Optional.ofNullable(earlyRenewalHours);
    }

    public Optional<Output<List<String>>> ipAddresses() {
        return Optional.ofNullable(ipAddresses);
    }

    public Optional<Output<Boolean>> isCaCertificate() {
        return Optional.ofNullable(isCaCertificate);
    }

    public Optional<Output<Integer>> maxPathLength() {
        return Optional.ofNullable(maxPathLength);
    }

    public Output<String> privateKeyPem() {
        return privateKeyPem;
    }

    public Optional<Output<Boolean>> setAuthorityKeyId() {
        return Optional.ofNullable(setAuthorityKeyId);
    }

    public Optional<Output<Boolean>> setSubjectKeyId() {
        return Optional.ofNullable(setSubjectKeyId);
    }

    public Optional<Output<CertSubjectArgs>> subject() {
        return Optional.ofNullable(subject);
    }

    public Optional<Output<List<String>>> uris() {
        return Optional.ofNullable(uris);
    }

    public Output<Integer> validityPeriodHours() {
        return validityPeriodHours;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static Builder builder(SelfSignedCertArgs defaults) {
        return new Builder(defaults);
    }

    public static final class Builder {
        private final SelfSignedCertArgs $;

        public Builder() {
            $ = new SelfSignedCertArgs();
        }

        public Builder(SelfSignedCertArgs defaults) {
            $ = new SelfSignedCertArgs(Objects.requireNonNull(defaults));
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

        public Builder dnsNames(@Nullable Output<List<String>> dnsNames) {
            $.dnsNames = dnsNames;
            return this;
        }

        public Builder dnsNames(List<String> dnsNames) {
            return dnsNames(Output.of(dnsNames));
        }

        public Builder dnsNames(String... dnsNames) {
            return dnsNames(List.of(dnsNames));
        }

        public Builder earlyRenewalHours(@Nullable Output<Integer> earlyRenewalHours) {
            $.earlyRenewalHours = earlyRenewalHours;
            return this;
        }

        public Builder earlyRenewalHours(Integer earlyRenewalHours) {
            return earlyRenewalHours(Output.of(earlyRenewalHours));
        }

        public Builder ipAddresses(@Nullable Output<List<String>> ipAddresses) {
            $.ipAddresses = ipAddresses;
            return this;
        }

        public Builder ipAddresses(List<String> ipAddresses) {
            return ipAddresses(Output.of(ipAddresses));
        }

        public Builder ipAddresses(String... ipAddresses) {
            return ipAddresses(List.of(ipAddresses));
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

        /** The private key; marked secret here, as the provider schema marks this input secret. */
        public Builder privateKeyPem(Output<String> privateKeyPem) {
            $.privateKeyPem = privateKeyPem == null ? null : privateKeyPem.asSecret();
            return this;
        }

        public Builder privateKeyPem(String privateKeyPem) {
            return privateKeyPem(Output.of(privateKeyPem));
        }

        public Builder setAuthorityKeyId(@Nullable Output<Boolean> setAuthorityKeyId) {
            $.setAuthorityKeyId = setAuthorityKeyId;
            return this;
        }

        public Builder setAuthorityKeyId(Boolean setAuthorityKeyId) {
            return setAuthorityKeyId(Output.of(setAuthorityKeyId));
        }

        public Builder setSubjectKeyId(@Nullable Output<Boolean> setSubjectKeyId) {
            $.setSubjectKeyId = setSubjectKeyId;
            return this;
        }

        public Builder setSubjectKeyId(Boolean setSubjectKeyId) {
            return setSubjectKeyId(Output.of(setSubjectKeyId));
        }

        public Builder subject(@Nullable Output<CertSubjectArgs> subject) {
            $.subject = subject;
            return this;
        }

        public Builder subject(CertSubjectArgs subject) {
            return subject(Output.of(subject));
        }

        public Builder uris(@Nullable Output<List<String>> uris) {
            $.uris = uris;
            return this;
        }

        public Builder uris(List<String> uris) {
            return uris(Output.of(uris));
        }

        public Builder uris(String... uris) {
            return uris(List.of(uris));
        }

        public Builder validityPeriodHours(Output<Integer> validityPeriodHours) {
            $.validityPeriodHours = validityPeriodHours;
            return this;
        }

        public Builder validityPeriodHours(Integer validityPeriodHours) {
            return validityPeriodHours(Output.of(validityPeriodHours));
        }

        /** @throws com.pulumi.exceptions.MissingRequiredPropertyException naming the first unset required input */
        public SelfSignedCertArgs build() {
            PluginPackage.requireInput($.allowedUses, "SelfSignedCertArgs", "allowedUses");
            PluginPackage.requireInput($.privateKeyPem, "SelfSignedCertArgs", "privateKeyPem");
            PluginPackage.requireInput($.validityPeriodHours, "SelfSignedCertArgs", "validityPeriodHours");
            return new SelfSignedCertArgs($);
        }
    }
}
