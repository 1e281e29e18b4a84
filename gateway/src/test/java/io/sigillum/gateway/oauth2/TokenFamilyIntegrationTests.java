package io.sigillum.gateway.oauth2;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.gateway.auth.AccessTokens;
import io.sigillum.gateway.secret.Randomness;
import io.sigillum.gateway.support.PlatformIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import reactor.core.publisher.Mono;

/**
 * A token family's revocation against its issuing, in both orders, on a real Redis: a code or refresh token presented
 * again may revoke the family while the exchange that first used it is still issuing its tokens, and then nothing of
 * that exchange may be handed out or left behind.
 */
class TokenFamilyIntegrationTests extends PlatformIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Autowired
    AuthorizationStore store;
    @Autowired
    AccessTokens tokens;
    @Autowired
    ReactiveStringRedisTemplate redis;

    @Test
    void aFamilyRevokedBeforeItsTokensAreRecordedHandsNoneOutAndKeepsNoRefreshToken() {
        String family = Randomness.hex(16);
        assertThat(store.revokeFamily(family).block(WAIT)).isEmpty();

        AccessTokens.TokenId access = tokens.issue(platform, Set.of(AccessTokens.SERVICE_SCOPE)).id();
        assertThat(store.issueRefreshToken(platform, "user-1", family, access, Instant.now()).blockOptional(WAIT)).isEmpty();
        assertThat(store.recordAccessToken(family, access).block(WAIT)).isFalse();
        assertThat(refreshTokensOf(family)).isEmpty();
    }

    @Test
    void aFamilyRevokedAfterItsTokensAreRecordedDeletesItsRefreshTokenAndNamesEveryAccessTokenItIssued() {
        String family = Randomness.hex(16);
        AccessTokens.TokenId first = tokens.issue(platform, Set.of(AccessTokens.SERVICE_SCOPE)).id();
        String spent = store.issueRefreshToken(platform, "user-1", family, first, Instant.now()).block(WAIT);
        assertThat(store.spendRefreshToken(spent, Mono::just).block(WAIT).first()).isPresent();
        AccessTokens.TokenId middle = tokens.issue(platform, Set.of(AccessTokens.SERVICE_SCOPE)).id();
        String rotated = store.issueRefreshToken(platform, "user-1", family, middle, Instant.now()).block(WAIT);
        assertThat(store.spendRefreshToken(rotated, Mono::just).block(WAIT).first()).isPresent();
        AccessTokens.TokenId current = tokens.issue(platform, Set.of(AccessTokens.SERVICE_SCOPE)).id();
        String refresh = store.issueRefreshToken(platform, "user-1", family, current, Instant.now()).block(WAIT);
        assertThat(refreshTokensOf(family)).hasSize(1);

        assertThat(store.revokeFamily(family).block(WAIT)).containsExactlyInAnyOrder(first, middle, current);

        assertThat(refreshTokensOf(family)).isEmpty();
        assertThat(store.spendRefreshToken(refresh, Mono::just).block(WAIT).first()).isEmpty();
    }

    @Test
    void anAccessTokenThatHasExpiredIsDroppedFromItsFamily() {
        String family = Randomness.hex(16);
        AccessTokens.TokenId first = tokens.issue(platform, Set.of(AccessTokens.SERVICE_SCOPE)).id();
        store.issueRefreshToken(platform, "user-1", family, first, Instant.now()).block(WAIT);
        AccessTokens.TokenId expired = new AccessTokens.TokenId(Randomness.hex(16), Instant.now().minusSeconds(1));
        store.issueRefreshToken(platform, "user-1", family, expired, Instant.now()).block(WAIT);
        AccessTokens.TokenId current = tokens.issue(platform, Set.of(AccessTokens.SERVICE_SCOPE)).id();
        store.issueRefreshToken(platform, "user-1", family, current, Instant.now()).block(WAIT);

        assertThat(store.revokeFamily(family).block(WAIT)).containsExactlyInAnyOrder(first, current);
    }

    @Test
    void aFamilyRecordedInTheEarlierShapeStillNamesItsFirstAndLatestAccessTokens() {
        String family = Randomness.hex(16);
        AccessTokens.TokenId first = tokens.issue(platform, Set.of(AccessTokens.SERVICE_SCOPE)).id();
        AccessTokens.TokenId latest = tokens.issue(platform, Set.of(AccessTokens.SERVICE_SCOPE)).id();
        redis.opsForHash().putAll("oauth2:family:{" + family + "}", Map.of("refresh", "", "first", earlierShape(first),
                "access", earlierShape(latest))).block(WAIT);

        assertThat(store.revokeFamily(family).block(WAIT)).containsExactlyInAnyOrder(first, latest);
        assertThat(store.recordAccessToken(family, tokens.issue(platform, Set.of(AccessTokens.SERVICE_SCOPE)).id()).block(WAIT))
                .isFalse();
    }

    private static String earlierShape(AccessTokens.TokenId access) {
        return access.jti() + " " + access.expiresAt().toEpochMilli();
    }

    /** The refresh tokens stored for a family: each holds its family's name. */
    private List<String> refreshTokensOf(String family) {
        return redis.scan(ScanOptions.scanOptions().match("oauth2:refresh:*").count(1000).build())
                .flatMap(key -> redis.opsForValue().get(key)).filter(grant -> grant.contains(family)).collectList().block(WAIT);
    }
}
