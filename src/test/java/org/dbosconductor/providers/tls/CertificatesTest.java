package org.dbosconductor.providers.tls;

import com.pulumi.core.Output;
import com.pulumi.core.internal.Internal;
import com.pulumi.exceptions.MissingRequiredPropertyException;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.test.PulumiTest;
import org.dbosconductor.providers.RecordingMocks;
import org.dbosconductor.providers.tls.inputs.CertSubjectArgs;
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

/** SelfSignedCert, CertRequest and LocallySignedCert: a small private CA signing a server certificate. */
class CertificatesTest {
    private static final String CA_KEY = "-----BEGIN EC PRIVATE KEY----- ca";
    private static final String SERVER_KEY = "-----BEGIN EC PRIVATE KEY----- server";

    @AfterEach
    void cleanup() {
        PulumiTest.cleanup();
    }

    private static CertSubjectArgs fullSubject() {
        return CertSubjectArgs.builder()
                .commonName("conductor.internal")
                .organization("DBOS")
                .organizationalUnit("platform")
                .country("US")
                .province("CA")
                .locality("SF")
                .postalCode("94000")
                .streetAddresses("1 Main St")
                .serialNumber("42")
                .emailAddress("ops@example.com")
                .build();
    }

    private static final class Chain {
        SelfSignedCert ca;
        CertRequest csr;
        LocallySignedCert server;
    }

    private static Chain buildChain(RecordingMocks mocks) {
        var chain = new Chain();
        PulumiTest.withMocks(mocks).runTest(ctx -> {
            chain.ca = new SelfSignedCert("ca", SelfSignedCertArgs.builder()
                    .privateKeyPem(CA_KEY)
                    .subject(fullSubject())
                    .isCaCertificate(true)
                    .setSubjectKeyId(true)
                    .setAuthorityKeyId(true)
                    .maxPathLength(0)
                    .validityPeriodHours(87600)
                    .earlyRenewalHours(720)
                    .allowedUses("cert_signing", "crl_signing")
                    .dnsNames("ca.internal")
                    .ipAddresses("10.0.0.1")
                    .uris("spiffe://ca")
                    .build());
            chain.csr = new CertRequest("server-csr", CertRequestArgs.builder()
                    .privateKeyPem(SERVER_KEY)
                    .subject(CertSubjectArgs.builder().commonName("conductor").build())
                    .dnsNames("conductor.internal", "conductor")
                    .ipAddresses("10.0.0.2")
                    .uris("spiffe://conductor")
                    .build());
            chain.server = new LocallySignedCert("server", LocallySignedCertArgs.builder()
                    .certRequestPem(chain.csr.certRequestPem())
                    .caPrivateKeyPem(Output.of(CA_KEY))
                    .caCertPem(chain.ca.certPem())
                    .validityPeriodHours(8760)
                    .earlyRenewalHours(168)
                    .isCaCertificate(false)
                    .maxPathLength(-1)
                    .setSubjectKeyId(true)
                    .allowedUses("key_encipherment", "digital_signature", "server_auth")
                    .build(), CustomResourceOptions.builder().additionalSecretOutputs("certRequestPem").build());
        }).throwOnError();
        return chain;
    }

    private static RecordingMocks mocksWithProviderOutputs() {
        return new RecordingMocks()
                .withOutputs(SelfSignedCert.TYPE, Map.of("certPem", "-----BEGIN CERTIFICATE----- ca",
                        "keyAlgorithm", "ECDSA", "readyForRenewal", false,
                        "validityStartTime", "2026-01-01T00:00:00Z", "validityEndTime", "2036-01-01T00:00:00Z"))
                .withOutputs(CertRequest.TYPE, Map.of("certRequestPem", "-----BEGIN CERTIFICATE REQUEST-----",
                        "keyAlgorithm", "ECDSA"))
                .withOutputs(LocallySignedCert.TYPE, Map.of("certPem", "-----BEGIN CERTIFICATE----- server",
                        "caKeyAlgorithm", "ECDSA", "readyForRenewal", true,
                        "validityStartTime", "2026-01-01T00:00:00Z", "validityEndTime", "2027-01-01T00:00:00Z"));
    }

    @Test
    void selfSignedCertSendsSchemaNamesIncludingTheSubjectObject() {
        var mocks = mocksWithProviderOutputs();
        buildChain(mocks);
        var ca = mocks.registration("ca");
        assertEquals("tls:index/selfSignedCert:SelfSignedCert", ca.type);
        assertEquals(Set.of("privateKeyPem", "subject", "isCaCertificate", "setSubjectKeyId", "setAuthorityKeyId",
                "maxPathLength", "validityPeriodHours", "earlyRenewalHours", "allowedUses", "dnsNames",
                "ipAddresses", "uris"), ca.inputs.keySet());
        assertEquals(List.of("cert_signing", "crl_signing"), ca.inputs.get("allowedUses"));
        assertEquals(87600, ((Number) ca.inputs.get("validityPeriodHours")).intValue());
        assertEquals(CA_KEY, ca.inputs.get("privateKeyPem"));

        @SuppressWarnings("unchecked")
        var subject = (Map<String, Object>) ca.inputs.get("subject");
        assertEquals(Set.of("commonName", "organization", "organizationalUnit", "country", "province", "locality",
                "postalCode", "streetAddresses", "serialNumber", "emailAddress"), subject.keySet());
        assertEquals("conductor.internal", subject.get("commonName"));
        assertEquals(List.of("1 Main St"), subject.get("streetAddresses"));
    }

    @Test
    void certRequestAndLocallySignedCertSendSchemaNames() {
        var mocks = mocksWithProviderOutputs();
        buildChain(mocks);

        var csr = mocks.registration("server-csr");
        assertEquals("tls:index/certRequest:CertRequest", csr.type);
        assertEquals(Set.of("privateKeyPem", "subject", "dnsNames", "ipAddresses", "uris"), csr.inputs.keySet());
        assertEquals(List.of("conductor.internal", "conductor"), csr.inputs.get("dnsNames"));

        var server = mocks.registration("server");
        assertEquals("tls:index/locallySignedCert:LocallySignedCert", server.type);
        assertEquals(Set.of("certRequestPem", "caPrivateKeyPem", "caCertPem", "validityPeriodHours",
                "earlyRenewalHours", "isCaCertificate", "maxPathLength", "setSubjectKeyId", "allowedUses"),
                server.inputs.keySet());
        assertEquals("-----BEGIN CERTIFICATE REQUEST-----", server.inputs.get("certRequestPem"));
        assertEquals("-----BEGIN CERTIFICATE----- ca", server.inputs.get("caCertPem"));
        assertEquals(CA_KEY, server.inputs.get("caPrivateKeyPem"));
    }

    @Test
    void certificatesArePublicPrivateKeysAreSecret() {
        var chain = buildChain(mocksWithProviderOutputs());

        assertEquals("-----BEGIN CERTIFICATE----- ca", valueOf(chain.ca.certPem()));
        assertFalse(isSecret(chain.ca.certPem()), "self-signed certPem is public");
        assertTrue(isSecret(chain.ca.privateKeyPem()), "self-signed privateKeyPem is secret");

        assertEquals("-----BEGIN CERTIFICATE REQUEST-----", valueOf(chain.csr.certRequestPem()));
        assertFalse(isSecret(chain.csr.certRequestPem()), "certRequestPem is public");
        assertTrue(isSecret(chain.csr.privateKeyPem()), "cert request privateKeyPem is secret");

        assertEquals("-----BEGIN CERTIFICATE----- server", valueOf(chain.server.certPem()));
        assertFalse(isSecret(chain.server.certPem()), "locally signed certPem is public");
        assertTrue(isSecret(chain.server.caPrivateKeyPem()), "caPrivateKeyPem is secret");
    }

    @Test
    void computedOutputsDeserialize() {
        var chain = buildChain(mocksWithProviderOutputs());
        assertEquals("2036-01-01T00:00:00Z", valueOf(chain.ca.validityEndTime()));
        assertEquals("2026-01-01T00:00:00Z", valueOf(chain.ca.validityStartTime()));
        assertEquals(false, valueOf(chain.ca.readyForRenewal()));
        assertEquals("ECDSA", valueOf(chain.ca.keyAlgorithm()));
        assertEquals(List.of("cert_signing", "crl_signing"), valueOf(chain.ca.allowedUses()));
        var subject = valueOf(chain.ca.subject()).orElseThrow();
        assertEquals("conductor.internal", subject.commonName().orElseThrow());
        assertEquals("ops@example.com", subject.emailAddress().orElseThrow());
        assertEquals(List.of("1 Main St"), subject.streetAddresses());

        assertEquals(true, valueOf(chain.server.readyForRenewal()));
        assertEquals("2027-01-01T00:00:00Z", valueOf(chain.server.validityEndTime()));
        assertEquals("ECDSA", valueOf(chain.server.caKeyAlgorithm()));
        assertEquals("ECDSA", valueOf(chain.csr.keyAlgorithm()));
    }

    @Test
    void secretPrivateKeyInputsAreSecretBeforeTheyLeaveTheProgram() {
        var selfSigned = SelfSignedCertArgs.builder().privateKeyPem(CA_KEY).validityPeriodHours(1)
                .allowedUses("cert_signing").build();
        assertTrue(isSecret(selfSigned.privateKeyPem()));
        var csr = CertRequestArgs.builder().privateKeyPem(Output.of(SERVER_KEY)).build();
        assertTrue(isSecret(csr.privateKeyPem()));
        var signed = LocallySignedCertArgs.builder().caPrivateKeyPem(CA_KEY).caCertPem("c").certRequestPem("r")
                .validityPeriodHours(1).allowedUses("server_auth").build();
        assertTrue(isSecret(signed.caPrivateKeyPem()));
        assertFalse(isSecret(signed.caCertPem()), "the CA certificate is public");
    }

    @Test
    void pluginVersionAndSecretOutputsReachEveryCertificateResource() {
        var chain = buildChain(mocksWithProviderOutputs());
        var version = TlsPlugin.PACKAGE.version();
        assertEquals(version, Internal.from(chain.ca).getVersion().orElseThrow());
        assertEquals(version, Internal.from(chain.csr).getVersion().orElseThrow());
        assertEquals(version, Internal.from(chain.server).getVersion().orElseThrow());

        var merged = TlsPlugin.PACKAGE.resourceOptions(
                CustomResourceOptions.builder().additionalSecretOutputs("certRequestPem").build(), null,
                LocallySignedCert.SECRET_OUTPUTS);
        assertTrue(merged.getAdditionalSecretOutputs().containsAll(List.of("caPrivateKeyPem", "certRequestPem")),
                merged.getAdditionalSecretOutputs().toString());
        assertEquals(List.of("privateKeyPem"), SelfSignedCert.SECRET_OUTPUTS);
        assertEquals(List.of("privateKeyPem"), CertRequest.SECRET_OUTPUTS);
    }

    @Test
    void requiredInputsAreEnforcedByTheBuilders() {
        var e1 = assertThrows(MissingRequiredPropertyException.class, () -> SelfSignedCertArgs.builder()
                .privateKeyPem("k").allowedUses("cert_signing").build());
        assertTrue(e1.getMessage().contains("validityPeriodHours"), e1.getMessage());
        var e2 = assertThrows(MissingRequiredPropertyException.class, () -> CertRequestArgs.builder()
                .dnsNames("a").build());
        assertTrue(e2.getMessage().contains("privateKeyPem"), e2.getMessage());
        var e3 = assertThrows(MissingRequiredPropertyException.class, () -> LocallySignedCertArgs.builder()
                .caCertPem("c").caPrivateKeyPem("k").validityPeriodHours(1).allowedUses("server_auth").build());
        assertTrue(e3.getMessage().contains("certRequestPem"), e3.getMessage());
    }
}
