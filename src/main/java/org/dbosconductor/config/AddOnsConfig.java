package org.dbosconductor.config;

/**
 * The cluster add-ons installed with Helm, each pinned to a chart version. ingress-nginx is always
 * installed (everything is reached through it); cert-manager is installed exactly when a domain is
 * configured. Sealed Secrets and KEDA can be switched off.
 */
public record AddOnsConfig(
        String ingressNginxChartVersion,
        int ingressControllerReplicas,
        boolean sealedSecretsEnabled,
        String sealedSecretsChartVersion,
        boolean kedaEnabled,
        String kedaChartVersion,
        String certManagerChartVersion) {
}
