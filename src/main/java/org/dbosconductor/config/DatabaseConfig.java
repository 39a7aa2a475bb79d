package org.dbosconductor.config;

/** The RDS PostgreSQL instance. {@code maxAllocatedStorageGb} 0 turns storage autoscaling off. */
public record DatabaseConfig(
        String instanceClass,
        String engineVersion,
        int allocatedStorageGb,
        int maxAllocatedStorageGb,
        boolean multiAz,
        int backupRetentionDays,
        boolean deletionProtection,
        boolean skipFinalSnapshot) {

    /** The parameter group family follows the major version ("16.4" → "postgres16"). */
    public String parameterGroupFamily() {
        return "postgres" + engineVersion.split("\\.")[0];
    }
}
