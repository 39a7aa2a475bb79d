package org.dbosconductor.config;

import java.util.Map;
import java.util.Optional;

/**
 * Raw config values of one namespace, by key without the namespace prefix. In a real run this is
 * {@code ctx.config()}; in the offline synth it is the stack file.
 */
@FunctionalInterface
public interface ConfigSource {
    Optional<String> get(String key);

    static ConfigSource of(Map<String, String> values) {
        return key -> Optional.ofNullable(values.get(key));
    }
}
