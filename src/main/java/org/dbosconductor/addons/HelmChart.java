package org.dbosconductor.addons;

/**
 * Where a chart comes from and where it goes: one pinned chart version from one repository,
 * installed as {@code releaseName} into {@code namespace}.
 */
public record HelmChart(String releaseName, String chart, String repository, String version, String namespace) {
}
