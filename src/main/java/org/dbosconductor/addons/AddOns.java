package org.dbosconductor.addons;

import com.pulumi.core.Output;
import com.pulumi.kubernetes.Provider;
import com.pulumi.kubernetes.core.v1.Secret;
import com.pulumi.kubernetes.core.v1.SecretArgs;
import com.pulumi.kubernetes.core.v1.Service;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.resources.ComponentResource;
import com.pulumi.resources.ComponentResourceOptions;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.ResourceArgs;
import org.dbosconductor.config.AddOnsConfig;
import org.dbosconductor.config.StackConfig;
import org.dbosconductor.edge.LoadBalancerHostname;
import org.dbosconductor.providers.tls.PrivateKey;
import org.dbosconductor.providers.tls.PrivateKeyArgs;
import org.dbosconductor.providers.tls.SelfSignedCert;
import org.dbosconductor.providers.tls.SelfSignedCertArgs;
import org.dbosconductor.providers.tls.inputs.CertSubjectArgs;
import org.dbosconductor.support.KubernetesLabels;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster add-ons, each a {@link HelmAddOn}: ingress-nginx (and the load balancer hostname it
 * gets), Sealed Secrets with a sealing key the program owns, KEDA, and cert-manager in domain mode.
 */
public final class AddOns extends ComponentResource {
    /** The ingress controller's load-balancer hostname, validated non-empty. */
    public final Output<String> elbHostname;
    /** The public certificate for {@code kubeseal --cert}; empty when Sealed Secrets is off. */
    public final Optional<Output<String>> sealingCertificatePem;
    /** cert-manager, installed in domain mode: its CRDs exist once this is deployed. */
    public final Optional<HelmAddOn> certManager;

    public AddOns(String name, StackConfig stack, Provider kubernetes, ComponentResourceOptions options) {
        super("dbos-conductor:addons:AddOns", name, ResourceArgs.Empty, options);
        AddOnsConfig config = stack.addOns();
        var parent = ComponentResourceOptions.builder().parent(this).build();

        var ingress = new HelmAddOn(name + "-ingress-nginx",
                HelmAddOnSpec.of(AddOnCharts.ingressNginx(config), AddOnCharts.ingressNginxValues(config)), kubernetes, parent);
        // Read once the release is ready: helm waits until the LoadBalancer Service has its address.
        String controller = AddOnCharts.INGRESS_NAMESPACE + "/" + AddOnCharts.INGRESS_CONTROLLER_SERVICE;
        var controllerService = Service.get(name + "-ingress-controller-service",
                ingress.namespace.applyValue(ns -> ns + "/" + AddOnCharts.INGRESS_CONTROLLER_SERVICE),
                CustomResourceOptions.builder().parent(ingress).provider(kubernetes).build());
        this.elbHostname = controllerService.status().applyValue(status -> LoadBalancerHostname.require(status, controller));

        if (config.sealedSecretsEnabled()) {
            var key = new PrivateKey(name + "-sealing-key", PrivateKeyArgs.builder()
                    .algorithm("RSA")
                    .rsaBits(4096)
                    .build(), CustomResourceOptions.builder().parent(this).build());
            var certificate = new SelfSignedCert(name + "-sealing-cert", SelfSignedCertArgs.builder()
                    .privateKeyPem(key.privateKeyPem())
                    .subject(CertSubjectArgs.builder()
                            .commonName(AddOnCharts.SEALING_KEY_SUBJECT)
                            .organization(AddOnCharts.SEALING_KEY_SUBJECT)
                            .build())
                    .validityPeriodHours(stack.edge().tlsCaValidityHours())
                    .allowedUses("key_encipherment", "digital_signature")
                    .build(), CustomResourceOptions.builder().parent(key).build());
            // In place before the controller starts, labelled active, so the controller uses it instead of generating one.
            var keySecret = new Secret(name + "-sealing-key-secret", SecretArgs.builder()
                    .metadata(ObjectMetaArgs.builder()
                            .name("sealed-secrets-key-" + stack.stack())
                            .namespace(AddOnCharts.SEALED_SECRETS_NAMESPACE)
                            .labels(KubernetesLabels.recommended("sealed-secrets", "sealing-key",
                                    AddOnCharts.SEALING_KEY_LABEL, "active"))
                            .build())
                    .type("kubernetes.io/tls")
                    .stringData(Output.tuple(certificate.certPem(), key.privateKeyPem())
                            .applyValue(t -> Map.of("tls.crt", t.t1, "tls.key", t.t2)))
                    .build(), CustomResourceOptions.builder().parent(key).provider(kubernetes).build());
            new HelmAddOn(name + "-sealed-secrets",
                    HelmAddOnSpec.of(AddOnCharts.sealedSecrets(config), AddOnCharts.sealedSecretsValues()).after(keySecret), kubernetes, parent);
            this.sealingCertificatePem = Optional.of(certificate.certPem());
        } else {
            this.sealingCertificatePem = Optional.empty();
        }

        if (config.kedaEnabled()) {
            new HelmAddOn(name + "-keda", HelmAddOnSpec.of(AddOnCharts.keda(config), AddOnCharts.kedaValues()), kubernetes, parent);
        }

        this.certManager = stack.edge().domainMode()
                ? Optional.of(new HelmAddOn(name + "-cert-manager",
                        HelmAddOnSpec.of(AddOnCharts.certManager(config), AddOnCharts.certManagerValues()), kubernetes, parent))
                : Optional.empty();

        var outputs = new LinkedHashMap<String, Output<?>>();
        outputs.put("elbHostname", elbHostname);
        sealingCertificatePem.ifPresent(pem -> outputs.put("sealingCertificatePem", pem));
        registerOutputs(outputs);
    }
}
