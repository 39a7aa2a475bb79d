package org.dbosconductor.providers.kubernetes;

import com.pulumi.core.Output;
import com.pulumi.core.internal.Internal;
import com.pulumi.exceptions.MissingRequiredPropertyException;
import com.pulumi.kubernetes.Provider;
import com.pulumi.kubernetes.ProviderArgs;
import com.pulumi.kubernetes.meta.v1.inputs.ObjectMetaArgs;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.test.PulumiTest;
import org.dbosconductor.providers.RecordingMocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.dbosconductor.providers.RecordingMocks.valueOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CustomResourceTest {

    @AfterEach
    void cleanup() {
        PulumiTest.cleanup();
    }

    private static CustomResourceArgs scaledObject() {
        return CustomResourceArgs.builder()
                .apiVersion("keda.sh/v1alpha1")
                .kind("ScaledObject")
                .metadata(ObjectMetaArgs.builder().name("conductor").namespace("dbos")
                        .labels(Map.of("app", "conductor")).build())
                .spec(Map.of(
                        "scaleTargetRef", Map.of("name", "conductor"),
                        "minReplicaCount", 1,
                        "maxReplicaCount", 5,
                        "triggers", List.of(Map.of("type", "cpu", "metricType", "Utilization",
                                "metadata", Map.of("value", "70")))))
                .build();
    }

    @Test
    void typeTokenFromApiVersionAndKind() {
        assertEquals("kubernetes:keda.sh/v1alpha1:ScaledObject",
                CustomResource.typeToken("keda.sh/v1alpha1", "ScaledObject"));
        assertEquals("kubernetes:core/v1:ConfigMap", CustomResource.typeToken("v1", "ConfigMap"));
        assertEquals("kubernetes:monitoring.coreos.com/v1:ServiceMonitor",
                CustomResource.typeToken("monitoring.coreos.com/v1", "ServiceMonitor"));
        assertEquals("kubernetes:apps/v1beta2:Deployment", CustomResource.typeToken("apps/v1beta2", "Deployment"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "keda.sh/", "/v1alpha1", "keda.sh/v1alpha1/extra", "Keda.sh/v1alpha1",
            "keda.sh/V1", "keda.sh/1", "core/v1", "keda sh/v1", "keda.sh:v1"})
    void malformedApiVersionFailsClearly(String apiVersion) {
        var e = assertThrows(IllegalArgumentException.class,
                () -> CustomResource.typeToken(apiVersion, "ScaledObject"));
        assertTrue(e.getMessage().contains("apiVersion"), e.getMessage());
        var builder = CustomResourceArgs.builder().apiVersion(apiVersion).kind("ScaledObject");
        assertThrows(IllegalArgumentException.class, builder::build, "the args builder validates too");
    }

    @Test
    void malformedKindAndMissingFieldsFail() {
        var e = assertThrows(IllegalArgumentException.class, () -> CustomResource.typeToken("keda.sh/v1alpha1", "scaled-object"));
        assertTrue(e.getMessage().contains("kind"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CustomResource.typeToken("keda.sh/v1alpha1", ""));
        var missingKind = assertThrows(MissingRequiredPropertyException.class,
                () -> CustomResourceArgs.builder().apiVersion("keda.sh/v1alpha1").build());
        assertTrue(missingKind.getMessage().contains("kind"), missingKind.getMessage());
        var missingVersion = assertThrows(MissingRequiredPropertyException.class,
                () -> CustomResourceArgs.builder().kind("ScaledObject").build());
        assertTrue(missingVersion.getMessage().contains("apiVersion"), missingVersion.getMessage());
    }

    @Test
    void registersTokenInputsAndTheKubernetesPluginVersion() {
        var mocks = new RecordingMocks();
        var resource = new AtomicReference<CustomResource>();
        PulumiTest.withMocks(mocks).runTest(ctx -> resource.set(new CustomResource("scaler", scaledObject())))
                .throwOnError();

        var reg = mocks.registration("scaler");
        assertEquals("kubernetes:keda.sh/v1alpha1:ScaledObject", reg.type);
        assertEquals(Set.of("apiVersion", "kind", "metadata", "spec"), reg.inputs.keySet());
        assertEquals("keda.sh/v1alpha1", reg.inputs.get("apiVersion"));
        assertEquals("ScaledObject", reg.inputs.get("kind"));
        @SuppressWarnings("unchecked")
        var metadata = (Map<String, Object>) reg.inputs.get("metadata");
        assertEquals("conductor", metadata.get("name"));
        assertEquals("dbos", metadata.get("namespace"));
        @SuppressWarnings("unchecked")
        var spec = (Map<String, Object>) reg.inputs.get("spec");
        assertEquals(Map.of("name", "conductor"), spec.get("scaleTargetRef"));
        assertEquals(5, ((Number) spec.get("maxReplicaCount")).intValue());
        @SuppressWarnings("unchecked")
        var triggers = (List<Map<String, Object>>) spec.get("triggers");
        assertEquals("cpu", triggers.get(0).get("type"));

        var sdkVersion = com.pulumi.kubernetes.Utilities.getVersion();
        assertEquals(sdkVersion, KubernetesPlugin.PACKAGE.version(), "version.txt of the kubernetes SDK jar");
        assertEquals(sdkVersion, Internal.from(resource.get()).getVersion().orElseThrow());
    }

    @Test
    void coreGroupResourceUsesCoreToken() {
        var mocks = new RecordingMocks();
        PulumiTest.withMocks(mocks).runTest(ctx -> new CustomResource("cm", CustomResourceArgs.builder()
                .apiVersion("v1").kind("ConfigMap").build())).throwOnError();
        var reg = mocks.registration("cm");
        assertEquals("kubernetes:core/v1:ConfigMap", reg.type);
        assertEquals(Set.of("apiVersion", "kind"), reg.inputs.keySet());
        assertEquals("v1", reg.inputs.get("apiVersion"));
    }

    @Test
    void explicitKubernetesProviderIsUsed() {
        var mocks = new RecordingMocks();
        PulumiTest.withMocks(mocks).runTest(ctx -> {
            var cluster = new Provider("cluster", ProviderArgs.builder().namespace("dbos").build());
            new CustomResource("scaler", scaledObject(), CustomResourceOptions.builder().provider(cluster).build());
        }).throwOnError();
        var provider = mocks.registration("scaler").provider;
        assertTrue(provider != null && provider.contains("pulumi:providers:kubernetes::cluster"),
                "registered with provider " + provider);
        assertEquals("pulumi:providers:kubernetes", mocks.registration("cluster").type);
    }

    @Test
    void outputsDeserializeIncludingStatus() {
        var mocks = new RecordingMocks().withOutputs("kubernetes:keda.sh/v1alpha1:ScaledObject", Map.of(
                "status", Map.of("conditions", List.of(Map.of("type", "Ready", "status", "True")),
                        "originalReplicaCount", 1)));
        var resource = new AtomicReference<CustomResource>();
        PulumiTest.withMocks(mocks).runTest(ctx -> resource.set(new CustomResource("scaler", scaledObject())))
                .throwOnError();

        var cr = resource.get();
        assertEquals("keda.sh/v1alpha1", valueOf(cr.apiVersion()));
        assertEquals("ScaledObject", valueOf(cr.kind()));
        assertEquals("dbos", valueOf(cr.metadata()).namespace().orElseThrow());
        assertEquals("conductor", valueOf(cr.metadata()).name().orElseThrow());
        var spec = valueOf(cr.spec()).orElseThrow();
        assertEquals(Map.of("name", "conductor"), spec.get("scaleTargetRef"));
        var status = valueOf(cr.status()).orElseThrow();
        @SuppressWarnings("unchecked")
        var conditions = (List<Map<String, Object>>) status.get("conditions");
        assertEquals("Ready", conditions.get(0).get("type"));
    }

    @Test
    void specMayBeAnOutput() {
        var args = CustomResourceArgs.builder().apiVersion("keda.sh/v1alpha1").kind("ScaledObject")
                .spec(Output.of(Map.<String, Object>of("minReplicaCount", 0))).build();
        assertEquals(Map.of("minReplicaCount", 0), valueOf(args.spec().orElseThrow()));
        assertEquals("keda.sh/v1alpha1", args.apiVersion());
    }
}
