package org.dbosconductor;

import com.pulumi.test.Mocks;
import com.pulumi.test.PulumiTest;
import com.pulumi.test.TestOptions;
import com.pulumi.test.internal.PulumiTestInternal;
import org.dbosconductor.config.ConfigException;
import org.dbosconductor.synth.MockCloud;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A bad config value stops the program before it registers a single resource: no half-created stack. */
class ConfigFailsEarlyTest {
    @AfterEach
    void cleanup() {
        PulumiTest.cleanup();
    }

    @Test
    void noResourceIsRegisteredWhenConfigIsBad() {
        var registered = new AtomicInteger();
        var cloud = new MockCloud("us-west-2", MockCloud.defaultElbHostname("us-west-2"));
        Mocks counting = new Mocks() {
            @Override
            public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
                registered.incrementAndGet();
                return cloud.newResourceAsync(args);
            }

            @Override
            public CompletableFuture<Map<String, Object>> callAsync(CallArgs args) {
                return cloud.callAsync(args);
            }
        };
        var result = PulumiTestInternal.builder()
                .options(TestOptions.builder().projectName("dbos-conductor").stackName("dev").build())
                .mocks(counting)
                .config(Map.of("aws:region", "us-west-2", "dbos-conductor:licenseKey", "x", "dbos-conductor:nodeMinSize", "0",
                                "dbos-conductor:conductorImage", "dbosdev/conductor:1.2.3", "dbos-conductor:consoleImage", "dbosdev/console:1.2.3"),
                        Set.of("dbos-conductor:licenseKey"))
                .build()
                .runTest(DbosConductorProgram::run);
        assertEquals(0, registered.get());
        assertFalse(result.exceptions().isEmpty(), "the run fails");
        for (Throwable error : result.exceptions()) {
            Throwable root = error;
            while (!(root instanceof ConfigException) && root.getCause() != null) {
                root = root.getCause();
            }
            var configError = assertInstanceOf(ConfigException.class, root, "fails with the config error, not another: " + error);
            assertTrue(configError.getMessage().contains("dbos-conductor:nodeMinSize = \"0\""));
        }
    }
}
