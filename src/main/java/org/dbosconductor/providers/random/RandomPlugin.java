package org.dbosconductor.providers.random;

import org.dbosconductor.providers.PluginPackage;

/** The {@code random} plugin these bindings talk to; version from {@code com/pulumi/random/version.txt}. */
final class RandomPlugin {
    static final PluginPackage PACKAGE = PluginPackage.fromClasspath("random");

    private RandomPlugin() {
    }
}
