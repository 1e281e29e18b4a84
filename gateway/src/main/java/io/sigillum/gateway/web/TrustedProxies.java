package io.sigillum.gateway.web;

import io.sigillum.gateway.config.StartupFailure;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The reverse proxies allowed to say, in forwarded headers, how a client reached the gateway: IP addresses and CIDR ranges. */
final class TrustedProxies {

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = ranges;
    }

    /** Parses {@code 10.0.0.0/8}, {@code 192.0.2.7}, {@code fd00::/8}, {@code ::1}; host names are refused (no DNS at start-up). */
    static TrustedProxies of(List<String> entries) {
        return new TrustedProxies(entries.stream().map(TrustedProxies::range).toList());
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Whether the TCP peer is one of them; an unresolved or absent peer is not. */
    boolean contains(@Nullable InetSocketAddress peer) {
        return peer != null && peer.getAddress() != null && includes(peer.getAddress());
    }

    /** Whether the address is one of them. */
    boolean includes(InetAddress address) {
        return ranges.stream().anyMatch(range -> range.contains(address.getAddress()));
    }

    private static Range range(String entry) {
        String text = entry.strip();
        int slash = text.indexOf('/');
        try {
            byte[] network = InetAddress.ofLiteral(slash < 0 ? text : text.substring(0, slash)).getAddress();
            int bits = slash < 0 ? network.length * 8 : Integer.parseInt(text.substring(slash + 1));
            if (bits < 0 || bits > network.length * 8) {
                throw new IllegalArgumentException("prefix length out of range");
            }
            return new Range(network, bits);
        } catch (IllegalArgumentException e) {
            throw new StartupFailure("sigillum.http.trusted-proxies: '" + entry
                    + "' is not an IP address or CIDR range (e.g. 10.0.0.0/8, ::1)");
        }
    }

    private record Range(byte[] network, int bits) {

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = bits / 8;
            if (!Arrays.equals(address, 0, whole, network, 0, whole)) {
                return false;
            }
            int rest = bits % 8;
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return rest == 0 || (address[whole] & mask) == (network[whole] & mask);
        }
    }
}
