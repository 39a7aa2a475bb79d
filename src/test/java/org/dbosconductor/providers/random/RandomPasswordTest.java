package org.dbosconductor.providers.random;

import com.pulumi.core.Output;
import com.pulumi.core.internal.Internal;
import com.pulumi.exceptions.MissingRequiredPropertyException;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.test.PulumiTest;
import org.dbosconductor.providers.PluginManifest;
import org.dbosconductor.providers.RecordingMocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.dbosconductor.providers.RecordingMocks.isSecret;
import static org.dbosconductor.providers.RecordingMocks.valueOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomPasswordTest {

    @AfterEach
    void cleanup() {
        PulumiTest.cleanup();
    }

    @Test
    @SuppressWarnings("deprecation") // "number" is deprecated by the provider but still in its schema
    void registersSchemaTokenAndInputNames() {
        var mocks = new RecordingMocks();
        PulumiTest.withMocks(mocks).runTest(ctx -> new RandomPassword("db-password", RandomPasswordArgs.builder()
                .length(32)
                .lower(true)
                .upper(true)
                .numeric(true)
                .number(true)
                .special(true)
                .minLower(2)
                .minUpper(3)
                .minNumeric(4)
                .minSpecial(5)
                .overrideSpecial("-_")
                .keepers(Map.of("rotation", "1"))
                .build())).throwOnError();

        var reg = mocks.registration("db-password");
        assertEquals("random:index/randomPassword:RandomPassword", reg.type);
        assertEquals(Set.of("length", "lower", "upper", "numeric", "number", "special", "minLower", "minUpper",
                "minNumeric", "minSpecial", "overrideSpecial", "keepers"), reg.inputs.keySet());
        assertEquals(32, ((Number) reg.inputs.get("length")).intValue());
        assertEquals(4, ((Number) reg.inputs.get("minNumeric")).intValue());
        assertEquals("-_", reg.inputs.get("overrideSpecial"));
        assertEquals(Map.of("rotation", "1"), reg.inputs.get("keepers"));
    }

    @Test
    void unsetOptionalInputsAreNotSent() {
        var mocks = new RecordingMocks();
        PulumiTest.withMocks(mocks).runTest(ctx ->
                new RandomPassword("short", RandomPasswordArgs.builder().length(8).build())).throwOnError();
        assertEquals(Set.of("length"), mocks.registration("short").inputs.keySet());
    }

    @Test
    void resultAndBcryptHashAreSecretOthersAreNot() {
        var mocks = new RecordingMocks().withOutputs(RandomPassword.TYPE,
                Map.of("result", "s3cr3t-value", "bcryptHash", "$2a$10$hash", "special", true));
        var password = new AtomicReference<RandomPassword>();
        PulumiTest.withMocks(mocks).runTest(ctx ->
                password.set(new RandomPassword("pw", RandomPasswordArgs.builder().length(12).build()))).throwOnError();

        var pw = password.get();
        assertEquals("s3cr3t-value", valueOf(pw.result()));
        assertTrue(isSecret(pw.result()), "result must be secret");
        assertEquals("$2a$10$hash", valueOf(pw.bcryptHash()));
        assertTrue(isSecret(pw.bcryptHash()), "bcryptHash must be secret");
        assertEquals(12, valueOf(pw.length()));
        assertFalse(isSecret(pw.length()), "length is not secret");
        assertFalse(isSecret(pw.special()), "special is not secret");
    }

    @Test
    void pluginVersionAndSecretOutputsGoIntoTheOptions() {
        PluginManifest.assertMatches("random", RandomPlugin.PACKAGE);

        var mocks = new RecordingMocks();
        var password = new AtomicReference<RandomPassword>();
        PulumiTest.withMocks(mocks).runTest(ctx ->
                password.set(new RandomPassword("pw", RandomPasswordArgs.builder().length(12).build()))).throwOnError();
        assertEquals(RandomPlugin.PACKAGE.version(), Internal.from(password.get()).getVersion().orElseThrow());

        var options = RandomPlugin.PACKAGE.resourceOptions(
                CustomResourceOptions.builder().additionalSecretOutputs("length").build(), null,
                RandomPassword.SECRET_OUTPUTS);
        assertTrue(options.getAdditionalSecretOutputs().containsAll(List.of("result", "bcryptHash", "length")),
                options.getAdditionalSecretOutputs().toString());
    }

    @Test
    void builderWithoutLengthFailsClearly() {
        var e = assertThrows(MissingRequiredPropertyException.class, () -> RandomPasswordArgs.builder().special(false).build());
        assertTrue(e.getMessage().contains("length"), e.getMessage());
        assertTrue(e.getMessage().contains("RandomPasswordArgs"), e.getMessage());
    }

    @Test
    void lengthFromAnOutputIsAccepted() {
        var args = RandomPasswordArgs.builder().length(Output.of(20)).build();
        assertEquals(20, valueOf(args.length()));
        assertTrue(args.special().isEmpty());
    }
}
