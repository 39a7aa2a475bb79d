package org.dbosconductor.config;

import java.util.List;

/** The EKS control plane and its managed node group. */
public record ClusterConfig(
        String kubernetesVersion,
        String nodeInstanceType,
        int nodeMinSize,
        int nodeDesiredSize,
        int nodeMaxSize,
        int nodeDiskSizeGb,
        List<String> endpointPublicAccessCidrs,
        List<String> logTypes,
        int logRetentionDays,
        List<String> adminPrincipalArns) {

    public ClusterConfig {
        endpointPublicAccessCidrs = List.copyOf(endpointPublicAccessCidrs);
        logTypes = List.copyOf(logTypes);
        adminPrincipalArns = List.copyOf(adminPrincipalArns);
    }

    public boolean endpointPublicAccess() {
        return !endpointPublicAccessCidrs.isEmpty();
    }
}
