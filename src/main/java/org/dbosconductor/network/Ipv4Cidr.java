package org.dbosconductor.network;

import java.util.Optional;
import java.util.regex.Pattern;

/** An IPv4 CIDR block, parsed strictly: four octets 0-255, a prefix 0-32, and no host bits set. */
public record Ipv4Cidr(long network, int prefix) {
    private static final Pattern SHAPE = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

    public Ipv4Cidr {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("prefix must be 0-32, got " + prefix);
        }
        if ((network & ~mask(prefix)) != 0) {
            throw new IllegalArgumentException("host bits set in " + format(network) + "/" + prefix);
        }
    }

    /** Parses {@code a.b.c.d/n}; empty when the text is not a valid network address with its prefix. */
    public static Optional<Ipv4Cidr> parse(String text) {
        var m = SHAPE.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        long address = 0;
        for (int i = 1; i <= 4; i++) {
            int octet = Integer.parseInt(m.group(i));
            if (octet > 255) {
                return Optional.empty();
            }
            address = (address << 8) | octet;
        }
        int prefix = Integer.parseInt(m.group(5));
        if (prefix > 32 || (address & ~mask(prefix)) != 0) {
            return Optional.empty();
        }
        return Optional.of(new Ipv4Cidr(address, prefix));
    }

    public static boolean isValid(String text) {
        return parse(text).isPresent();
    }

    /** The {@code index}-th block of prefix {@code newPrefix} inside this one. */
    public Ipv4Cidr subnet(int newPrefix, long index) {
        if (newPrefix < prefix || newPrefix > 32) {
            throw new IllegalArgumentException("cannot cut /" + newPrefix + " blocks out of " + this);
        }
        long blocks = 1L << (newPrefix - prefix);
        if (index < 0 || index >= blocks) {
            throw new IllegalArgumentException(this + " holds only " + blocks + " /" + newPrefix + " blocks, asked for #" + index);
        }
        return new Ipv4Cidr(network + index * (1L << (32 - newPrefix)), newPrefix);
    }

    public long size() {
        return 1L << (32 - prefix);
    }

    public boolean contains(Ipv4Cidr other) {
        return other.prefix >= prefix && (other.network & mask(prefix)) == network;
    }

    public boolean overlaps(Ipv4Cidr other) {
        return contains(other) || other.contains(this);
    }

    /** Inside 10/8, 172.16/12 or 192.168/16 (RFC 1918). */
    public boolean isPrivate() {
        return parse("10.0.0.0/8").orElseThrow().contains(this)
                || parse("172.16.0.0/12").orElseThrow().contains(this)
                || parse("192.168.0.0/16").orElseThrow().contains(this);
    }

    @Override
    public String toString() {
        return format(network) + "/" + prefix;
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    private static String format(long address) {
        return ((address >> 24) & 255) + "." + ((address >> 16) & 255) + "." + ((address >> 8) & 255) + "." + (address & 255);
    }
}
