package org.dbosconductor.providers.tls;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.core.annotations.ResourceType;
import com.pulumi.core.internal.Codegen;
import com.pulumi.resources.CustomResource;
import com.pulumi.resources.CustomResourceOptions;

import org.dbosconductor.providers.Nullable;
import org.dbosconductor.providers.PluginPackage;
import org.dbosconductor.providers.tls.outputs.CertSubject;

import java.util.List;
import java.util.Optional;

/**
 * {@code tls:index/selfSignedCert:SelfSignedCert}: a self-signed certificate in PEM format, e.g. a
 * private CA. {@link #certPem()} is public; {@link #privateKeyPem()} (the provider keeps only a hash of
 * the key) is secret.
 */
@ResourceType(type = SelfSignedCert.TYPE)
public class SelfSignedCert extends CustomResource {
    /** The provider's type token. */
    public static final String TYPE = "tls:index/selfSignedCert:SelfSignedCert";

    /** Outputs the provider schema marks {@code secret: true}. */
    static final List<String> SECRET_OUTPUTS = List.of("privateKeyPem");

    @Export(name = "allowedUses", refs = {List.class, String.class}, tree = "[0,1]")
    private Output<List<String>> allowedUses;

    @Export(name = "certPem", refs = {String.class}, tree = "[0]")
    private Output<String> certPem;

    @Export(name = "dnsNames", refs = {List.class, String.class}, tree = "[0,1]")
    private Output</* @Nullable */ List<String>> dnsNames;

    @Export(name = "earlyRenewalHours", refs = {Integer.class}, tree = "[0]")
    private Output<Integer> earlyRenewalHours;

    @Export(name = "ipAddresses", refs = {List.class, String.class}, tree = "[0,1]")
    private Output</* @Nullable */ List<String>> ipAddresses;

    @Export(name = "isCaCertificate", refs = {Boolean.class}, tree = "[0]")
    private Output<Boolean> isCaCertificate;

    @Export(name = "keyAlgorithm", refs = {String.class}, tree = "[0]")
    private Output<String> keyAlgorithm;

    @Export(name = "maxPathLength", refs = {Integer.class}, tree = "[0]")
    private Output<Integer> maxPathLength;

    @Export(name = "privateKeyPem", refs = {String.class}, tree = "[0]")
    private Output<String> privateKeyPem;

    @Export(name = "readyForRenewal", refs = {Boolean.class}, tree = "[0]")
    private Output<Boolean> readyForRenewal;

    @Export(name = "setAuthorityKeyId", refs = {Boolean.class}, tree = "[0]")
    private Output<Boolean> setAuthorityKeyId;

    @Export(name = "setSubjectKeyId", refs = {Boolean.class}, tree = "[0]")
    private Output<Boolean> setSubjectKeyId;

    @Export(name = "subject", refs = {CertSubject.class}, tree = "[0]")
    private Output</* @Nullable */ CertSubject> subject;

    @Export(name = "uris", refs = {List.class, String.class}, tree = "[0,1]")
    private Output</* @Nullable */ List<String>> uris;

    @Export(name = "validityEndTime", refs = {String.class}, tree = "[0]")
    private Output<String> validityEndTime;

    @Export(name = "validityPeriodHours", refs = {Integer.class}, tree = "[0]")
    private Output<Integer> validityPeriodHours;

    @Export(name = "validityStartTime", refs = {String.class}, tree = "[0]")
    private Output<String> validityStartTime;

    public Output<List<String>> allowedUses() {
        return this.allowedUses;
    }

    /** The certificate in PEM (RFC 1421) format. */
    public Output<String> certPem() {
        return this.certPem;
    }

    public Output<Optional<List<String>>> dnsNames() {
        return Codegen.optional(this.dnsNames);
    }

    public Output<Integer> earlyRenewalHours() {
        return this.earlyRenewalHours;
    }

    public Output<Optional<List<String>>> ipAddresses() {
        return Codegen.optional(this.ipAddresses);
    }

    public Output<Boolean> isCaCertificate() {
        return this.isCaCertificate;
    }

    /** Algorithm of the private key the certificate was made with. */
    public Output<String> keyAlgorithm() {
        return this.keyAlgorithm;
    }

    public Output<Integer> maxPathLength() {
        return this.maxPathLength;
    }

    /** The private key input as the provider stores it; always secret. */
    public Output<String> privateKeyPem() {
        return this.privateKeyPem.asSecret();
    }

    /** Whether the certificate is expired or within {@code earlyRenewalHours} of expiry. */
    public Output<Boolean> readyForRenewal() {
        return this.readyForRenewal;
    }

    public Output<Boolean> setAuthorityKeyId() {
        return this.setAuthorityKeyId;
    }

    public Output<Boolean> setSubjectKeyId() {
        return this.setSubjectKeyId;
    }

    public Output<Optional<CertSubject>> subject() {
        return Codegen.optional(this.subject);
    }

    public Output<Optional<List<String>>> uris() {
        return Codegen.optional(this.uris);
    }

    /** End of validity, RFC 3339 timestamp. */
    public Output<String> validityEndTime() {
        return this.validityEndTime;
    }

    public Output<Integer> validityPeriodHours() {
        return this.validityPeriodHours;
    }

    /** Start of validity, RFC 3339 timestamp. */
    public Output<String> validityStartTime() {
        return this.validityStartTime;
    }

    /** @param name the unique name of the resource */
    public SelfSignedCert(String name, SelfSignedCertArgs args) {
        this(name, args, null);
    }

    /**
     * @param name    the unique name of the resource
     * @param args    the inputs
     * @param options options controlling the resource; the plugin version and secret outputs are merged in
     */
    public SelfSignedCert(String name, SelfSignedCertArgs args, @Nullable CustomResourceOptions options) {
        super(TYPE, name, PluginPackage.argsUnlessRehydrating(TYPE, args, options),
                TlsPlugin.PACKAGE.resourceOptions(options, Codegen.empty(), SECRET_OUTPUTS), false);
    }
}
