package org.dbosconductor.config;

import com.pulumi.exceptions.RunException;

import java.util.List;

/**
 * A configuration mistake the user can fix. It extends {@link RunException} because the Pulumi Java
 * runtime prints a RunException's message alone, without a stack trace.
 */
public final class ConfigException extends RunException {
    private final List<ConfigProblem> problems;

    public ConfigException(List<ConfigProblem> problems) {
        super(render(problems));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String render(List<ConfigProblem> problems) {
        var text = new StringBuilder(problems.size() == 1
                ? "Invalid stack configuration:"
                : "Invalid stack configuration (" + problems.size() + " problems):");
        for (ConfigProblem problem : problems) {
            text.append("\n  - ").append(problem.message());
        }
        return text.toString();
    }
}
