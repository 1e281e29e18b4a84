package io.sigillum.gateway.csc;

import io.sigillum.gateway.auth.PlatformPrincipal;
import io.sigillum.gateway.csc.wire.SignHashRequest;
import java.util.List;
import org.springframework.context.ApplicationContext;
import reactor.core.publisher.Mono;

/**
 * For the benchmarks only: the gateway's package-private signHash pipeline ({@link HashSigning}) of a running context.
 * It lives in the gateway's package name on the benchmarks' class path, so the gateway needs no public seam for it and
 * the benchmark calls exactly what the controller calls; a change to {@code HashSigning.sign} is fixed here, in one line.
 */
public final class HashSigningAccess {

    private final HashSigning signing;

    public HashSigningAccess(ApplicationContext context) {
        this.signing = context.getBean(HashSigning.class);
    }

    /** What {@code SignHashHandler.handle} does with a parsed request: the signature values, in order. */
    public Mono<List<byte[]>> sign(PlatformPrincipal platform, SignHashRequest request) {
        return signing.sign(platform, request);
    }
}
