package org.dbosconductor.config;

import java.util.Optional;

/**
 * Conductor, its Console and the Dex identity provider in front of them.
 *
 * @param licenseKey   required: Conductor checks it at start-up and exits without one
 * @param apiKey       the app's Conductor API key, set after registering the app in the Console
 * @param oauthEnabled without OAuth, Conductor authenticates nothing; off only for a private evaluation
 */
public record ConductorConfig(
        SecretValue licenseKey,
        Optional<SecretValue> apiKey,
        String conductorImage,
        String consoleImage,
        String dexImage,
        String postgresClientImage,
        int conductorReplicas,
        int consoleReplicas,
        int dexReplicas,
        boolean oauthEnabled,
        String dexAdminEmail) {
}
