package org.dbosconductor.edge;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoadBalancerHostnameTest {
    @Test
    void acceptsADnsName() {
        assertEquals("abc-1.elb.us-west-2.amazonaws.com", LoadBalancerHostname.validate("abc-1.elb.us-west-2.amazonaws.com", "ns/svc"));
    }

    @Test
    void rejectsEmptyAndMalformedNamesWithTheService() {
        var empty = assertThrows(IllegalStateException.class, () -> LoadBalancerHostname.validate("", "ingress-nginx/ingress-nginx-controller"));
        assertTrue(empty.getMessage().contains("Service ingress-nginx/ingress-nginx-controller has no hostname"), empty.getMessage());
        var malformed = assertThrows(IllegalStateException.class, () -> LoadBalancerHostname.validate("not a host", "a/b"));
        assertTrue(malformed.getMessage().contains("\"not a host\""), malformed.getMessage());
    }

    @Test
    void aMissingStatusIsEmpty() {
        assertThrows(IllegalStateException.class, () -> LoadBalancerHostname.require(java.util.Optional.empty(), "a/b"));
    }
}
