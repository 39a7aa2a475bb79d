package org.dbosconductor.config;

/** The chart versions this program is tested with; each can be overridden per stack. */
final class ChartDefaults {
    /** Controller 1.15.1. The ingress-nginx project is retired (no releases after March 2026): see README. */
    static final String INGRESS_NGINX = "4.15.1";
    /** Controller 0.36.6. */
    static final String SEALED_SECRETS = "2.18.5";
    /** KEDA 2.18 supports Kubernetes 1.31 to 1.33. */
    static final String KEDA = "2.18.0";
    /** cert-manager 1.19 supports Kubernetes 1.31 to 1.35 (1.20 dropped 1.31). */
    static final String CERT_MANAGER = "v1.19.4";

    private ChartDefaults() {
    }
}
