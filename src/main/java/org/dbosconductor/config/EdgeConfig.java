package org.dbosconductor.config;

import java.util.Optional;

/**
 * How users reach the stack. Without a domain, everything is served on the load balancer's hostname
 * with a private CA; with one, cert-manager issues Let's Encrypt certificates for its subdomains.
 */
public record EdgeConfig(Optional<String> domain, Optional<String> acmeEmail, Optional<String> hostedZoneId) {
}
