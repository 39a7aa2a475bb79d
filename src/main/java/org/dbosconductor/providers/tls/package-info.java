/**
 * Hand-written bindings of the Pulumi {@code tls} provider (PrivateKey, SelfSignedCert, CertRequest, LocallySignedCert), because Maven Central as reached here does not serve {@code com.pulumi:tls}.
 * Swap them for the official {@code com.pulumi:tls} SDK (same type tokens and property names) once the registry serves it.
 */
package org.dbosconductor.providers.tls;
