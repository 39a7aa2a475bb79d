package org.dbosconductor.cluster;

import org.dbosconductor.support.Canonical;

import java.util.List;
import java.util.Map;

/**
 * A kubeconfig for the cluster that holds no credential: kubectl and the Kubernetes provider call
 * {@code aws eks get-token} for a short-lived token, as the identity that runs them.
 */
public final class Kubeconfig {
    private Kubeconfig() {
    }

    public static String render(String clusterName, String endpoint, String certificateAuthorityData, String region) {
        String context = "aws-" + clusterName;
        Map<String, Object> config = Map.of(
                "apiVersion", "v1",
                "kind", "Config",
                "clusters", List.of(Map.of("name", clusterName, "cluster", Map.of(
                        "server", endpoint,
                        "certificate-authority-data", certificateAuthorityData))),
                "users", List.of(Map.of("name", context, "user", Map.of("exec", Map.of(
                        "apiVersion", "client.authentication.k8s.io/v1beta1",
                        "command", "aws",
                        "args", List.of("eks", "get-token", "--cluster-name", clusterName, "--region", region, "--output", "json"),
                        "interactiveMode", "Never")))),
                "contexts", List.of(Map.of("name", context, "context", Map.of("cluster", clusterName, "user", context))),
                "current-context", context);
        return Canonical.json(config);
    }
}
