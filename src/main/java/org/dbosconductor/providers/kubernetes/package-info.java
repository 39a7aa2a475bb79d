/**
 * A generic Kubernetes {@code CustomResource} (for CRD kinds such as KEDA's ScaledObject), because com.pulumi:kubernetes 4.0.0 has none.
 * Swap it for the official {@code com.pulumi.kubernetes.apiextensions.CustomResource} once a kubernetes SDK that has it is served by the registry.
 */
package org.dbosconductor.providers.kubernetes;
