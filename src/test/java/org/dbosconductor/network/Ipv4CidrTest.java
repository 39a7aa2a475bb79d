package org.dbosconductor.network;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Ipv4CidrTest {
    @Test
    void parsesAndPrintsNetworks() {
        assertEquals("10.1.0.0/16", Ipv4Cidr.parse("10.1.0.0/16").orElseThrow().toString());
        assertEquals("0.0.0.0/0", Ipv4Cidr.parse(" 0.0.0.0/0 ").orElseThrow().toString());
        assertEquals(256, Ipv4Cidr.parse("192.168.4.0/24").orElseThrow().size());
    }

    @Test
    void rejectsMalformedText() {
        for (String bad : new String[]{"10.0.0.0", "10.0.0.0/33", "256.0.0.0/8", "10.0.0/16", "10.0.0.1/16", "a.b.c.d/8", ""}) {
            assertTrue(Ipv4Cidr.parse(bad).isEmpty(), bad);
        }
    }

    @Test
    void privateRanges() {
        assertTrue(Ipv4Cidr.parse("10.0.0.0/16").orElseThrow().isPrivate());
        assertTrue(Ipv4Cidr.parse("172.31.0.0/16").orElseThrow().isPrivate());
        assertFalse(Ipv4Cidr.parse("172.32.0.0/16").orElseThrow().isPrivate());
        assertFalse(Ipv4Cidr.parse("8.8.8.0/24").orElseThrow().isPrivate());
    }

    @Test
    void subnetIndexing() {
        var vpc = Ipv4Cidr.parse("10.0.0.0/16").orElseThrow();
        assertEquals("10.0.255.0/24", vpc.subnet(24, 255).toString());
        assertThrows(IllegalArgumentException.class, () -> vpc.subnet(24, 256));
        assertThrows(IllegalArgumentException.class, () -> vpc.subnet(8, 0));
    }
}
