package org.dbosconductor.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Typed access to raw config values. Every getter records a {@link ConfigProblem} instead of throwing,
 * so one run reports every bad key at once; {@link #failIfAny()} then throws them together.
 */
final class ConfigReader {
    private final ConfigSource source;
    private final List<ConfigProblem> problems = new ArrayList<>();

    ConfigReader(ConfigSource source) {
        this.source = source;
    }

    Optional<String> raw(String key) {
        return source.get(key).map(String::trim).filter(v -> !v.isEmpty());
    }

    String string(String key, String fallback, Predicate<String> valid, String expected, String example) {
        Optional<String> value = raw(key);
        if (value.isPresent() && !valid.test(value.get())) {
            problem(key, value.get(), expected, example);
            return fallback;
        }
        return value.orElse(fallback);
    }

    String string(String key, String fallback, Pattern pattern, String expected, String example) {
        return string(key, fallback, v -> pattern.matcher(v).matches(), expected, example);
    }

    Optional<String> optional(String key, Pattern pattern, String expected, String example) {
        Optional<String> value = raw(key);
        if (value.isPresent() && !pattern.matcher(value.get()).matches()) {
            problem(key, value.get(), expected, example);
            return Optional.empty();
        }
        return value;
    }

    String required(String key, Pattern pattern, String expected, String example) {
        return required(key, v -> pattern.matcher(v).matches(), expected, example);
    }

    String required(String key, Predicate<String> valid, String expected, String example) {
        Optional<String> value = raw(key);
        if (value.isEmpty()) {
            problem(key, null, expected, example);
            return example;
        }
        if (!valid.test(value.get())) {
            problem(key, value.get(), expected, example);
            return example;
        }
        return value.get();
    }

    /** A required secret: its value never appears in a problem message. */
    SecretValue requiredSecret(String key, String expected, String placeholder) {
        Optional<String> value = raw(key);
        if (value.isEmpty()) {
            problems.add(new ConfigProblem(key, null, expected,
                    "pulumi config set --secret " + key + " '" + placeholder + "'"));
        }
        return new SecretValue(value.orElse(""));
    }

    int integer(String key, int fallback, int min, int max) {
        Optional<String> value = raw(key);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.get());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException notANumber) {
            // reported below with the range, which says more than the parser would
        }
        problem(key, value.get(), "a whole number from " + min + " to " + max, String.valueOf(fallback));
        return fallback;
    }

    int integerOneOf(String key, int fallback, int... allowed) {
        int value = integer(key, fallback, Integer.MIN_VALUE, Integer.MAX_VALUE);
        if (Arrays.stream(allowed).noneMatch(a -> a == value)) {
            problem(key, String.valueOf(value), "one of " + Arrays.toString(allowed), String.valueOf(fallback));
            return fallback;
        }
        return value;
    }

    boolean bool(String key, boolean fallback) {
        Optional<String> value = raw(key);
        if (value.isEmpty()) {
            return fallback;
        }
        return switch (value.get().toLowerCase()) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                problem(key, value.get(), "true or false", String.valueOf(fallback));
                yield fallback;
            }
        };
    }

    <E> E choice(String key, E fallback, Map<String, E> choices) {
        Optional<String> value = raw(key);
        if (value.isEmpty()) {
            return fallback;
        }
        E chosen = choices.get(value.get());
        if (chosen == null) {
            problem(key, value.get(), "one of " + String.join(", ", choices.keySet()),
                    choices.keySet().iterator().next());
            return fallback;
        }
        return chosen;
    }

    /**
     * A list, written either as a JSON array of strings (what {@code pulumi config set --path} stores)
     * or comma-separated.
     */
    List<String> list(String key, List<String> fallback, Predicate<String> validItem, String expected, String example) {
        Optional<String> value = raw(key);
        if (value.isEmpty()) {
            return fallback;
        }
        List<String> items = splitList(value.get());
        List<String> bad = items.stream().filter(validItem.negate()).toList();
        if (!bad.isEmpty()) {
            problem(key, value.get(), expected + " (not valid: " + String.join(", ", bad) + ")", example);
            return fallback;
        }
        return items;
    }

    static List<String> splitList(String text) {
        String body = text.trim();
        if (body.startsWith("[") && body.endsWith("]")) {
            body = body.substring(1, body.length() - 1);
        }
        return Arrays.stream(body.split(","))
                .map(item -> item.trim().replaceAll("^\"|\"$", "").trim())
                .filter(item -> !item.isEmpty())
                .toList();
    }

    /** Records a problem whose fix is setting {@code key} to {@code example}. */
    void problem(String key, String value, String expected, String example) {
        problems.add(new ConfigProblem(key, value, expected, "pulumi config set " + key + " " + shellQuote(example)));
    }

    /** A problem found by a check across several keys, already phrased with its fix. */
    void problem(ConfigProblem problem) {
        problems.add(problem);
    }

    void failIfAny() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    private static String shellQuote(String value) {
        return value.matches("[A-Za-z0-9._:/@,=+-]+") ? value : "'" + value.replace("'", "'\\''") + "'";
    }
}
