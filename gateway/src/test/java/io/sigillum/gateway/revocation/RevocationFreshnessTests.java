package io.sigillum.gateway.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** No OCSP answer or CRL is served, from the responder's cache or from an HTTP cache, once its nextUpdate has passed. */
class RevocationFreshnessTests {

    private static final Instant NOW = Instant.parse("2026-12-06T21:00:00Z");

    @Test
    void aCacheLifetimeThatOutlivesTheAnswersItKeepsIsRefusedAtStartUp() {
        assertThatThrownBy(() -> properties(Duration.ofSeconds(10), Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sigillum.revocation.ocsp-cache-ttl (PT30S) must be shorter than sigillum.revocation.ocsp-validity (PT10S)");
        assertThatThrownBy(() -> properties(Duration.ofSeconds(10), Duration.ofSeconds(10))).isInstanceOf(IllegalArgumentException.class);
        assertThat(properties(Duration.ofMinutes(5), Duration.ofSeconds(10)).ocspCacheTtl()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theHttpCacheLifetimeEndsAtTheNextUpdateAtTheLatest() {
        Duration ttl = Duration.ofSeconds(10);
        assertThat(CaPublicationController.maxAge(NOW, Optional.of(NOW.plusSeconds(300)), ttl)).isEqualTo(ttl);
        assertThat(CaPublicationController.maxAge(NOW, Optional.of(NOW.plusSeconds(4)), ttl)).isEqualTo(Duration.ofSeconds(4));
        assertThat(CaPublicationController.maxAge(NOW, Optional.of(NOW.minusSeconds(20)), ttl)).isZero();
        assertThat(CaPublicationController.maxAge(NOW, Optional.empty(), ttl)).isEqualTo(ttl);
    }

    private static RevocationProperties properties(Duration ocspValidity, Duration ocspCacheTtl) {
        return new RevocationProperties(Duration.ofHours(24), Duration.ofHours(6), Duration.ofMinutes(1), ocspValidity,
                ocspCacheTtl, DataSize.ofKilobytes(8), 16, "ocsp", "OCSP", Duration.ofDays(365), 2, 256);
    }
}
