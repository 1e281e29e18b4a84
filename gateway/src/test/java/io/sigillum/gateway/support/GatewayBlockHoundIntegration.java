package io.sigillum.gateway.support;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * What the gateway's tests allow BlockHound to see on non-blocking threads, each with the reason it cannot stall an
 * event loop. Everything else that blocks there fails the test that caused it.
 */
public final class GatewayBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        // Each thread's DRBG is seeded once, the first time that thread draws: a 32-byte read of the kernel's entropy
        // pool (getrandom/urandom), which never waits once the system has booted. Later draws read nothing.
        builder.allowBlockingCallsInside("io.sigillum.gateway.security.Randomness", "seededDrbg");
    }
}
