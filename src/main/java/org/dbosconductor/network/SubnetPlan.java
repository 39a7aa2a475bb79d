package org.dbosconductor.network;

import java.util.ArrayList;
import java.util.List;

/**
 * Carves the VPC into one private and one public subnet per availability zone.
 *
 * <p>The VPC is split into eight equal blocks. Private subnets (nodes, pods with the VPC CNI, RDS)
 * take whole blocks 0..n-1, because every pod gets a VPC address. Public subnets only hold load
 * balancers and NAT gateways, so they share block 7, cut into eight. Blocks n..6 stay free for later
 * growth (more zones, intra subnets) without renumbering anything.
 */
public final class SubnetPlan {
    /** A VPC between /16 and /20 keeps every public subnet at /26 (59 usable addresses) or larger. */
    public static final int MIN_VPC_PREFIX = 16;
    public static final int MAX_VPC_PREFIX = 20;
    public static final int MIN_ZONES = 2;
    public static final int MAX_ZONES = 3;

    private static final int BLOCK_BITS = 3;
    private static final int PUBLIC_BLOCK = 7;

    /** The two subnets of the zone at the same index in the zone list. */
    public record ZoneSubnets(Ipv4Cidr privateCidr, Ipv4Cidr publicCidr) {
    }

    private SubnetPlan() {
    }

    public static List<ZoneSubnets> plan(Ipv4Cidr vpc, int zones) {
        if (vpc.prefix() < MIN_VPC_PREFIX || vpc.prefix() > MAX_VPC_PREFIX) {
            throw new IllegalArgumentException("VPC " + vpc + " must be /" + MIN_VPC_PREFIX + " to /" + MAX_VPC_PREFIX);
        }
        if (zones < MIN_ZONES || zones > MAX_ZONES) {
            throw new IllegalArgumentException("need " + MIN_ZONES + " to " + MAX_ZONES + " zones, got " + zones);
        }
        int privatePrefix = vpc.prefix() + BLOCK_BITS;
        Ipv4Cidr publicBlock = vpc.subnet(privatePrefix, PUBLIC_BLOCK);
        int publicPrefix = privatePrefix + BLOCK_BITS;
        var result = new ArrayList<ZoneSubnets>();
        for (int i = 0; i < zones; i++) {
            result.add(new ZoneSubnets(vpc.subnet(privatePrefix, i), publicBlock.subnet(publicPrefix, i)));
        }
        return List.copyOf(result);
    }
}
