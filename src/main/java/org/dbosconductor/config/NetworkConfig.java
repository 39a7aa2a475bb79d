package org.dbosconductor.config;

import org.dbosconductor.network.Ipv4Cidr;

/** The VPC: its address block, how many availability zones it spans, and how NAT is provided. */
public record NetworkConfig(Ipv4Cidr vpcCidr, int availabilityZoneCount, NatGatewayMode natGateways) {

    public enum NatGatewayMode {
        /** One NAT gateway for the whole VPC: cheaper, but egress stops if its zone fails. */
        SINGLE,
        /** One NAT gateway in every zone: egress survives the loss of a zone. */
        ONE_PER_AZ
    }
}
