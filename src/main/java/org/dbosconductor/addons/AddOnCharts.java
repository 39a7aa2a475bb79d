package org.dbosconductor.addons;

import org.dbosconductor.config.AddOnsConfig;

import java.util.Map;

/** Where each add-on chart comes from and the values this stack installs it with. Plain data. */
public final class AddOnCharts {
    public static final String INGRESS_NAMESPACE = "ingress-nginx";
    /** The controller Service's name: the chart's fullname ({@code fullnameOverride}) plus "-controller". */
    public static final String INGRESS_CONTROLLER_SERVICE = "ingress-nginx-controller";
    public static final String INGRESS_CLASS = "nginx";
    /** The seed's third WebSocket layer: the AWS load balancer keeps idle connections for an hour. */
    public static final String ELB_IDLE_TIMEOUT_ANNOTATION = "service.beta.kubernetes.io/aws-load-balancer-connection-idle-timeout";
    public static final String WEBSOCKET_TIMEOUT_SECONDS = "3600";

    public static final String SEALED_SECRETS_NAMESPACE = "kube-system";
    /** kubeseal's default controller name, so {@code kubeseal} works without flags. */
    public static final String SEALED_SECRETS_CONTROLLER = "sealed-secrets-controller";
    public static final String SEALING_KEY_LABEL = "sealedsecrets.bitnami.com/sealed-secrets-key";

    private AddOnCharts() {
    }

    public static HelmChart ingressNginx(AddOnsConfig config) {
        return new HelmChart("ingress-nginx", "ingress-nginx", "https://kubernetes.github.io/ingress-nginx",
                config.ingressNginxChartVersion(), INGRESS_NAMESPACE);
    }

    public static Map<String, Object> ingressNginxValues(AddOnsConfig config) {
        return Map.of(
                "fullnameOverride", "ingress-nginx",
                "controller", Map.of(
                        "replicaCount", config.ingressControllerReplicas(),
                        "ingressClassResource", Map.of("name", INGRESS_CLASS, "default", true),
                        // Snippet annotations let any Ingress author inject nginx configuration (CVE-2021-25742).
                        "allowSnippetAnnotations", false,
                        "service", Map.of(
                                "type", "LoadBalancer",
                                "annotations", Map.of(ELB_IDLE_TIMEOUT_ANNOTATION, WEBSOCKET_TIMEOUT_SECONDS)),
                        "resources", Map.of("requests", Map.of("cpu", "100m", "memory", "128Mi"))));
    }

    public static HelmChart sealedSecrets(AddOnsConfig config) {
        return new HelmChart("sealed-secrets", "sealed-secrets", "https://bitnami.github.io/sealed-secrets",
                config.sealedSecretsChartVersion(), SEALED_SECRETS_NAMESPACE);
    }

    public static Map<String, Object> sealedSecretsValues() {
        return Map.of(
                "fullnameOverride", SEALED_SECRETS_CONTROLLER,
                // The program owns the sealing key (in Pulumi state); a key the controller rotated in by
                // itself would be lost with the cluster, and secrets sealed with it could not be opened.
                "keyrenewperiod", "0");
    }

    public static HelmChart keda(AddOnsConfig config) {
        return new HelmChart("keda", "keda", "https://kedacore.github.io/charts", config.kedaChartVersion(), "keda");
    }

    public static Map<String, Object> kedaValues() {
        return Map.of();
    }

    public static HelmChart certManager(AddOnsConfig config) {
        return new HelmChart("cert-manager", "cert-manager", "https://charts.jetstack.io", config.certManagerChartVersion(), "cert-manager");
    }

    public static Map<String, Object> certManagerValues() {
        return Map.of("crds", Map.of("enabled", true));
    }
    /** The subject the Sealed Secrets controller itself gives the keys it generates (CN and O). */
    public static final String SEALING_KEY_SUBJECT = "sealed-secret";
}
