package org.dbosconductor.cluster;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class IamPoliciesTest {
    @Test
    void serviceAccountTrustIsScopedToOneServiceAccount() {
        var statement = JsonParser.parseString(IamPolicies.assumableByServiceAccount(
                        "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/ABC",
                        "https://oidc.eks.us-west-2.amazonaws.com/id/ABC", "kube-system", "aws-node"))
                .getAsJsonObject().getAsJsonArray("Statement").get(0).getAsJsonObject();
        assertEquals("sts:AssumeRoleWithWebIdentity", statement.get("Action").getAsString());
        var equals = statement.getAsJsonObject("Condition").getAsJsonObject("StringEquals");
        assertEquals("system:serviceaccount:kube-system:aws-node", equals.get("oidc.eks.us-west-2.amazonaws.com/id/ABC:sub").getAsString());
        assertEquals("sts.amazonaws.com", equals.get("oidc.eks.us-west-2.amazonaws.com/id/ABC:aud").getAsString());
    }

    @Test
    void nodesDoNotCarryTheCniPolicy() {
        assertFalse(IamPolicies.NODE_POLICIES.contains(IamPolicies.CNI_POLICY));
        assertEquals("eks.amazonaws.com", JsonParser.parseString(IamPolicies.assumableByService("eks.amazonaws.com"))
                .getAsJsonObject().getAsJsonArray("Statement").get(0).getAsJsonObject()
                .getAsJsonObject("Principal").get("Service").getAsString());
    }
}
