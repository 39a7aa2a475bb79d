package org.dbosconductor.network;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SubnetPlanTest {
    private static Ipv4Cidr cidr(String text) {
        return Ipv4Cidr.parse(text).orElseThrow();
    }

    @Test
    void threeZonesOfASlash16() {
        var plan = SubnetPlan.plan(cidr("10.0.0.0/16"), 3);
        assertEquals(List.of("10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19"),
                plan.stream().map(z -> z.privateCidr().toString()).toList());
        assertEquals(List.of("10.0.224.0/22", "10.0.228.0/22", "10.0.232.0/22"),
                plan.stream().map(z -> z.publicCidr().toString()).toList());
    }

    @Test
    void twoZonesOfASlash20() {
        var plan = SubnetPlan.plan(cidr("172.16.16.0/20"), 2);
        assertEquals(List.of("172.16.16.0/23", "172.16.18.0/23"), plan.stream().map(z -> z.privateCidr().toString()).toList());
        assertEquals(List.of("172.16.30.0/26", "172.16.30.64/26"), plan.stream().map(z -> z.publicCidr().toString()).toList());
    }

    @Test
    void everySupportedShapeFitsWithoutOverlap() {
        for (int prefix = SubnetPlan.MIN_VPC_PREFIX; prefix <= SubnetPlan.MAX_VPC_PREFIX; prefix++) {
            Ipv4Cidr vpc = new Ipv4Cidr(Ipv4Cidr.parse("10.0.0.0/8").orElseThrow().network(), prefix);
            for (int zones = SubnetPlan.MIN_ZONES; zones <= SubnetPlan.MAX_ZONES; zones++) {
                var all = new ArrayList<Ipv4Cidr>();
                SubnetPlan.plan(vpc, zones).forEach(z -> {
                    all.add(z.privateCidr());
                    all.add(z.publicCidr());
                });
                assertEquals(2 * zones, all.size());
                for (int i = 0; i < all.size(); i++) {
                    assertTrue(vpc.contains(all.get(i)), all.get(i) + " outside " + vpc);
                    assertTrue(all.get(i).size() >= 64, "AWS needs /28 at least; " + all.get(i) + " is too small to be useful");
                    for (int j = i + 1; j < all.size(); j++) {
                        assertFalse(all.get(i).overlaps(all.get(j)), all.get(i) + " overlaps " + all.get(j));
                    }
                }
            }
        }
    }

    @Test
    void refusesShapesItCannotServe() {
        assertThrows(IllegalArgumentException.class, () -> SubnetPlan.plan(cidr("10.0.0.0/24"), 2));
        assertThrows(IllegalArgumentException.class, () -> SubnetPlan.plan(cidr("10.0.0.0/16"), 1));
        assertThrows(IllegalArgumentException.class, () -> SubnetPlan.plan(cidr("10.0.0.0/16"), 4));
    }
}
