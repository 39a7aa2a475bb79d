package org.dbosconductor.config;

/**
 * One bad or missing config value: the key, what was found, what is expected and the command that fixes it.
 *
 * @param key      the fully qualified key, e.g. {@code dbos-conductor:vpcCidr}
 * @param value    the value found, or {@code null} when the key is missing; never a secret's value
 * @param expected what a valid value looks like
 * @param fix      a {@code pulumi config set ...} command that repairs it
 */
public record ConfigProblem(String key, String value, String expected, String fix) {

    public String message() {
        String found = value == null ? "is not set" : "= \"" + value + "\"";
        return key + " " + found + ": expected " + expected + ". Fix: " + fix;
    }
}
