package org.dbosconductor.identity;

import org.dbosconductor.support.Canonical;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Dex's configuration, built as data and written with a YAML library. It holds no secret: the
 * database password is the {@code $DEX_DB_PASSWORD} Dex expands from its environment, and the admin's
 * bcrypt hash is read from {@code DEX_ADMIN_PASSWORD_HASH} ({@code hashFromEnv}); both are filled from
 * Secrets. So the config can be a ConfigMap, visible in the plan.
 */
public final class DexConfig {
    public static final int PORT = 5556;
    /** The Console's OAuth client: public, so the browser uses PKCE and holds no client secret. */
    public static final String CLIENT_ID = "dbos-console";
    public static final String DB_PASSWORD_ENV = "DEX_DB_PASSWORD";
    public static final String ADMIN_HASH_ENV = "DEX_ADMIN_PASSWORD_HASH";
    public static final String ADMIN_USERNAME = "admin";

    /**
     * @param issuer       Dex's public issuer URL; every token's {@code iss}
     * @param redirectUri  the Console's OAuth callback
     * @param database     where Dex keeps its state (signing keys survive restarts and replicas share them)
     */
    public record Settings(String issuer, String redirectUri, String adminEmail, DatabaseSettings database) {
    }

    public record DatabaseSettings(String host, int port, String name, String user) {
    }

    private DexConfig() {
    }

    public static Map<String, Object> model(Settings settings) {
        var storage = new LinkedHashMap<String, Object>();
        storage.put("type", "postgres");
        storage.put("config", Map.of(
                "host", settings.database().host(),
                "port", settings.database().port(),
                "database", settings.database().name(),
                "user", settings.database().user(),
                "password", "$" + DB_PASSWORD_ENV,
                "ssl", Map.of("mode", "require")));
        var config = new LinkedHashMap<String, Object>();
        config.put("issuer", settings.issuer());
        config.put("storage", storage);
        config.put("web", Map.of("http", "0.0.0.0:" + PORT));
        config.put("oauth2", Map.of("skipApprovalScreen", true, "responseTypes", List.of("code")));
        config.put("staticClients", List.of(Map.of(
                "id", CLIENT_ID,
                "name", "DBOS Console",
                "redirectURIs", List.of(settings.redirectUri()),
                "public", true)));
        config.put("enablePasswordDB", true);
        config.put("staticPasswords", List.of(Map.of(
                "email", settings.adminEmail(),
                "hashFromEnv", ADMIN_HASH_ENV,
                "username", ADMIN_USERNAME,
                // Stable, so the admin keeps its identity (and its tokens' subject) across updates.
                "userID", UUID.nameUUIDFromBytes(settings.adminEmail().getBytes(StandardCharsets.UTF_8)).toString())));
        return config;
    }

    public static String render(Settings settings) {
        return Canonical.yaml(model(settings));
    }
}
