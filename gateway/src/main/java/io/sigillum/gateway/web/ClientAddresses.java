package io.sigillum.gateway.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

/**
 * The address a request came from, for limits kept per client: the TCP peer, or, when the peer is a trusted proxy
 * ({@code sigillum.http.trusted-proxies}), the nearest address in {@code X-Forwarded-For} that is not one of them (read
 * from the right: what the client itself wrote on the left is not to be believed). A proxy that says nothing, or
 * something that is not an address, leaves the proxy's own address: requests are then grouped more coarsely, never
 * spread over addresses a client made up.
 */
@Component
public class ClientAddresses {

    private final TrustedProxies proxies;

    ClientAddresses(HttpLimitsProperties limits) {
        this.proxies = TrustedProxies.of(limits.trustedProxies());
    }

    /** The client's address as text ({@code 192.0.2.7}, {@code 2001:db8::1}); {@code unknown} without a peer. */
    public String of(ServerHttpRequest request) {
        InetSocketAddress peer = request.getRemoteAddress();
        if (peer == null || peer.getAddress() == null) {
            return "unknown";
        }
        InetAddress client = peer.getAddress();
        List<String> forwarded = request.getHeaders().getValuesAsList("X-Forwarded-For");
        for (int i = forwarded.size() - 1; i >= 0 && proxies.includes(client); i--) {
            try {
                client = InetAddress.ofLiteral(forwarded.get(i).strip());
            } catch (IllegalArgumentException notAnAddress) {
                break;
            }
        }
        return client.getHostAddress();
    }
}
