package org.dbosconductor.addons;

import com.pulumi.core.Output;
import com.pulumi.kubernetes.Provider;
import com.pulumi.kubernetes.ProviderArgs;
import com.pulumi.test.Mocks;
import com.pulumi.test.PulumiTest;
import org.dbosconductor.synth.MockCloud;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one Helm add-on shape, including the optional service-account role no current chart needs. */
class HelmAddOnTest {
    @AfterEach
    void cleanup() {
        PulumiTest.cleanup();
    }

    @Test
    @SuppressWarnings("unchecked")
    void serviceAccountRoleIsTrustedForThatAccountAndAnnotatedIntoTheValues() {
        var cloud = new MockCloud("us-west-2", "lb.example.com");
        var seen = new ConcurrentHashMap<String, Map<String, Object>>();
        Mocks recording = new Mocks() {
            @Override
            public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
                seen.put(args.type + "::" + args.name, args.inputs);
                return cloud.newResourceAsync(args);
            }
        };
        PulumiTest.withMocks(recording).runTest(ctx -> {
            var provider = new Provider("k8s", ProviderArgs.builder().kubeconfig("{}").build());
            var role = new ServiceAccountRole("external-dns", List.of("arn:aws:iam::aws:policy/AmazonRoute53FullAccess"),
                    "serviceAccount.annotations",
                    Output.of("arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/ABC"),
                    Output.of("https://oidc.eks.us-west-2.amazonaws.com/id/ABC"));
            new HelmAddOn("dns", HelmAddOnSpec.of(new HelmChart("external-dns", "external-dns",
                    "https://kubernetes-sigs.github.io/external-dns", "1.15.0", "external-dns"),
                    Map.of("serviceAccount", Map.of("create", true))).withRole(role), provider, null);
        }).throwOnError();
        Map<String, Object> release = seen.get("kubernetes:helm.sh/v3:Release::dns-release");
        var values = (Map<String, Object>) release.get("values");
        var serviceAccount = (Map<String, Object>) values.get("serviceAccount");
        assertEquals(true, serviceAccount.get("create"), "existing values are kept");
        String roleArn = String.valueOf(((Map<String, Object>) serviceAccount.get("annotations")).get("eks.amazonaws.com/role-arn"));
        assertTrue(roleArn.startsWith("arn:aws:iam::123456789012:role/dns-role"), roleArn);
        String trust = String.valueOf(seen.get("aws:iam/role:Role::dns-role").get("assumeRolePolicy"));
        assertTrue(trust.contains("system:serviceaccount:external-dns:external-dns"), trust);
        assertEquals("arn:aws:iam::aws:policy/AmazonRoute53FullAccess",
                seen.get("aws:iam/rolePolicyAttachment:RolePolicyAttachment::dns-role-AmazonRoute53FullAccess").get("policyArn"));
        assertEquals("1.15.0", release.get("version"));
        assertEquals("external-dns", release.get("namespace"));
        assertEquals(true, release.get("atomic"));
    }
}
