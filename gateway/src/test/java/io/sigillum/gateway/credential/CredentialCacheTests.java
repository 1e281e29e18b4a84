package io.sigillum.gateway.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sigillum.signer.algorithm.KeyAlgorithm;
import io.sigillum.signer.token.KeyRef;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class CredentialCacheTests {

    private static final UUID PLATFORM = UUID.randomUUID();

    /**
     * A repository that answers its first read after {@code firstDelay} and the others after {@code delay}, each read
     * with the next version (in the description); a zero delay answers at once, on the caller's thread.
     */
    private static final class CountingRepository extends CredentialRepository {

        final AtomicInteger reads = new AtomicInteger();
        final Duration firstDelay;
        final Duration delay;
        volatile boolean known = true;

        CountingRepository(Duration delay) {
            this(delay, delay);
        }

        CountingRepository(Duration firstDelay, Duration delay) {
            super(null, null);
            this.firstDelay = firstDelay;
            this.delay = delay;
        }

        @Override
        public Mono<Credential> findLinked(String credentialId, UUID platformId) {
            int version = reads.incrementAndGet();
            Duration wait = version == 1 ? firstDelay : delay;
            Mono<Credential> answer = Mono.fromSupplier(() -> known ? credential(credentialId, version) : null);
            return wait.isZero() ? answer : Mono.delay(wait).then(answer);
        }
    }

    private static Credential credential(String id, int version) {
        return new Credential(id, "user", new KeyRef("key-" + id), KeyAlgorithm.EC_P256, CredentialStatus.ACTIVE, "+48500000000",
                Optional.empty(), 0, 1, "version " + version, List.of(), Locale.of("pl"));
    }

    @Test
    void requestsThatMissTogetherShareOneRead() {
        CountingRepository repository = new CountingRepository(Duration.ofMillis(200));
        CredentialCache cache = new CredentialCache(repository, Duration.ofSeconds(10), 100, Duration.ofSeconds(2));

        List<Credential> answers = Flux.range(0, 64).flatMap(i -> cache.getLinked(PLATFORM, "c1"), 64).collectList()
                .block(Duration.ofSeconds(5));

        assertThat(answers).hasSize(64).allSatisfy(c -> assertThat(c.description()).isEqualTo("version 1"));
        assertThat(repository.reads).hasValue(1);
    }

    @Test
    void aWaiterThatGoesAwayDoesNotCancelTheReadTheOthersWaitFor() {
        CountingRepository repository = new CountingRepository(Duration.ofMillis(300));
        CredentialCache cache = new CredentialCache(repository, Duration.ofSeconds(10), 100, Duration.ofSeconds(2));

        Disposable gone = cache.getLinked(PLATFORM, "c1").subscribe();
        Mono<Credential> staying = cache.getLinked(PLATFORM, "c1");
        gone.dispose();

        assertThat(staying.block(Duration.ofSeconds(5))).extracting(Credential::description).isEqualTo("version 1");
        assertThat(repository.reads).hasValue(1);
    }

    @Test
    void anEntryInUseIsReadAgainInTheBackgroundAndNeverServedOlderThanItsTtl() {
        // the first read answers at once, so the entry is stamped before the clock moves: a read answered on another
        // thread is stamped by a callback of Caffeine's that may run after the waiter has woken and moved the clock,
        // and an entry stamped at 1,200 ms is not due for a read again at 1,200 ms
        CountingRepository repository = new CountingRepository(Duration.ZERO, Duration.ofMillis(20));
        AtomicLong nanos = new AtomicLong();
        CredentialCache cache = new CredentialCache(repository, Duration.ofSeconds(2), 100, Duration.ofSeconds(2), nanos::get);
        assertThat(cache.getLinked(PLATFORM, "c1").block()).extracting(Credential::description).isEqualTo("version 1");

        // past half the TTL: the cached value is answered at once, and a read starts behind it
        nanos.addAndGet(Duration.ofMillis(1200).toNanos());
        assertThat(cache.getLinked(PLATFORM, "c1").block()).extracting(Credential::description).isEqualTo("version 1");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(cache.getLinked(PLATFORM, "c1").block())
                .extracting(Credential::description).isEqualTo("version 2"));
        assertThat(repository.reads).hasValue(2);

        // unused for longer than the TTL: the old value is gone, the next request waits for a fresh read
        nanos.addAndGet(Duration.ofMillis(2600).toNanos());
        assertThat(cache.getLinked(PLATFORM, "c1").block()).extracting(Credential::description).isEqualTo("version 3");
    }

    @Test
    void anUnknownCredentialIsNotCachedAndAnEvictedOneIsReadAgain() {
        CountingRepository repository = new CountingRepository(Duration.ZERO);
        CredentialCache cache = new CredentialCache(repository, Duration.ofSeconds(10), 100, Duration.ofSeconds(2));
        repository.known = false;
        assertThat(cache.getLinked(PLATFORM, "c1").blockOptional()).isEmpty();
        // the empty answer leaves the cache as its read completes (a request in that instant may still share it)
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
            assertThat(cache.getLinked(PLATFORM, "c1").blockOptional()).isEmpty();
            assertThat(repository.reads.get()).isGreaterThanOrEqualTo(2);
        });

        repository.known = true;
        Credential found = await().atMost(Duration.ofSeconds(2))
                .until(() -> cache.getLinked(PLATFORM, "c1").blockOptional(), Optional::isPresent).orElseThrow();
        int reads = repository.reads.get();
        assertThat(cache.getLinked(PLATFORM, "c1").block()).isEqualTo(found);
        assertThat(repository.reads).hasValue(reads);
        cache.evict("c1");
        assertThat(cache.getLinked(PLATFORM, "c1").block()).extracting(Credential::description)
                .isEqualTo("version " + (reads + 1));
    }

    @Test
    void aReadThatNeverEndsFailsAtItsDeadlineAndTheNextRequestReadsAgain() {
        CountingRepository repository = new CountingRepository(Duration.ofDays(1));
        CredentialCache cache = new CredentialCache(repository, Duration.ofSeconds(10), 100, Duration.ofMillis(200));

        for (int request = 0; request < 2; request++) {
            // the read's own deadline, not the test's wait for an answer
            assertThatThrownBy(() -> cache.getLinked(PLATFORM, "c1").block(Duration.ofSeconds(5)))
                    .hasCauseInstanceOf(TimeoutException.class)
                    .satisfies(e -> assertThat(e.getCause().getMessage()).doesNotContain("blocking read"));
        }
        assertThat(repository.reads).hasValue(2);
    }

    @Test
    void aRequestInTheInstantAReadFailsReadsAgainRatherThanShareTheFailure() {
        CountingRepository repository = new CountingRepository(Duration.ofDays(1));
        CredentialCache cache = new CredentialCache(repository, Duration.ofSeconds(10), 100, Duration.ofMillis(100));

        // the second request runs inside the failed read's completion, before Caffeine's own callback drops the entry
        Mono<Credential> retried = cache.getLinked(PLATFORM, "c1")
                .onErrorResume(TimeoutException.class, e -> cache.getLinked(PLATFORM, "c1"));

        assertThatThrownBy(() -> retried.block(Duration.ofSeconds(5))).hasCauseInstanceOf(TimeoutException.class);
        assertThat(repository.reads).hasValue(2);
    }

    @Test
    void aPlatformNeverGetsTheEntryOfAnother() {
        CountingRepository repository = new CountingRepository(Duration.ZERO);
        CredentialCache cache = new CredentialCache(repository, Duration.ofSeconds(10), 100, Duration.ofSeconds(2));
        cache.getLinked(PLATFORM, "c1").block();
        cache.getLinked(UUID.randomUUID(), "c1").block();
        assertThat(repository.reads).hasValue(2);
    }
}
