package org.dbosconductor.cluster;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class KubeconfigTest {
    @Test
    void authenticatesWithAwsEksGetTokenAndHoldsNoCredential() {
        var kubeconfig = JsonParser.parseString(Kubeconfig.render("dbos-conductor-dev", "https://ABC.gr7.us-west-2.eks.amazonaws.com", "Q0E=", "us-west-2")).getAsJsonObject();
        var cluster = kubeconfig.getAsJsonArray("clusters").get(0).getAsJsonObject().getAsJsonObject("cluster");
        assertEquals("https://ABC.gr7.us-west-2.eks.amazonaws.com", cluster.get("server").getAsString());
        assertEquals("Q0E=", cluster.get("certificate-authority-data").getAsString());
        var user = kubeconfig.getAsJsonArray("users").get(0).getAsJsonObject().getAsJsonObject("user");
        assertFalse(user.has("token"));
        var exec = user.getAsJsonObject("exec");
        assertEquals("aws", exec.get("command").getAsString());
        assertEquals("[\"eks\",\"get-token\",\"--cluster-name\",\"dbos-conductor-dev\",\"--region\",\"us-west-2\",\"--output\",\"json\"]",
                exec.getAsJsonArray("args").toString());
        assertEquals(kubeconfig.get("current-context").getAsString(),
                kubeconfig.getAsJsonArray("contexts").get(0).getAsJsonObject().get("name").getAsString());
    }
}
