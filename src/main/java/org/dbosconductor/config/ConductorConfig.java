package org.dbosconductor.config;

/**
 * Conductor's license (required: Conductor exits at start-up without one) and the image of the
 * identity provider. The offline synth stands in a placeholder for a license the stack file lacks.
 */
public record ConductorConfig(SecretValue licenseKey, String dexImage) {
}
