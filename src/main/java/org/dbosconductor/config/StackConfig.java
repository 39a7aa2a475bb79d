package org.dbosconductor.config;

import java.util.Map;

/** Every setting of one stack, read and validated once before any resource is registered. */
public record StackConfig(
        String project,
        String stack,
        String region,
        NetworkConfig network,
        ClusterConfig cluster,
        DatabaseConfig database,
        AddOnsConfig addOns,
        EdgeConfig edge,
        ConductorConfig conductor,
        AppConfig app) {

    /** The EKS cluster name: known before the cluster exists, because subnet tags must name it. */
    public String clusterName() {
        return project + "-" + stack;
    }

    /** Tags on every AWS resource, so cost reports and clean-ups can find the stack's resources. */
    public Map<String, String> tags() {
        return Map.of("Project", project, "Stack", stack, "ManagedBy", "pulumi");
    }
}
