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
 * Inputs of {@code tls:index/certRequest:CertRequest}, named as in the provider schema.
 * Required: {@code privateKeyPem} (a secret input).
 */
public final class CertRequestArgs extends ResourceArgs {

    /** DNS names the certificate is requested for. */
    @Import(name = "dnsNames")
    private @Nullable Output<List<String>> dnsNames;

    /** IP addresses the certificate is requested for. */
    @Import(name = "ipAddresses")
    private @Nullable Output<List<String>> ipAddresses;

    /** Private key (PEM, RFC 1421) the certificate will belong to; always sent as a secret. */
    @Import(name = "privateKeyPem", required = true)
    private Output<String> privateKeyPem;

    /** The subject the certificate is requested for. */
    @Import(name = "subject")
    private @Nullable Output<CertSubjectArgs> subject;

    /** URIs the certificate is requested for. */
    @Import(name = "uris")
    private @Nullable Output<List<String>> uris;

    private CertRequestArgs() {
    }

    private CertRequestArgs(CertRequestArgs $) {
        this.dnsNames = $.dnsNames;
        this.ipAddresses = $.ipAddresses;
        this.privateKeyPem = $.privateKeyPem;
        this.subject = $.subject;
        this.uris = $.uris;
    }

    public Optional<Output<List<String>>> dnsNames() {
        return Optional.ofNullable(dnsNames);
    }

    public Optional<Output<List<String>>> ipAddresses() {
        return Optional.ofNullable(ipAddresses);
    }

    public Output<String> privateKeyPem() {
        return privateKeyPem;
    }

    public Optional<Output<CertSubjectArgs>> subject() {
        return Optional.ofNullable(subject);
    }

    public Optional<Output<List<String>>> uris() {
        return Optional.ofNullable(uris);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static Builder builder(CertRequestArgs defaults) {
        return new Builder(defaults);
    }

    public static final class Builder {
        private final CertRequestArgs $;

        public Builder() {
            $ = new CertRequestArgs();
        }

        public Builder(CertRequestArgs defaults) {
            $ = new CertRequestArgs(Objects.requireNonNull(defaults));
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

        /** The private key; marked secret here, as the provider schema marks this input secret. */
        public Builder privateKeyPem(Output<String> privateKeyPem) {
            $.privateKeyPem = privateKeyPem == null ? null : privateKeyPem.asSecret();
            return this;
        }

        public Builder privateKeyPem(String privateKeyPem) {
            return privateKeyPem(Output.of(privateKeyPem));
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

        /** @throws com.pulumi.exceptions.MissingRequiredPropertyException if {@code privateKeyPem} is unset */
        public CertRequestArgs build() {
            PluginPackage.requireInput($.privateKeyPem, "CertRequestArgs", "privateKeyPem");
            return new CertRequestArgs($);
        }
    }
}
