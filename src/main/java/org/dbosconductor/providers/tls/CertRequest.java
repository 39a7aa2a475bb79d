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
 * {@code tls:index/certRequest:CertRequest}: a certificate signing request (CSR) in PEM format, to be
 * signed e.g. by a {@link LocallySignedCert}. {@link #privateKeyPem()} is secret.
 */
@ResourceType(type = CertRequest.TYPE)
public class CertRequest extends CustomResource {
    /** The provider's type token. */
    public static final String TYPE = "tls:index/certRequest:CertRequest";

    /** Outputs the provider schema marks {@code secret: true}. */
    static final List<String> SECRET_OUTPUTS = List.of("privateKeyPem");

    @Export(name = "certRequestPem", refs = {String.class}, tree = "[0]")
    private Output<String> certRequestPem;

    @Export(name = "dnsNames", refs = {List.class, String.class}, tree = "[0,1]")
    private Output</* @Nullable */ List<String>> dnsNames;

    @Export(name = "ipAddresses", refs = {List.class, String.class}, tree = "[0,1]")
    private Output</* @Nullable */ List<String>> ipAddresses;

    @Export(name = "keyAlgorithm", refs = {String.class}, tree = "[0]")
    private Output<String> keyAlgorithm;

    @Export(name = "privateKeyPem", refs = {String.class}, tree = "[0]")
    private Output<String> privateKeyPem;

    @Export(name = "subject", refs = {CertSubject.class}, tree = "[0]")
    private Output</* @Nullable */ CertSubject> subject;

    @Export(name = "uris", refs = {List.class, String.class}, tree = "[0,1]")
    private Output</* @Nullable */ List<String>> uris;

    /** The certificate request in PEM (RFC 1421) format. */
    public Output<String> certRequestPem() {
        return this.certRequestPem;
    }

    public Output<Optional<List<String>>> dnsNames() {
        return Codegen.optional(this.dnsNames);
    }

    public Output<Optional<List<String>>> ipAddresses() {
        return Codegen.optional(this.ipAddresses);
    }

    /** Algorithm of the private key the request was made with. */
    public Output<String> keyAlgorithm() {
        return this.keyAlgorithm;
    }

    /** The private key input as the provider stores it; always secret. */
    public Output<String> privateKeyPem() {
        return this.privateKeyPem.asSecret();
    }

    public Output<Optional<CertSubject>> subject() {
        return Codegen.optional(this.subject);
    }

    public Output<Optional<List<String>>> uris() {
        return Codegen.optional(this.uris);
    }

    /** @param name the unique name of the resource */
    public CertRequest(String name, CertRequestArgs args) {
        this(name, args, null);
    }

    /**
     * @param name    the unique name of the resource
     * @param args    the inputs; {@code privateKeyPem} is required
     * @param options options controlling the resource; the plugin version and secret outputs are merged in
     */
    public CertRequest(String name, CertRequestArgs args, @Nullable CustomResourceOptions options) {
        super(TYPE, name, PluginPackage.argsUnlessRehydrating(TYPE, args, options),
                TlsPlugin.PACKAGE.resourceOptions(options, Codegen.empty(), SECRET_OUTPUTS), false);
    }
}
