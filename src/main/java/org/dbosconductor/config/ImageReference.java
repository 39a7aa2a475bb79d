package org.dbosconductor.config;

import java.util.regex.Pattern;

/** Container image references: production stacks must pin every image to a version or a digest. */
public final class ImageReference {
    private static final Pattern REFERENCE = Pattern.compile(
            "(?<repo>[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-][a-z0-9]+)*)*)"
                    + "(:(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(@(?<digest>sha256:[a-f0-9]{64}))?");

    private ImageReference() {
    }

    /** True for {@code repo:tag} (tag not {@code latest}) or {@code repo@sha256:...}. */
    public static boolean isPinned(String reference) {
        var m = REFERENCE.matcher(reference);
        if (!m.matches()) {
            return false;
        }
        String tag = m.group("tag");
        return m.group("digest") != null || (tag != null && !tag.equals("latest"));
    }
}
