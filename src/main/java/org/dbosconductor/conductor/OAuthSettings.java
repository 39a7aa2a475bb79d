package org.dbosconductor.conductor;

import org.dbosconductor.identity.DexConfig;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The OAuth environment of Conductor and Console (the seed's section 7), derived from Dex's issuer.
 * Conductor fetches Dex's keys over the cluster network; the Console's URLs are the browser's, so
 * they are public. Without OAuth, Conductor authenticates nothing.
 */
public final class OAuthSettings {
    public static final String SCOPE = "openid profile email";

    private OAuthSettings() {
    }

    /** @param dexServiceHost e.g. {@code dex.dbos.svc.cluster.local} */
    public static Map<String, String> conductor(boolean enabled, String issuer, String dexServiceHost) {
        var env = new LinkedHashMap<String, String>();
        env.put("DBOS_OAUTH_ENABLED", String.valueOf(enabled));
        if (enabled) {
            env.put("DBOS_OAUTH_JWKS_URL", "http://" + dexServiceHost + ":" + DexConfig.PORT + "/dex/keys");
            env.put("DBOS_OAUTH_ISSUER", issuer);
            env.put("DBOS_OAUTH_AUDIENCE", DexConfig.CLIENT_ID);
        }
        return env;
    }

    public static Map<String, String> console(boolean enabled, String issuer) {
        var env = new LinkedHashMap<String, String>();
        env.put("DBOS_OAUTH_ENABLED", String.valueOf(enabled));
        if (enabled) {
            env.put("DBOS_OAUTH_AUTHORIZATION_URL", issuer + "/auth");
            env.put("DBOS_OAUTH_TOKEN_URL", issuer + "/token");
            env.put("DBOS_OAUTH_CLIENT_ID", DexConfig.CLIENT_ID);
            env.put("DBOS_OAUTH_SCOPE", SCOPE);
            env.put("DBOS_OAUTH_USERINFO_URL", issuer + "/userinfo");
            env.put("DBOS_OAUTH_AUDIENCE", DexConfig.CLIENT_ID);
        }
        return env;
    }
}
