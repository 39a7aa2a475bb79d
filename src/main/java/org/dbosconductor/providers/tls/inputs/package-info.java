/**
 * Input object types of the hand-written {@code tls} bindings, because Maven Central as reached here does not serve {@code com.pulumi:tls}.
 * Swap them for {@code com.pulumi.tls.inputs} of the official SDK once the registry serves it.
 */
package org.dbosconductor.providers.tls.inputs;
