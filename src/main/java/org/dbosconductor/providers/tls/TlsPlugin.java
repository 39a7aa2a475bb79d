package org.dbosconductor.providers.tls;

import org.dbosconductor.providers.PluginPackage;

/** The {@code tls} plugin these bindings talk to; version from {@code com/pulumi/tls/version.txt}. */
final class TlsPlugin {
    static final PluginPackage PACKAGE = PluginPackage.fromClasspath("tls");

    private TlsPlugin() {
    }
}
