package org.dbosconductor.config;

/** A secret config value. Its {@code toString} never reveals it, so records holding it can be printed. */
public record SecretValue(String value) {
    @Override
    public String toString() {
        return "[secret]";
    }
}
