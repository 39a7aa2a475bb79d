package org.dbosconductor.synth;

import java.util.List;
import java.util.Map;

/** Small typed readers for plan inputs, so tests say what they check rather than how they cast. */
public final class PlanAssertions {
    private PlanAssertions() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    /** Follows property names and list indexes from a resource's inputs. */
    public static Object at(PlannedResource resource, Object... path) {
        Object current = resource.inputs();
        for (Object segment : path) {
            current = segment instanceof Integer i ? list(current).get(i) : map(current).get((String) segment);
        }
        return current;
    }
}
