package org.dbosconductor.edge;

import com.pulumi.aws.route53.Record;
import com.pulumi.aws.route53.RecordArgs;
import com.pulumi.core.Output;
import com.pulumi.kubernetes.Provider;
import com.pulumi.kubernetes.core.v1.Secret;
import com.pulumi.kubernetes.core.v1.SecretArgs;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.kubernetes.networking.v1.Ingress;
import com.pulumi.kubernetes.networking.v1.IngressArgs;
import com.pulumi.kubernetes.networking.v1.inputs.HTTPIngressPathArgs;
import com.pulumi.kubernetes.networking.v1.inputs.HTTPIngressRuleValueArgs;
import com.pulumi.kubernetes.networking.v1.inputs.IngressBackendArgs;
import com.pulumi.kubernetes.networking.v1.inputs.IngressRuleArgs;
import com.pulumi.kubernetes.networking.v1.inputs.IngressServiceBackendArgs;
import com.pulumi.kubernetes.networking.v1.inputs.IngressSpecArgs;
import com.pulumi.kubernetes.networking.v1.inputs.IngressTLSArgs;
import com.pulumi.kubernetes.networking.v1.inputs.ServiceBackendPortArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.ResourceArgs;
import org.dbosconductor.addons.AddOnCharts;
import org.dbosconductor.addons.HelmAddOn;
import org.dbosconductor.config.EdgeConfig;
import org.dbosconductor.config.StackConfig;
import org.dbosconductor.providers.kubernetes.CustomResource;
import org.dbosconductor.providers.kubernetes.CustomResourceArgs;
import org.dbosconductor.providers.tls.CertRequest;
import org.dbosconductor.providers.tls.CertRequestArgs;
import org.dbosconductor.providers.tls.LocallySignedCert;
import org.dbosconductor.providers.tls.LocallySignedCertArgs;
import org.dbosconductor.providers.tls.PrivateKey;
import org.dbosconductor.providers.tls.PrivateKeyArgs;
import org.dbosconductor.providers.tls.SelfSignedCert;
import org.dbosconductor.providers.tls.SelfSignedCertArgs;
import org.dbosconductor.providers.tls.inputs.CertSubjectArgs;
import org.dbosconductor.support.KubernetesLabels;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the outside world reaches the stack: TLS for the load balancer's hostname (a private CA made
 * here) or for a custom domain (Let's Encrypt through cert-manager), the Ingress built from the
 * {@link RoutingTable}, and in domain mode the Route 53 records. Everything is named after the
 * hostname the ingress controller's load balancer got; nothing is typed in.
 */
public final class Edge extends ComponentResource {
    public static final String TLS_SECRET = "dbos-tls";
    public static final String INGRESS_NAME = "dbos-ingress";
    public static final String CLUSTER_ISSUER = "letsencrypt-prod";
    public static final String ACME_SERVER = "https://acme-v02.api.letsencrypt.org/directory";

    public final Output<PublicEndpoints> endpoints;
    /** The private CA clients must trust (default mode only). */
    public final Optional<Output<String>> caCertificatePem;

    public Edge(String name, StackConfig stack, Output<String> elbHostname, Output<String> namespace, Provider kubernetes,
                Optional<HelmAddOn> certManager, ComponentResourceOptions options) {
        super("dbos-conductor:edge:Edge", name, ResourceArgs.Empty, options);
        EdgeConfig config = stack.edge();
        var k8s = CustomResourceOptions.builder().parent(this).provider(kubernetes).build();
        if (config.domainMode()) {
            String domain = config.domain().orElseThrow();
            this.endpoints = Output.of(PublicEndpoints.hostBased(domain));
            this.caCertificatePem = Optional.empty();
            HelmAddOn issuerChart = certManager.orElseThrow(() -> new IllegalStateException("domain mode needs cert-manager"));
            var issuer = new CustomResource(name + "-cluster-issuer", CustomResourceArgs.builder()
                    .apiVersion("cert-manager.io/v1")
                    .kind("ClusterIssuer")
                    .metadata(ObjectMetaArgs.builder().name(CLUSTER_ISSUER).labels(labels("cluster-issuer")).build())
                    .spec(Map.of("acme", Map.of(
                            "server", ACME_SERVER,
                            "email", config.acmeEmail().orElseThrow(),
                            "privateKeySecretRef", Map.of("name", CLUSTER_ISSUER + "-account-key"),
                            "solvers", List.of(Map.of("http01", Map.of("ingress", Map.of("ingressClassName", AddOnCharts.INGRESS_CLASS)))))))
                    .build(), CustomResourceOptions.builder().parent(this).provider(kubernetes).dependsOn(issuerChart.release).build());
            Output<String> issuerName = issuer.metadata().applyValue(m -> m.name().orElseThrow());
            hostBasedIngress(name, domain, namespace, issuerName, k8s);
            config.hostedZoneId().ifPresent(zone -> {
                for (String host : PublicEndpoints.hostBased(domain).hosts()) {
                    new Record(name + "-dns-" + host.substring(0, host.indexOf('.')), RecordArgs.builder()
                            .zoneId(zone)
                            .name(host)
                            .type("CNAME")
                            .ttl(300)
                            .records(elbHostname.applyValue(List::of))
                            .build(), CustomResourceOptions.builder().parent(this).build());
                }
            });
        } else {
            this.endpoints = elbHostname.applyValue(PublicEndpoints::pathBased);
            var ca = privateCa(name, stack);
            this.caCertificatePem = Optional.of(ca.certPem());
            Output<String> tlsSecretName = serverCertificate(name, stack, elbHostname, ca, namespace, k8s);
            pathBasedIngress(name, elbHostname, namespace, tlsSecretName, k8s);
        }
        var outputs = new HashMap<String, Output<?>>();
        outputs.put("consoleUrl", endpoints.applyValue(PublicEndpoints::consoleUrl));
        outputs.put("dexIssuer", endpoints.applyValue(PublicEndpoints::dexIssuer));
        caCertificatePem.ifPresent(pem -> outputs.put("caCertificatePem", pem));
        registerOutputs(outputs);
    }

    private record Ca(PrivateKey key, SelfSignedCert certificate) {
        Output<String> certPem() {
            return certificate.certPem();
        }
    }

    private Ca privateCa(String name, StackConfig stack) {
        var child = CustomResourceOptions.builder().parent(this).build();
        var key = new PrivateKey(name + "-ca-key", PrivateKeyArgs.builder().algorithm("ECDSA").ecdsaCurve("P256").build(), child);
        var certificate = new SelfSignedCert(name + "-ca-cert", SelfSignedCertArgs.builder()
                .privateKeyPem(key.privateKeyPem())
                .isCaCertificate(true)
                .subject(CertSubjectArgs.builder()
                        .commonName(stack.clusterName() + " private CA")
                        .organization(stack.project())
                        .build())
                .validityPeriodHours(stack.edge().tlsCaValidityHours())
                .allowedUses("cert_signing", "crl_signing", "digital_signature")
                .build(), CustomResourceOptions.builder().parent(key).build());
        return new Ca(key, certificate);
    }

    /** The load balancer's certificate, signed by the private CA, as the {@code kubernetes.io/tls} Secret the Ingress serves. */
    private Output<String> serverCertificate(String name, StackConfig stack, Output<String> host, Ca ca,
                                             Output<String> namespace, CustomResourceOptions k8s) {
        EdgeConfig config = stack.edge();
        var child = CustomResourceOptions.builder().parent(this).build();
        var key = new PrivateKey(name + "-server-key", PrivateKeyArgs.builder().algorithm("ECDSA").ecdsaCurve("P256").build(), child);
        var request = new CertRequest(name + "-server-csr", CertRequestArgs.builder()
                .privateKeyPem(key.privateKeyPem())
                .dnsNames(host.applyValue(List::of))
                .subject(host.applyValue(h -> CertSubjectArgs.builder()
                        .commonName(PublicEndpoints.commonName(h, stack.clusterName()))
                        .organization(stack.project())
                        .build()))
                .build(), CustomResourceOptions.builder().parent(key).build());
        var certificate = new LocallySignedCert(name + "-server-cert", LocallySignedCertArgs.builder()
                .certRequestPem(request.certRequestPem())
                .caPrivateKeyPem(ca.key().privateKeyPem())
                .caCertPem(ca.certPem())
                .validityPeriodHours(config.tlsValidityHours())
                .earlyRenewalHours(config.tlsEarlyRenewalHours())
                .allowedUses("digital_signature", "key_encipherment", "server_auth")
                .build(), CustomResourceOptions.builder().parent(key).build());
        var secret = new Secret(name + "-tls-secret", SecretArgs.builder()
                .metadata(namespace.applyValue(ns -> ObjectMetaArgs.builder()
                        .name(TLS_SECRET).namespace(ns).labels(labels("tls")).build()))
                .type("kubernetes.io/tls")
                .stringData(Output.tuple(certificate.certPem(), ca.certPem(), key.privateKeyPem()).applyValue(t -> Map.of(
                        // The chain: clients that trust the CA can verify the server certificate from this alone.
                        "tls.crt", t.t1 + t.t2,
                        "tls.key", t.t3,
                        "ca.crt", t.t2)))
                .build(), k8s);
        return secret.metadata().applyValue(m -> m.name().orElseThrow());
    }

    private void pathBasedIngress(String name, Output<String> host, Output<String> namespace, Output<String> tlsSecret,
                                  CustomResourceOptions k8s) {
        var annotations = new HashMap<>(timeoutAnnotations());
        annotations.put("nginx.ingress.kubernetes.io/use-regex", "true");
        annotations.put("nginx.ingress.kubernetes.io/rewrite-target", RoutingTable.REWRITE_TARGET);
        List<HTTPIngressPathArgs> paths = RoutingTable.pathBased().stream()
                .map(route -> path(route.path(), "ImplementationSpecific", route.backend()))
                .toList();
        new Ingress(name + "-ingress", IngressArgs.builder()
                .metadata(namespace.applyValue(ns -> ingressMetadata(ns, annotations)))
                .spec(Output.tuple(host, tlsSecret).applyValue(t -> IngressSpecArgs.builder()
                        .ingressClassName(AddOnCharts.INGRESS_CLASS)
                        .tls(IngressTLSArgs.builder().hosts(t.t1).secretName(t.t2).build())
                        .rules(IngressRuleArgs.builder()
                                .host(t.t1)
                                .http(HTTPIngressRuleValueArgs.builder().paths(paths).build())
                                .build())
                        .build()))
                .build(), k8s);
    }

    private void hostBasedIngress(String name, String domain, Output<String> namespace, Output<String> issuerName,
                                  CustomResourceOptions k8s) {
        List<IngressRuleArgs> rules = RoutingTable.hostBased().stream()
                .map(backend -> IngressRuleArgs.builder()
                        .host(RoutingTable.host(backend, domain))
                        .http(HTTPIngressRuleValueArgs.builder().paths(path("/", "Prefix", backend)).build())
                        .build())
                .toList();
        new Ingress(name + "-ingress", IngressArgs.builder()
                .metadata(Output.tuple(namespace, issuerName).applyValue(t -> {
                    var annotations = new HashMap<>(timeoutAnnotations());
                    annotations.put("cert-manager.io/cluster-issuer", t.t2);
                    return ingressMetadata(t.t1, annotations);
                }))
                .spec(IngressSpecArgs.builder()
                        .ingressClassName(AddOnCharts.INGRESS_CLASS)
                        .tls(IngressTLSArgs.builder().hosts(PublicEndpoints.hostBased(domain).hosts()).secretName(TLS_SECRET).build())
                        .rules(rules)
                        .build())
                .build(), k8s);
    }

    /** The seed's WebSocket timeouts: nginx keeps Conductor's idle connections for an hour. */
    private static Map<String, String> timeoutAnnotations() {
        return Map.of(
                "nginx.ingress.kubernetes.io/proxy-read-timeout", AddOnCharts.WEBSOCKET_TIMEOUT_SECONDS,
                "nginx.ingress.kubernetes.io/proxy-send-timeout", AddOnCharts.WEBSOCKET_TIMEOUT_SECONDS);
    }

    private static ObjectMetaArgs ingressMetadata(String namespace, Map<String, String> annotations) {
        return ObjectMetaArgs.builder().name(INGRESS_NAME).namespace(namespace).labels(labels("ingress"))
                .annotations(annotations).build();
    }

    private static HTTPIngressPathArgs path(String path, String pathType, RoutingTable.Backend backend) {
        return HTTPIngressPathArgs.builder()
                .path(path)
                .pathType(pathType)
                .backend(IngressBackendArgs.builder()
                        .service(IngressServiceBackendArgs.builder()
                                .name(backend.service())
                                .port(ServiceBackendPortArgs.builder().number(backend.port()).build())
                                .build())
                        .build())
                .build();
    }

    private static Map<String, String> labels(String component) {
        return KubernetesLabels.recommended("dbos-edge", component);
    }
}
