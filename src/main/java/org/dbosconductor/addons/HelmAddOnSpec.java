package org.dbosconductor.addons;

import com.pulumi.resources.Resource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What one {@link HelmAddOn} installs: a chart, its values, an optional service-account role, and what must exist first. */
public record HelmAddOnSpec(HelmChart chart, Map<String, Object> values, Optional<ServiceAccountRole> role,
                            List<Resource> installAfter) {

    public static HelmAddOnSpec of(HelmChart chart, Map<String, Object> values) {
        return new HelmAddOnSpec(chart, values, Optional.empty(), List.of());
    }

    public HelmAddOnSpec withRole(ServiceAccountRole serviceAccountRole) {
        return new HelmAddOnSpec(chart, values, Optional.of(serviceAccountRole), installAfter);
    }

    public HelmAddOnSpec after(Resource... resources) {
        return new HelmAddOnSpec(chart, values, role, List.of(resources));
    }
}
