/**
 * Hand-written binding of the Pulumi {@code random} provider (RandomPassword), because Maven Central as reached here does not serve {@code com.pulumi:random}.
 * Swap it for the official {@code com.pulumi:random} SDK (same type token and property names) once the registry serves it.
 */
package org.dbosconductor.providers.random;
