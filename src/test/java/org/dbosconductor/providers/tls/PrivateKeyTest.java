package org.dbosconductor.providers.tls;

import com.pulumi.core.internal.Internal;
import com.pulumi.exceptions.MissingRequiredPropertyException;
import com.pulumi.test.PulumiTest;
import org.dbosconductor.providers.PluginManifest;
import org.dbosconductor.providers.RecordingMocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.dbosconductor.providers.RecordingMocks.isSecret;
import static org.dbosconductor.providers.RecordingMocks.valueOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrivateKeyTest {

    @AfterEach
    void cleanup() {
        PulumiTest.cleanup();
    }

    @Test
    void registersSchemaTokenAndInputNames() {
        var mocks = new RecordingMocks();
        PulumiTest.withMocks(mocks).runTest(ctx -> {
            new PrivateKey("rsa", PrivateKeyArgs.builder().algorithm("RSA").rsaBits(4096).build());
            new PrivateKey("ec", PrivateKeyArgs.builder().algorithm("ECDSA").ecdsaCurve("P256").build());
        }).throwOnError();

        var rsa = mocks.registration("rsa");
        assertEquals("tls:index/privateKey:PrivateKey", rsa.type);
        assertEquals(Map.of("algorithm", "RSA", "rsaBits", 4096), Map.of(
                "algorithm", rsa.inputs.get("algorithm"), "rsaBits", ((Number) rsa.inputs.get("rsaBits")).intValue()));
        assertEquals(Set.of("algorithm", "rsaBits"), rsa.inputs.keySet());
        assertEquals(Set.of("algorithm", "ecdsaCurve"), mocks.registration("ec").inputs.keySet());
        assertEquals("P256", mocks.registration("ec").inputs.get("ecdsaCurve"));
    }

    @Test
    void privateKeyEncodingsAreSecretPublicOnesAreNot() {
        var mocks = new RecordingMocks().withOutputs(PrivateKey.TYPE, Map.of(
                "privateKeyPem", "-----BEGIN RSA PRIVATE KEY-----",
                "privateKeyOpenssh", "-----BEGIN OPENSSH PRIVATE KEY-----",
                "privateKeyPemPkcs8", "-----BEGIN PRIVATE KEY-----",
                "publicKeyPem", "-----BEGIN PUBLIC KEY-----",
                "publicKeyOpenssh", "ssh-rsa AAAA",
                "publicKeyFingerprintMd5", "aa:bb",
                "publicKeyFingerprintSha256", "SHA256:xyz"));
        var key = new AtomicReference<PrivateKey>();
        PulumiTest.withMocks(mocks).runTest(ctx ->
                key.set(new PrivateKey("k", PrivateKeyArgs.builder().algorithm("RSA").build()))).throwOnError();

        var k = key.get();
        assertEquals("-----BEGIN RSA PRIVATE KEY-----", valueOf(k.privateKeyPem()));
        assertTrue(isSecret(k.privateKeyPem()), "privateKeyPem");
        assertTrue(isSecret(k.privateKeyOpenssh()), "privateKeyOpenssh");
        assertTrue(isSecret(k.privateKeyPemPkcs8()), "privateKeyPemPkcs8");

        assertEquals("-----BEGIN PUBLIC KEY-----", valueOf(k.publicKeyPem()));
        assertFalse(isSecret(k.publicKeyPem()), "publicKeyPem");
        assertEquals("ssh-rsa AAAA", valueOf(k.publicKeyOpenssh()));
        assertFalse(isSecret(k.publicKeyOpenssh()), "publicKeyOpenssh");
        assertEquals("aa:bb", valueOf(k.publicKeyFingerprintMd5()));
        assertFalse(isSecret(k.publicKeyFingerprintMd5()), "publicKeyFingerprintMd5");
        assertEquals("SHA256:xyz", valueOf(k.publicKeyFingerprintSha256()));
        assertFalse(isSecret(k.publicKeyFingerprintSha256()), "publicKeyFingerprintSha256");
        assertEquals("RSA", valueOf(k.algorithm()));
    }

    @Test
    void pluginVersionComesFromTheTlsManifest() {
        PluginManifest.assertMatches("tls", TlsPlugin.PACKAGE);
        var key = new AtomicReference<PrivateKey>();
        PulumiTest.withMocks(new RecordingMocks()).runTest(ctx ->
                key.set(new PrivateKey("k", PrivateKeyArgs.builder().algorithm("ED25519").build()))).throwOnError();
        assertEquals(TlsPlugin.PACKAGE.version(), Internal.from(key.get()).getVersion().orElseThrow());
        assertEquals(List.of("privateKeyOpenssh", "privateKeyPem", "privateKeyPemPkcs8"),
                PrivateKey.SECRET_OUTPUTS);
    }

    @Test
    void algorithmIsRequired() {
        var e = assertThrows(MissingRequiredPropertyException.class, () -> PrivateKeyArgs.builder().rsaBits(2048).build());
        assertTrue(e.getMessage().contains("algorithm"), e.getMessage());
    }
}
