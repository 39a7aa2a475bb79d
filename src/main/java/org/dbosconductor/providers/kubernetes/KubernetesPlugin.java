package org.dbosconductor.providers.kubernetes;

import org.dbosconductor.providers.PluginPackage;

/**
 * The {@code kubernetes} plugin, version read from {@code com/pulumi/kubernetes/version.txt} of the
 * com.pulumi:kubernetes SDK jar on the classpath, so custom resources always ask for the same plugin
 * as the SDK's own resources.
 */
final class KubernetesPlugin {
    static final PluginPackage PACKAGE = PluginPackage.fromClasspath("kubernetes");

    private KubernetesPlugin() {
    }
}
