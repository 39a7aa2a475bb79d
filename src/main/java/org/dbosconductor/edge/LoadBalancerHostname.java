package org.dbosconductor.edge;

import com.pulumi.kubernetes.core.v1.outputs.LoadBalancerIngress;
import com.pulumi.kubernetes.core.v1.outputs.LoadBalancerStatus;
import com.pulumi.kubernetes.core.v1.outputs.ServiceStatus;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The load balancer's DNS name, read from the ingress controller Service's status. Everything public
 * (certificate, Ingress host, OAuth issuer) is named after it, so an empty or malformed value stops
 * the deployment here rather than producing a certificate or an Ingress for a wrong name.
 */
public final class LoadBalancerHostname {
    private static final Pattern DNS_NAME = Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");

    private LoadBalancerHostname() {
    }

    /** @param service {@code namespace/name} of the Service, for the message */
    public static String require(Optional<ServiceStatus> status, String service) {
        String hostname = status.flatMap(ServiceStatus::loadBalancer)
                .map(LoadBalancerStatus::ingress)
                .filter(list -> !list.isEmpty())
                .flatMap(list -> list.get(0).hostname().or(() -> list.get(0).ip()))
                .orElse("");
        return validate(hostname, service);
    }

    static String validate(String hostname, String service) {
        if (hostname.isBlank()) {
            throw new IllegalStateException("The load balancer of Service " + service + " has no hostname"
                    + " (status.loadBalancer.ingress[0].hostname is empty), so no certificate, Ingress or OAuth issuer"
                    + " can be named after it. Check the Service's events (kubectl -n " + service.split("/")[0]
                    + " describe service " + service.split("/")[1] + ") for AWS load balancer errors, then run pulumi up again.");
        }
        if (!DNS_NAME.matcher(hostname).matches()) {
            throw new IllegalStateException("The load balancer of Service " + service + " reports \"" + hostname
                    + "\", which is not a DNS name; the certificate and Ingress need one.");
        }
        return hostname;
    }
}
