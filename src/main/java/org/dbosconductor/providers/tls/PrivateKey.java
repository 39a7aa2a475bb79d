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
 * {@code tls:index/privateKey:PrivateKey}: a private key (RSA, ECDSA or ED25519) and its public key in
 * several encodings. The private key encodings are secret; the public ones and fingerprints are not.
 */
@ResourceType(type = PrivateKey.TYPE)
public class PrivateKey extends CustomResource {
    /** The provider's type token. */
    public static final String TYPE = "tls:index/privateKey:PrivateKey";

    /** Outputs the provider schema marks {@code secret: true}. */
    static final List<String> SECRET_OUTPUTS = List.of("privateKeyOpenssh", "privateKeyPem", "privateKeyPemPkcs8");

    @Export(name = "algorithm", refs = {String.class}, tree = "[0]")
    private Output<String> algorithm;

    @Export(name = "ecdsaCurve", refs = {String.class}, tree = "[0]")
    private Output<String> ecdsaCurve;

    @Export(name = "privateKeyOpenssh", refs = {String.class}, tree = "[0]")
    private Output<String> privateKeyOpenssh;

    @Export(name = "privateKeyPem", refs = {String.class}, tree = "[0]")
    private Output<String> privateKeyPem;

    @Export(name = "privateKeyPemPkcs8", refs = {String.class}, tree = "[0]")
    private Output<String> privateKeyPemPkcs8;

    @Export(name = "publicKeyFingerprintMd5", refs = {String.class}, tree = "[0]")
    private Output<String> publicKeyFingerprintMd5;

    @Export(name = "publicKeyFingerprintSha256", refs = {String.class}, tree = "[0]")
    private Output<String> publicKeyFingerprintSha256;

    @Export(name = "publicKeyOpenssh", refs = {String.class}, tree = "[0]")
    private Output<String> publicKeyOpenssh;

    @Export(name = "publicKeyPem", refs = {String.class}, tree = "[0]")
    private Output<String> publicKeyPem;

    @Export(name = "rsaBits", refs = {Integer.class}, tree = "[0]")
    private Output<Integer> rsaBits;

    public Output<String> algorithm() {
        return this.algorithm;
    }

    public Output<String> ecdsaCurve() {
        return this.ecdsaCurve;
    }

    /** Private key in OpenSSH PEM (RFC 4716) format; always secret. */
    public Output<String> privateKeyOpenssh() {
        return this.privateKeyOpenssh.asSecret();
    }

    /** Private key in PEM (RFC 1421) format; always secret. */
    public Output<String> privateKeyPem() {
        return this.privateKeyPem.asSecret();
    }

    /** Private key in PKCS#8 PEM (RFC 5208) format; always secret. */
    public Output<String> privateKeyPemPkcs8() {
        return this.privateKeyPemPkcs8.asSecret();
    }

    /** OpenSSH MD5 fingerprint of the public key ({@code aa:bb:...}); empty where the key type has none. */
    public Output<String> publicKeyFingerprintMd5() {
        return this.publicKeyFingerprintMd5;
    }

    /** OpenSSH SHA256 fingerprint of the public key ({@code SHA256:...}). */
    public Output<String> publicKeyFingerprintSha256() {
        return this.publicKeyFingerprintSha256;
    }

    /** Public key in OpenSSH "authorized keys" format. */
    public Output<String> publicKeyOpenssh() {
        return this.publicKeyOpenssh;
    }

    /** Public key in PEM (RFC 1421) format. */
    public Output<String> publicKeyPem() {
        return this.publicKeyPem;
    }

    public Output<Integer> rsaBits() {
        return this.rsaBits;
    }

    /** @param name the unique name of the resource */
    public PrivateKey(String name, PrivateKeyArgs args) {
        this(name, args, null);
    }

    /**
     * @param name    the unique name of the resource
     * @param args    the inputs; {@code algorithm} is required
     * @param options options controlling the resource; the plugin version and secret outputs are merged in
     */
    public PrivateKey(String name, PrivateKeyArgs args, @Nullable CustomResourceOptions options) {
        super(TYPE, name, PluginPackage.argsUnlessRehydrating(TYPE, args, options),
                TlsPlugin.PACKAGE.resourceOptions(options, Codegen.empty(), SECRET_OUTPUTS), false);
    }
}
