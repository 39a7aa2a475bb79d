package org.dbosconductor;

import org.dbosconductor.synth.MockCloud;
import org.dbosconductor.synth.Plan;
import org.dbosconductor.synth.StackFile;
import org.dbosconductor.synth.Synthesizer;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs the real program under the shared mock cloud with a committed stack file, optionally overridden. */
public final class TestStacks {
    public static final Path PROJECT_DIR = Path.of(System.getProperty("user.dir"));

    private TestStacks() {
    }

    public static StackFile stackFile(String stack) {
        return StackFile.load(PROJECT_DIR, stack);
    }

    public static Plan synth(String stack) {
        return synth(stack, Map.of(), MockCloud.defaultElbHostname("us-west-2"));
    }

    /** @param overrides full keys to values; a null value removes the key */
    public static Plan synth(String stack, Map<String, String> overrides, String elbHostname) {
        StackFile file = stackFile(stack);
        var config = new HashMap<>(file.config());
        overrides.forEach((k, v) -> {
            if (v == null) {
                config.remove(k);
            } else {
                config.put(k, v);
            }
        });
        return new Synthesizer(file.project(), stack, config, file.secretKeys(), file.placeholderKeys(),
                new MockCloud(config.getOrDefault("aws:region", "us-west-2"), elbHostname))
                .run(DbosConductorProgram::run);
    }
}
