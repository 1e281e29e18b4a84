package io.sigillum.gateway.ca;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.gateway.support.IntegrationTest;
import io.sigillum.signer.algorithm.KeyAlgorithm;
import io.sigillum.signer.pool.SigningPool;
import io.sigillum.signer.token.KeyInfo;
import io.sigillum.signer.token.KeyRef;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Instances that share a token make its development keys one at a time: the lock is PostgreSQL's, so it holds across
 * processes as it does here across threads, each with its own connection and transaction.
 */
class TokenProvisioningIntegrationTests extends IntegrationTest {

    @Autowired
    TokenProvisioning provisioning;

    @Autowired
    CertifiedKeys keys;
    @Autowired
    SigningPool pool;

    /**
     * A start that stopped between making a key and storing its chain left the key uncertified; the next start certifies
     * that key, since the token would take no second key under its alias, rather than failing every start after it.
     */
    @Test
    void aKeyLeftUncertifiedByAStartThatStoppedIsCertifiedByTheNext() throws Exception {
        KeyRef key = new KeyRef("uncertified-" + System.nanoTime());
        KeyInfo made = pool.generateKey(key, KeyAlgorithm.EC_P256).get(30, TimeUnit.SECONDS);

        List<X509Certificate> chain = keys.loadOrCreate(key, "time-stamping unit", CertificateKind.TIMESTAMPING,
                KeyAlgorithm.EC_P256, Duration.ofDays(30), (authority, publicKey, notBefore, notAfter, locations) ->
                        authority.issueTimestamping(publicKey, "Uncertified TSU", notBefore, notAfter, locations));

        assertThat(chain).hasSizeGreaterThanOrEqualTo(2);
        assertThat(chain.getFirst().getPublicKey()).isEqualTo(made.publicKey());
        assertThat(pool.certificateChain(key).get(30, TimeUnit.SECONDS)).isEqualTo(chain);
        pool.deleteKey(key).get(30, TimeUnit.SECONDS);
    }

    @Test
    void provisioningRunsOneAtATimeAndEachWaiterGetsItsTurn() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger mostInside = new AtomicInteger();
        ExecutorService instances = Executors.newFixedThreadPool(3);
        List<Future<Integer>> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int instance = i;
            runs.add(instances.submit(() -> provisioning.exclusively(() -> {
                mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                LockSupport.parkNanos(300_000_000L); // as long as making a key or two in the token
                inside.decrementAndGet();
                return instance;
            })));
        }
        List<Integer> finished = new ArrayList<>();
        for (Future<Integer> run : runs) {
            finished.add(run.get());
        }
        instances.shutdown();
        assertThat(finished).containsExactly(0, 1, 2);
        assertThat(mostInside.get()).isEqualTo(1);
    }
}
