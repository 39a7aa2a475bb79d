package org.dbosconductor.config;

import java.util.Optional;

/**
 * The sample DBOS app, its migration, its autoscaling and the pooler in front of the database.
 * Without {@code appImage} the app, its migration Job and its scaler are not deployed (the ECR
 * repositories still are, so the images can be pushed first).
 *
 * @param conductorViaIngress the app reaches Conductor through the public load balancer (wss) rather
 *                            than the cluster-internal Service
 */
public record AppConfig(
        Optional<String> appImage,
        Optional<String> migrateImage,
        int maxReplicas,
        int dbConnectionsPerPod,
        boolean conductorViaIngress,
        boolean pgbouncerEnabled,
        String pgbouncerImage,
        int pgbouncerReplicas,
        int pgbouncerPoolSize,
        int pgbouncerMaxClientConnections) {

    public boolean deployed() {
        return appImage.isPresent();
    }

    /** PgBouncer runs only for the app: Conductor and Dex keep their own small pools to RDS. */
    public boolean usesPgBouncer() {
        return deployed() && pgbouncerEnabled;
    }
}
