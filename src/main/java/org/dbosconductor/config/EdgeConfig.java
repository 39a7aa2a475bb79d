package org.dbosconductor.config;

import java.util.Optional;

/**
 * How users reach the stack. Without a domain, everything is served on the load balancer's hostname
 * with a certificate from a private CA made by the program; with one, cert-manager issues Let's
 * Encrypt certificates for its subdomains.
 *
 * @param tlsValidityHours     lifetime of the server certificate (default mode)
 * @param tlsEarlyRenewalHours how long before expiry a {@code pulumi up} replaces it
 * @param tlsCaValidityHours   lifetime of the private CA
 */
public record EdgeConfig(Optional<String> domain, Optional<String> acmeEmail, Optional<String> hostedZoneId,
                         int tlsValidityHours, int tlsEarlyRenewalHours, int tlsCaValidityHours) {

    public boolean domainMode() {
        return domain.isPresent();
    }
}
