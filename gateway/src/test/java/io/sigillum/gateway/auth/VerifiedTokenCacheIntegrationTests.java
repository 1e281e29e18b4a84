package io.sigillum.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigillum.gateway.support.IntegrationTest;
import io.sigillum.gateway.support.SigningFixtures;
import io.sigillum.gateway.web.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The verified-token cache of {@link AccessTokens}, against a real Redis whose revocation look-ups are counted and slowed
 * down: requests that present a token together check it once, and a revocation is never undone by a check that was
 * already running when it was stored.
 */
class VerifiedTokenCacheIntegrationTests extends IntegrationTest {

    private static final String ISSUER = "http://127.0.0.1:8080";

    @Autowired
    ApplicationContext context;
    @Autowired
    AccessTokenKeys keys;
    @Autowired
    OAuth2Properties properties;
    @Autowired
    ReactiveRedisConnectionFactory connections;

    /** Redis with every revocation look-up counted and its answer delayed: the first's by one delay, the others' by another. */
    private static final class SlowRevocationLookups extends ReactiveStringRedisTemplate {

        final AtomicInteger lookups = new AtomicInteger();
        final Duration first;
        final Duration others;

        SlowRevocationLookups(ReactiveRedisConnectionFactory connections, Duration first, Duration others) {
            super(connections);
            this.first = first;
            this.others = others;
        }

        @Override
        public Mono<Boolean> hasKey(String key) {
            return super.hasKey(key).delayElement(lookups.incrementAndGet() == 1 ? first : others);
        }
    }

    @Test
    void requestsPresentingATokenTogetherCheckItOnce() {
        SlowRevocationLookups redis = new SlowRevocationLookups(connections, Duration.ofMillis(200), Duration.ofMillis(200));
        AccessTokens tokens = new AccessTokens(keys, properties, redis, Clock.systemUTC(), () -> ISSUER);
        PlatformClient platform = new SigningFixtures(context).platform();
        String token = tokens.issue(platform, Set.of(AccessTokens.SERVICE_SCOPE)).value();

        List<PlatformPrincipal> principals = Flux.range(0, 64).flatMap(i -> tokens.verify(token), 64).collectList()
                .block(Duration.ofSeconds(5));

        assertThat(principals).hasSize(64).allSatisfy(p -> assertThat(p.platformId()).isEqualTo(platform.id()));
        assertThat(redis.lookups).hasValue(1);
        // and then it is remembered
        tokens.verify(token).block(Duration.ofSeconds(5));
        assertThat(redis.lookups).hasValue(1);
    }

    @Test
    void aRefusedTokenIsNotRemembered() {
        SlowRevocationLookups redis = new SlowRevocationLookups(connections, Duration.ZERO, Duration.ZERO);
        AccessTokens tokens = new AccessTokens(keys, properties, redis, Clock.systemUTC(), () -> ISSUER);
        PlatformClient platform = new SigningFixtures(context).platform();
        String token = tokens.issue(platform, Set.of(AccessTokens.SERVICE_SCOPE)).value();
        // revoked elsewhere (another instance): this one learns it from Redis
        AccessTokens other = new AccessTokens(keys, properties, new ReactiveStringRedisTemplate(connections), Clock.systemUTC(),
                () -> ISSUER);
        other.revoke(token, platform.id()).block(Duration.ofSeconds(5));

        for (int i = 1; i <= 2; i++) {
            assertThatThrownBy(() -> tokens.verify(token).block(Duration.ofSeconds(5)))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).contains("revoked"));
            assertThat(redis.lookups).hasValue(i);
        }
    }

    @Test
    void aRevocationIsNotUndoneByACheckThatWasRunningWhenItWasStored() {
        SlowRevocationLookups redis = new SlowRevocationLookups(connections, Duration.ofMillis(500), Duration.ZERO);
        AccessTokens tokens = new AccessTokens(keys, properties, redis, Clock.systemUTC(), () -> ISSUER);
        PlatformClient platform = new SigningFixtures(context).platform();
        String token = tokens.issue(platform, Set.of(AccessTokens.SERVICE_SCOPE)).value();

        // a request checks the token (Redis says "not revoked", the answer comes late) while the platform revokes it:
        // that check must not be remembered after the revocation
        Mono<PlatformPrincipal> inFlight = tokens.verify(token).cache();
        inFlight.subscribe();
        assertThat(tokens.revoke(token, platform.id()).block(Duration.ofSeconds(5))).isPresent();
        assertThat(inFlight.block(Duration.ofSeconds(5)).platformId()).isEqualTo(platform.id());

        assertThatThrownBy(() -> tokens.verify(token).block(Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).contains("revoked"));
    }

    @Test
    void aRevocationByIdStopsARememberedTokenAndIsNotUndoneByACheckRunning() {
        SlowRevocationLookups redis = new SlowRevocationLookups(connections, Duration.ZERO, Duration.ofMillis(500));
        AccessTokens tokens = new AccessTokens(keys, properties, redis, Clock.systemUTC(), () -> ISSUER);
        PlatformClient platform = new SigningFixtures(context).platform();
        AccessTokens.IssuedToken remembered = tokens.issue(platform, Set.of(AccessTokens.SERVICE_SCOPE));
        AccessTokens.IssuedToken checking = tokens.issue(platform, Set.of(AccessTokens.SERVICE_SCOPE));
        tokens.verify(remembered.value()).block(Duration.ofSeconds(5));

        // the second token's check is still waiting for Redis when both are revoked by their ids alone
        Mono<PlatformPrincipal> inFlight = tokens.verify(checking.value()).cache();
        inFlight.subscribe();
        tokens.revoke(remembered.id()).block(Duration.ofSeconds(5));
        tokens.revoke(checking.id()).block(Duration.ofSeconds(5));
        inFlight.block(Duration.ofSeconds(5));

        for (AccessTokens.IssuedToken revoked : List.of(remembered, checking)) {
            assertThatThrownBy(() -> tokens.verify(revoked.value()).block(Duration.ofSeconds(5)))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).contains("revoked"));
        }
    }
}
