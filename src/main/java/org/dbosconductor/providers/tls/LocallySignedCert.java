package org.dbosconductor.providers.tls;

import com.pulumi.core.Output;
import com.pulumi.core.annotations.Export;
import com.pulumi.core.annotations.ResourceType;
import com.pulumi.core.internal.Codegen;
import com.pulumi.resources.CustomResource;
import com.pulumi.resources.CustomResourceOptions;

import org.dbosconductor.providers.Nullable;
import org.dbosconductor.providers.PluginPackage;

import java.util.List;

/**
 * {@code tls:index/locallySignedCert:LocallySignedCert}: a certificate in PEM format made from a
 * {@link CertRequest} and signed with a local CA (e.g. a {@link SelfSignedCert}). {@link #certPem()} is
 * public; {@link #caPrivateKeyPem()} is secret.
 */
@ResourceType(type = LocallySignedCert.TYPE)
public class LocallySignedCert extends CustomResource {
    /** The provider's type token. */
    public static final String TYPE = "tls:index/locallySignedCert:LocallySignedCert";

    /** Outputs the provider schema marks {@code secret: true}. */
    static final List<String> SECRET_OUTPUTS = List.of("caPrivateKeyPem");

    @Export(name = "allowedUses", refs = {List.class, String.class}, tree = "[0,1]")
    private Output<List<String>> allowedUses;

    @Export(name = "caCertPem", refs = {String.class}, tree = "[0]")
    private Output<String> caCertPem;

    @Export(name = "caKeyAlgorithm", refs = {String.class}, tree = "[0]")
    private Output<String> caKeyAlgorithm;

    @Export(name = "caPrivateKeyPem", refs = {String.class}, tree = "[0]")
    private Output<String> caPrivateKeyPem;

    @Export(name = "certPem", refs = {String.class}, tree = "[0]")
    private Output<String> certPem;

    @Export(name = "certRequestPem", refs = {String.class}, tree = "[0]")
    private Output<String> certRequestPem;

    @Export(name = "earlyRenewalHours", refs = {Integer.class}, tree = "[0]")
    private Output<Integer> earlyRenewalHours;

    @Export(name = "isCaCertificate", refs = {Boolean.class}, tree = "[0]")
    private Output<Boolean> isCaCertificate;

    @Export(name = "maxPathLength", refs = {Integer.class}, tree = "[0]")
    private Output<Integer> maxPathLength;

    @Export(name = "readyForRenewal", refs = {Boolean.class}, tree = "[0]")
    private Output<Boolean> readyForRenewal;

    @Export(name = "setSubjectKeyId", refs = {Boolean.class}, tree = "[0]")
    private Output<Boolean> setSubjectKeyId;

    @Export(name = "validityEndTime", refs = {String.class}, tree = "[0]")
    private Output<String> validityEndTime;

    @Export(name = "validityPeriodHours", refs = {Integer.class}, tree = "[0]")
    private Output<Integer> validityPeriodHours;

    @Export(name = "validityStartTime", refs = {String.class}, tree = "[0]")
    private Output<String> validityStartTime;

    public Output<List<String>> allowedUses() {
        return this.allowedUses;
    }

    public Output<String> caCertPem() {
        return this.caCertPem;
    }

    /** Algorithm of the CA private key. */
    public Output<String> caKeyAlgorithm() {
        return this.caKeyAlgorithm;
    }

    /** The CA private key input as the provider stores it; always secret. */
    public Output<String> caPrivateKeyPem() {
        return this.caPrivateKeyPem.asSecret();
    }

    /** The signed certificate in PEM (RFC 1421) format. */
    public Output<String> certPem() {
        return this.certPem;
    }

    public Output<String> certRequestPem() {
        return this.certRequestPem;
    }

    public Output<Integer> earlyRenewalHours() {
        return this.earlyRenewalHours;
    }

    public Output<Boolean> isCaCertificate() {
        return this.isCaCertificate;
    }

    public Output<Integer> maxPathLength() {
        return this.maxPathLength;
    }

    /** Whether the certificate is expired or within {@code earlyRenewalHours} of expiry. */
    public Output<Boolean> readyForRenewal() {
        return this.readyForRenewal;
    }

    public Output<Boolean> setSubjectKeyId() {
        return this.setSubjectKeyId;
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
    public LocallySignedCert(String name, LocallySignedCertArgs args) {
        this(name, args, null);
    }

    /**
     * @param name    the unique name of the resource
     * @param args    the inputs
     * @param options options controlling the resource; the plugin version and secret outputs are merged in
     */
    public LocallySignedCert(String name, LocallySignedCertArgs args, @Nullable CustomResourceOptions options) {
        super(TYPE, name, PluginPackage.argsUnlessRehydrating(TYPE, args, options),
                TlsPlugin.PACKAGE.resourceOptions(options, Codegen.empty(), SECRET_OUTPUTS), false);
    }
}
