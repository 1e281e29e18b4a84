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
        builder.allowBlockingCallsInside("io.sigillum.gateway.secret.Randomness", "seededDrbg");
        // Lettuce counts the writers of a connection under a ReentrantLock held only around that counter update (never
        // across I/O), and takes it exclusively for a moment when the connection changes state; two event loops writing
        // at once may park for those microseconds. Throwing inside it instead would leave the connection's lock state
        // broken and wedge every later command on it.
        for (String method : new String[] {"incrementWriters", "decrementWriters", "doExclusive"}) {
            builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", method);
        }
        // Spring Data Redis hands every reactive command the one shared Lettuce connection through a ReentrantLock
        // around "create it if it does not exist yet". The gateway creates it at start-up (the reachability check and
        // the first store calls run before it serves); afterwards the lock guards a field read, so two event loops
        // asking at once park for microseconds at most. Seen as a random CI failure under concurrent e-code generation.
        builder.allowBlockingCallsInside("org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory",
                "getOrCreateSharedReactiveConnection");
        builder.allowBlockingCallsInside("org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory$SharedConnection",
                "getConnection");
        // The signing pool hands work to its workers with ArrayBlockingQueue.offer, which never waits for room (a full
        // queue is refused at once: PoolSaturatedException) but takes the queue's lock for the insert; a worker taking a
        // task holds it as briefly (it releases it while it waits for work). Two threads at the queue at once may park
        // for that moment. Seen as a random CI failure: signDoc's per-document signing, on an R2DBC event loop.
        builder.allowBlockingCallsInside("io.sigillum.signer.pool.SigningPool", "enqueueAll");
        // Netty's default buffer allocator (AdaptivePoolingAllocator) takes a magazine's StampedLock to free a buffer and
        // when it grows its magazines for a busy event loop; the lock guards a few field updates, never I/O, so a loop
        // parks for microseconds at most. Seen in a test's own WebClient streaming a 2.5 MB chunked body; the server's
        // loops allocate through the same code under load.
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free");
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "tryExpandMagazines");
        // Jackson builds the deserializer of a type the first time it reads one, under a ReentrantLock (so two readers
        // do not build it twice) and caches it; later reads find it without the lock. Only requests of a type not read
        // before can meet there, for as long as the build takes. Seen as a random CI failure: three applicants booking
        // one video slot at once, the first bodies of their type the test context read.
        builder.allowBlockingCallsInside("tools.jackson.databind.deser.DeserializerCache", "_createAndCacheValueDeserializer");
        // The signing pool's circuit breaker records each outcome in Resilience4j's count-based sliding window, whose
        // ReentrantLock is held for one slot's update and the running totals (no I/O, no waiting on anything else). A
        // few EC signatures are signed on the caller's thread (inline signing), so an event loop records there, and two
        // loops recording at once may park for that moment. Seen as a random CI failure: eight concurrent signHash
        // calls over one SAD (SecurityRulesIntegrationTests), one of which got a 500 from BlockHound's error.
        builder.allowBlockingCallsInside("io.github.resilience4j.core.metrics.FixedSizeSlidingWindowMetrics", "record");
    }
}
