package org.dbosconductor;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.annotations.SerializedName;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1APIService;
import io.kubernetes.client.openapi.models.V1ClusterRole;
import io.kubernetes.client.openapi.models.V1ClusterRoleBinding;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1CronJob;
import io.kubernetes.client.openapi.models.V1CustomResourceDefinition;
import io.kubernetes.client.openapi.models.V1DaemonSet;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1EndpointSlice;
import io.kubernetes.client.openapi.models.V1Endpoints;
import io.kubernetes.client.openapi.models.V1Ingress;
import io.kubernetes.client.openapi.models.V1IngressClass;
import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1LimitRange;
import io.kubernetes.client.openapi.models.V1MutatingWebhookConfiguration;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1NetworkPolicy;
import io.kubernetes.client.openapi.models.V1PersistentVolume;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1PriorityClass;
import io.kubernetes.client.openapi.models.V1ReplicaSet;
import io.kubernetes.client.openapi.models.V1ResourceQuota;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V1StorageClass;
import io.kubernetes.client.openapi.models.V1ValidatingWebhookConfiguration;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import org.dbosconductor.synth.MockCloud;
import org.dbosconductor.synth.PlanWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every Kubernetes object the program plans (dev, prod, and dev in domain mode, so every kind appears)
 * is validated strictly against the model of its kind from the official Kubernetes Java client
 * (client-java-api 22.0.1, the Kubernetes 1.31 OpenAPI), independently of the Pulumi SDK that built it.
 *
 * <p>Three checks, each closing a gap of the one before:
 * <ol>
 *   <li>the model's generated {@code validateJsonElement}: rejects unknown fields and missing required
 *       properties at every level, and an object/array where the other is expected; it does not check
 *       the type of a scalar (a number where a string is expected passes) nor any map's values;</li>
 *   <li>deserialization with the client's own Gson ({@link JSON}): parses every {@link Quantity} (a bad
 *       one such as {@code "two"} throws), {@link IntOrString}, base64 {@code byte[]}, dates, numbers;
 *       Gson is lenient, though: it reads {@code "2"} as the int 2 and {@code "yes"} as the boolean false;</li>
 *   <li>a walk of the input beside the parsed model: every scalar must have the JSON type of the Java
 *       field it landed in (string for String, integral number for Integer, boolean for Boolean...), and
 *       every input key must be a field of the model (or an entry of a map).</li>
 * </ol>
 * Not checked (no model checks them): enum values such as {@code pathType}, name/label formats, and the
 * cross-field rules the API server applies (selector matches template labels, ...).
 *
 * <p>Custom resources are not validated here: {@code tools/validate-crds} validates them against the npm
 * {@code kubernetes-models} CRD models, and this test only requires their kind to be listed in its
 * {@code crd-kinds.json}. A kind that is neither in {@link #MODELS} nor in that list fails the test.
 */
class KubernetesModelsTest {
    /** apiVersion/kind of every built-in kind, to its client-java-api model. Add a kind here when the program plans it. */
    static final Map<String, Class<?>> MODELS = Map.ofEntries(
            entry("v1/Namespace", V1Namespace.class),
            entry("v1/Secret", V1Secret.class),
            entry("v1/ConfigMap", V1ConfigMap.class),
            entry("v1/Service", V1Service.class),
            entry("v1/ServiceAccount", V1ServiceAccount.class),
            entry("v1/Pod", V1Pod.class),
            entry("v1/PersistentVolumeClaim", V1PersistentVolumeClaim.class),
            entry("v1/PersistentVolume", V1PersistentVolume.class),
            entry("v1/Endpoints", V1Endpoints.class),
            entry("v1/LimitRange", V1LimitRange.class),
            entry("v1/ResourceQuota", V1ResourceQuota.class),
            entry("apps/v1/Deployment", V1Deployment.class),
            entry("apps/v1/StatefulSet", V1StatefulSet.class),
            entry("apps/v1/DaemonSet", V1DaemonSet.class),
            entry("apps/v1/ReplicaSet", V1ReplicaSet.class),
            entry("batch/v1/Job", V1Job.class),
            entry("batch/v1/CronJob", V1CronJob.class),
            entry("networking.k8s.io/v1/Ingress", V1Ingress.class),
            entry("networking.k8s.io/v1/IngressClass", V1IngressClass.class),
            entry("networking.k8s.io/v1/NetworkPolicy", V1NetworkPolicy.class),
            entry("policy/v1/PodDisruptionBudget", V1PodDisruptionBudget.class),
            entry("rbac.authorization.k8s.io/v1/Role", V1Role.class),
            entry("rbac.authorization.k8s.io/v1/RoleBinding", V1RoleBinding.class),
            entry("rbac.authorization.k8s.io/v1/ClusterRole", V1ClusterRole.class),
            entry("rbac.authorization.k8s.io/v1/ClusterRoleBinding", V1ClusterRoleBinding.class),
            entry("autoscaling/v2/HorizontalPodAutoscaler", V2HorizontalPodAutoscaler.class),
            entry("storage.k8s.io/v1/StorageClass", V1StorageClass.class),
            entry("scheduling.k8s.io/v1/PriorityClass", V1PriorityClass.class),
            entry("coordination.k8s.io/v1/Lease", V1Lease.class),
            entry("discovery.k8s.io/v1/EndpointSlice", V1EndpointSlice.class),
            entry("admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration",
                    V1ValidatingWebhookConfiguration.class),
            entry("admissionregistration.k8s.io/v1/MutatingWebhookConfiguration",
                    V1MutatingWebhookConfiguration.class),
            entry("apiextensions.k8s.io/v1/CustomResourceDefinition", V1CustomResourceDefinition.class),
            entry("apiregistration.k8s.io/v1/APIService", V1APIService.class));

    /** The custom resource kinds the npm validator knows: apiVersion/kind. */
    static final Path CRD_KINDS_FILE = TestStacks.PROJECT_DIR.resolve("tools/validate-crds/crd-kinds.json");
    static final Set<String> CRD_KINDS = readCrdKinds();

    /** The synth's mask for a secret value. */
    static final String MASK = "[secret]";

    static final Map<String, String> DOMAIN_MODE = Map.of(
            "dbos-conductor:domain", "dbos.example.com",
            "dbos-conductor:acmeEmail", "ops@example.com",
            "dbos-conductor:hostedZoneId", "Z0123456789ABC");

    private static final Gson PLAIN = new Gson();
    private static final Gson KUBERNETES = new JSON().getGson();
    private static final String MODELS_PACKAGE = V1Namespace.class.getPackageName();

    /** Plan name and file name to object, for dev, prod and dev in domain mode. */
    private static Map<String, Map<String, Object>> planned;

    @BeforeAll
    static void synthesize() {
        planned = new LinkedHashMap<>();
        add("dev", PlanWriter.manifests(TestStacks.synth("dev")));
        add("prod", PlanWriter.manifests(TestStacks.synth("prod")));
        add("dev+domain", PlanWriter.manifests(
                TestStacks.synth("dev", DOMAIN_MODE, MockCloud.defaultElbHostname("us-west-2"))));
    }

    private static void add(String plan, Map<String, Map<String, Object>> manifests) {
        manifests.forEach((file, object) -> planned.put(plan + ": " + file, object));
    }

    // ------------------------------------------------------------------ the program's objects

    @Test
    void everyPlannedObjectMatchesTheOfficialModelOfItsKind() {
        assertFalse(planned.isEmpty(), "the plans hold no Kubernetes object");
        var problems = new ArrayList<String>();
        var validated = new TreeSet<String>();
        var custom = new TreeSet<String>();
        planned.forEach((where, object) -> {
            Verdict verdict = validate(PLAIN.toJsonTree(object));
            verdict.problems().forEach(p -> problems.add(where + ": " + p));
            (verdict.custom() ? custom : validated).add(verdict.kind());
        });
        assertTrue(problems.isEmpty(), problems.size() + " planned object(s) do not match their model:\n  "
                + String.join("\n  ", problems));
        assertFalse(validated.isEmpty(), "no built-in object was validated");
        // Visible in the report: which kinds went through which validator.
        System.out.println("KubernetesModelsTest: validated " + validated + "; custom resources left to "
                + "tools/validate-crds " + custom);
    }

    @Test
    void theCustomResourceListIsTheNpmValidatorsAndHasNoBuiltInKind() {
        assertTrue(CRD_KINDS.contains("cert-manager.io/v1/ClusterIssuer"), CRD_KINDS.toString());
        assertTrue(CRD_KINDS.contains("keda.sh/v1alpha1/ScaledObject"), CRD_KINDS.toString());
        for (String kind : CRD_KINDS) {
            assertFalse(MODELS.containsKey(kind), kind + " is both a built-in model and a custom resource");
        }
    }

    @Test
    void aKindWithNoValidatorFailsAndSaysWhereToAddIt() {
        Verdict widget = validate(JsonParser.parseString(
                "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w\"}}"));
        assertEquals(1, widget.problems().size(), widget.toString());
        String message = widget.problems().get(0);
        assertTrue(message.contains("KubernetesModelsTest.MODELS"), message);
        assertTrue(message.contains("tools/validate-crds/crd-kinds.json"), message);

        // A built-in kind missing from the table fails the same way rather than passing unchecked.
        Verdict podTemplate = validate(JsonParser.parseString(
                "{\"apiVersion\":\"v1\",\"kind\":\"PodTemplate\",\"metadata\":{\"name\":\"t\"}}"));
        assertEquals(1, podTemplate.problems().size(), podTemplate.toString());
        // The right kind with the wrong apiVersion is no known kind either.
        assertEquals(1, validate(deployment().replace("\"apps/v1\"", "\"v1\"")).problems().size());
    }

    // ------------------------------------------------------------------ the validator bites

    @Test
    void theBaselinesPass() {
        assertValid(deployment());
        assertValid(INGRESS);
        assertValid(MASKED_SECRET);
        assertValid(MASKED_SECRET.replace("\"stringData\": \"[secret]\"",
                "\"data\": {\"tls.crt\": \"[secret]\", \"tls.key\": \"[secret]\"}"));
        assertValid(MASKED_SECRET.replace("\"stringData\": \"[secret]\"", "\"stringData\": {\"password\": \"[secret]\"}"));
    }

    @Test
    void anUnknownFieldFails() {
        assertRejected(deployment().replace("\"replicas\": 2", "\"replica\": 2"),
                "The field `replica` in the JSON string is not defined in the `V1DeploymentSpec` properties");
        assertRejected(INGRESS.replace("\"ingressClassName\": \"nginx\"", "\"ingressClassName\": \"nginx\", \"foo\": 1"),
                "The field `foo` in the JSON string is not defined in the `V1IngressSpec` properties");
        assertRejected(deployment().replace("\"image\":", "\"imagePullPolicy\": \"IfNotPresent\", \"imag\":"),
                "The field `imag` in the JSON string is not defined in the `V1Container` properties");
        assertRejected(deployment().replace("\"name\": \"conductor\",", "\"name\": \"conductor\", \"lables\": {},"),
                "The field `lables` in the JSON string is not defined in the `V1ObjectMeta` properties");
    }

    @Test
    void aMissingRequiredFieldFails() {
        assertRejected(INGRESS.replace("\"service\": {\"name\": \"console\",", "\"service\": {"),
                "The required field `name` is not found in the JSON string: {\"port\":{\"number\":80}}");
        assertRejected(deployment().replace("\"name\": \"app\",", ""),
                "The required field `name` is not found in the JSON string: {\"image\"");
        assertRejected(deployment().replace("\"selector\": {\"matchLabels\": {\"app\": \"conductor\"}},", ""),
                "The required field `selector` is not found");
    }

    @Test
    void aBadQuantityFails() {
        assertRejected(deployment().replace("\"cpu\": \"500m\"", "\"cpu\": \"two\""),
                "Unable to parse numeric part of quantity: two");
        assertRejected(deployment().replace("\"memory\": \"256Mi\"", "\"memory\": \"256MB\""), "QuantityFormatException");
        // Valid quantity spellings, numbers included (the API accepts them), pass.
        assertValid(deployment().replace("\"cpu\": \"500m\"", "\"cpu\": \"0.5\""));
        assertValid(deployment().replace("\"cpu\": \"500m\"", "\"cpu\": 1"));
    }

    @Test
    void aWrongScalarTypeFails() {
        assertRejected(deployment().replace("\"replicas\": 2", "\"replicas\": \"2\""),
                "spec.replicas: expected an integer, got \"2\"");
        assertRejected(deployment().replace("\"replicas\": 2", "\"replicas\": 2.5"), "replicas");
        assertRejected(deployment().replace("\"replicas\": 2", "\"replicas\": 2, \"paused\": \"yes\""),
                "spec.paused: expected a boolean, got \"yes\"");
        assertRejected(deployment().replace("\"name\": \"app\"", "\"name\": 7"),
                "spec.template.spec.containers[0].name: expected a string, got 7");
        assertRejected(deployment().replace("\"app\": \"conductor\"}},", "\"app\": 1}},"),
                "spec.selector.matchLabels.app: expected a string, got 1");
        assertRejected(deployment().replace("\"containerPort\": 8090", "\"containerPort\": \"8090\""),
                "containerPort: expected an integer");
        assertRejected(deployment().replace("\"port\": \"http\"", "\"port\": 80.5"), "port");
        assertRejected(deployment().replace("\"replicas\": 2", "\"replicas\": {}"), "replicas");
    }

    @Test
    void aMaskedValueIsValidOnlyWhereASecretMayBe() {
        // A masked whole map is accepted only for a Secret's data/stringData ...
        assertRejected("""
                {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": "[secret]"}""",
                "Expected BEGIN_OBJECT but was STRING");
        // ... a masked string is a string wherever a string is expected ...
        assertValid("""
                {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"k": "[secret]"}}""");
        // ... and a Secret's data value that is neither masked nor base64 fails.
        assertRejected(MASKED_SECRET.replace("\"stringData\": \"[secret]\"", "\"data\": {\"tls.crt\": \"not base64!\"}"),
                "is not valid base64");
        assertRejected(deployment().replace("\"cpu\": \"500m\"", "\"cpu\": \"[secret]\""), "QuantityFormatException");
    }

    // ------------------------------------------------------------------ the validator

    /** The outcome for one object: its apiVersion/kind, whether it is a listed custom resource, the problems. */
    record Verdict(String kind, boolean custom, List<String> problems) {
    }

    static Verdict validate(String json) {
        return validate(JsonParser.parseString(json));
    }

    static Verdict validate(JsonElement input) {
        if (!input.isJsonObject()) {
            return new Verdict("?", false, List.of("not an object: " + input));
        }
        JsonObject object = withoutNulls(input).getAsJsonObject();
        String kind = string(object, "apiVersion") + "/" + string(object, "kind");
        Class<?> model = MODELS.get(kind);
        if (model == null) {
            if (CRD_KINDS.contains(kind)) {
                return new Verdict(kind, true, List.of());
            }
            return new Verdict(kind, false, List.of("no validator for " + kind + ": if it is a built-in Kubernetes kind,"
                    + " add its client-java-api model to KubernetesModelsTest.MODELS; if it is a custom resource, add"
                    + " it to tools/validate-crds/crd-kinds.json (with the kubernetes-models package that models it)"));
        }
        unmask(kind, object);
        try {
            model.getMethod("validateJsonElement", JsonElement.class).invoke(null, object);
        } catch (InvocationTargetException e) {
            return new Verdict(kind, false, List.of(String.valueOf(e.getCause().getMessage())));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(model + " has no static validateJsonElement(JsonElement)", e);
        }
        Object parsed;
        try {
            parsed = KUBERNETES.fromJson(object, model);
        } catch (RuntimeException e) { // QuantityFormatException, JsonSyntaxException, a bad base64 byte[]...
            String why = e instanceof NullPointerException && String.valueOf(e.getMessage()).contains("ByteString")
                    ? "a byte[] value (a Secret's data value) is not valid base64"
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            return new Verdict(kind, false, List.of(why));
        }
        var problems = new ArrayList<String>();
        checkTypes("", object, parsed, problems);
        return new Verdict(kind, false, problems);
    }

    /**
     * Where the synth's mask "[secret]" stands for a value of another shape, and only there, it is replaced
     * by a placeholder of that shape. A Secret is the one object whose content the synth may mask as a
     * whole: a masked {@code data} or {@code stringData} map becomes an empty map (its keys are not known
     * offline), and a masked {@code data} value (base64 bytes) becomes the base64 of "[secret]". Anywhere
     * else the mask stays as it is: it is then valid exactly where a string is (an env value, a stringData
     * value), and fails where the schema wants anything else (a ConfigMap's data map, a quantity, a number).
     */
    static void unmask(String kind, JsonObject object) {
        if (!kind.equals("v1/Secret")) {
            return;
        }
        for (String field : List.of("data", "stringData")) {
            if (isMask(object.get(field))) {
                object.add(field, new JsonObject());
            }
        }
        if (object.get("data") instanceof JsonObject data) {
            String placeholder = Base64.getEncoder().encodeToString(MASK.getBytes(StandardCharsets.UTF_8));
            for (String key : List.copyOf(data.keySet())) {
                if (isMask(data.get(key))) {
                    data.addProperty(key, placeholder);
                }
            }
        }
    }

    private static boolean isMask(JsonElement value) {
        return value instanceof JsonPrimitive p && p.isString() && p.getAsString().equals(MASK);
    }

    /** Walks the input beside the model it was parsed into: every key must be a field, every scalar of its field's type. */
    private static void checkTypes(String path, JsonElement input, Object value, List<String> problems) {
        if (input.isJsonObject()) {
            if (value instanceof Map<?, ?> map) {
                for (var e : input.getAsJsonObject().entrySet()) {
                    checkTypes(join(path, e.getKey()), e.getValue(), map.get(e.getKey()), problems);
                }
            } else if (value != null && value.getClass().getPackageName().equals(MODELS_PACKAGE)) {
                Map<String, Field> fields = fieldsOf(value.getClass());
                for (var e : input.getAsJsonObject().entrySet()) {
                    Field field = fields.get(e.getKey());
                    if (field == null) {
                        problems.add(join(path, e.getKey()) + ": not a field of " + value.getClass().getSimpleName());
                        continue;
                    }
                    try {
                        checkTypes(join(path, e.getKey()), e.getValue(), field.get(value), problems);
                    } catch (IllegalAccessException ex) {
                        throw new IllegalStateException(ex);
                    }
                }
            } else {
                problems.add(path + ": an object where the model has " + describe(value));
            }
        } else if (input.isJsonArray()) {
            JsonArray array = input.getAsJsonArray();
            if (value instanceof List<?> list && list.size() == array.size()) {
                for (int i = 0; i < array.size(); i++) {
                    checkTypes(path + "[" + i + "]", array.get(i), list.get(i), problems);
                }
            } else {
                problems.add(path + ": an array where the model has " + describe(value));
            }
        } else {
            JsonPrimitive p = input.getAsJsonPrimitive();
            String expected = expectedType(value, p);
            if (expected != null) {
                problems.add(path + ": expected " + expected + ", got " + p);
            }
        }
    }

    /** What the scalar should have been, or null when it matches the type of the field it was parsed into. */
    private static String expectedType(Object value, JsonPrimitive p) {
        if (value == null) {
            return "a value the model kept (it dropped this one)";
        } else if (value instanceof String) {
            return p.isString() ? null : "a string";
        } else if (value instanceof Integer || value instanceof Long) {
            return isInteger(p) ? null : "an integer";
        } else if (value instanceof Double || value instanceof Float) {
            return p.isNumber() ? null : "a number";
        } else if (value instanceof Boolean) {
            return p.isBoolean() ? null : "a boolean";
        } else if (value instanceof Quantity) {
            // Parsed already (a bad one threw); the API takes a quantity as a string or a number.
            return p.isString() || p.isNumber() ? null : "a quantity";
        } else if (value instanceof IntOrString) {
            return p.isString() || isInteger(p) ? null : "an integer or a string";
        } else if (value instanceof byte[]) {
            return p.isString() ? null : "a base64 string";
        } else if (value instanceof OffsetDateTime) {
            return p.isString() ? null : "an RFC 3339 date-time string";
        }
        return "a " + value.getClass().getName() + ", which this test does not know how to check";
    }

    private static boolean isInteger(JsonPrimitive p) {
        if (!p.isNumber()) {
            return false;
        }
        BigDecimal number = p.getAsBigDecimal();
        return number.signum() == 0 || number.stripTrailingZeros().scale() <= 0;
    }

    private static final Map<Class<?>, Map<String, Field>> FIELDS = new ConcurrentHashMap<>();

    /** JSON name to field, as the model's Gson serializes it. */
    private static Map<String, Field> fieldsOf(Class<?> type) {
        return FIELDS.computeIfAbsent(type, t -> {
            var fields = new HashMap<String, Field>();
            for (Class<?> c = t; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers())) {
                        continue;
                    }
                    SerializedName name = f.getAnnotation(SerializedName.class);
                    f.setAccessible(true);
                    fields.putIfAbsent(name != null ? name.value() : f.getName(), f);
                }
            }
            return fields;
        });
    }

    private static String describe(Object value) {
        return value == null ? "nothing" : value.getClass().getSimpleName();
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String string(JsonObject object, String key) {
        JsonElement value = object.get(key);
        return value instanceof JsonPrimitive p && p.isString() ? p.getAsString() : String.valueOf(value);
    }

    /** Drops JSON nulls: an absent field and a null one are the same to the API server. */
    private static JsonElement withoutNulls(JsonElement element) {
        if (element.isJsonObject()) {
            var copy = new JsonObject();
            element.getAsJsonObject().entrySet().stream().filter(e -> !e.getValue().isJsonNull())
                    .forEach(e -> copy.add(e.getKey(), withoutNulls(e.getValue())));
            return copy;
        }
        if (element.isJsonArray()) {
            var copy = new JsonArray();
            element.getAsJsonArray().forEach(e -> copy.add(withoutNulls(e)));
            return copy;
        }
        return element;
    }

    private static Set<String> readCrdKinds() {
        try {
            JsonObject file = JsonParser.parseString(Files.readString(CRD_KINDS_FILE)).getAsJsonObject();
            var kinds = new TreeSet<String>();
            for (var e : file.entrySet()) {
                if (!e.getKey().startsWith("_")) {
                    e.getValue().getAsJsonObject().getAsJsonArray("kinds")
                            .forEach(k -> kinds.add(e.getKey() + "/" + k.getAsString()));
                }
            }
            return Set.copyOf(kinds);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the custom resource kinds " + CRD_KINDS_FILE, e);
        }
    }

    // ------------------------------------------------------------------ baselines for the negative tests

    private static void assertValid(String json) {
        Verdict verdict = validate(json);
        assertTrue(verdict.problems().isEmpty(), verdict + "\n" + json);
    }

    private static void assertRejected(String json, String expectedFragment) {
        Verdict verdict = validate(json);
        assertFalse(verdict.problems().isEmpty(), "accepted:\n" + json);
        assertTrue(verdict.problems().stream().anyMatch(p -> p.contains(expectedFragment)),
                "expected a problem containing \"" + expectedFragment + "\", got " + verdict.problems());
    }

    /** A valid Deployment; each negative test changes one thing (and {@link #replace} proves it did). */
    private static Baseline deployment() {
        return new Baseline("""
                {"apiVersion": "apps/v1", "kind": "Deployment",
                 "metadata": {"name": "conductor", "namespace": "dbos", "labels": {"app": "conductor"}},
                 "spec": {"replicas": 2,
                   "selector": {"matchLabels": {"app": "conductor"}},
                   "template": {
                     "metadata": {"labels": {"app": "conductor"}},
                     "spec": {"containers": [{"name": "app", "image": "dbosdev/conductor:1.0",
                       "ports": [{"name": "http", "containerPort": 8090}],
                       "env": [{"name": "LICENSE", "valueFrom": {"secretKeyRef": {"name": "lic", "key": "key"}}}],
                       "readinessProbe": {"httpGet": {"path": "/healthz", "port": "http"}, "periodSeconds": 5},
                       "resources": {"requests": {"cpu": "250m", "memory": "256Mi"},
                                     "limits": {"cpu": "500m", "memory": "512Mi"}},
                       "securityContext": {"runAsNonRoot": true, "allowPrivilegeEscalation": false,
                                           "capabilities": {"drop": ["ALL"]}}}]}}}}""");
    }

    private static final Baseline INGRESS = new Baseline("""
            {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
             "metadata": {"name": "dbos-ingress", "namespace": "dbos"},
             "spec": {"ingressClassName": "nginx",
               "tls": [{"hosts": ["console.dbos.example.com"], "secretName": "dbos-tls"}],
               "rules": [{"host": "console.dbos.example.com", "http": {"paths": [
                 {"path": "/", "pathType": "Prefix",
                  "backend": {"service": {"name": "console", "port": {"number": 80}}}}]}}]}}""");

    private static final Baseline MASKED_SECRET = new Baseline("""
            {"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/tls",
             "metadata": {"name": "dbos-tls", "namespace": "dbos"}, "stringData": "[secret]"}""");

    /** JSON text whose {@code replace} fails if the text to replace is not there, so no mutation is a silent no-op. */
    private record Baseline(String json) {
        String replace(String target, String replacement) {
            assertTrue(json.contains(target), "the baseline has no " + target);
            String changed = json.replace(target, replacement);
            assertNotEquals(json, changed);
            return changed;
        }

        @Override
        public String toString() {
            return json;
        }
    }

    private static Verdict validate(Baseline baseline) {
        return validate(baseline.json());
    }

    private static void assertValid(Baseline baseline) {
        assertValid(baseline.json());
    }
}
