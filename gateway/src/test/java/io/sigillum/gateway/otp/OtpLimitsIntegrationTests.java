package io.sigillum.gateway.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigillum.gateway.support.IntegrationTest;
import io.sigillum.gateway.web.ApiException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Flux;

/** The resend cooldown and the codes-per-window limit: each refusal says which it is, and a refused code costs nothing. */
class OtpLimitsIntegrationTests extends IntegrationTest {

    @Autowired
    OtpChallenges challenges;
    @Autowired
    OtpProperties properties;
    @Autowired
    ReactiveStringRedisTemplate redis;

    @Test
    void aCodeAskedForAgainAtOnceIsRefusedAsRecentlySent() {
        String subject = "credential:" + UUID.randomUUID();
        challenges.send(subject, "test", phone(), code -> "code " + code).block();

        assertThatThrownBy(() -> challenges.send(subject, "test", phone(), code -> "code " + code).block())
                .isInstanceOfSatisfying(ApiException.class, refused -> {
                    assertThat(refused.status().value()).isEqualTo(429);
                    assertThat(refused.code()).isEqualTo(OtpChallenges.RECENTLY_SENT);
                });
    }

    @Test
    void aCodeTheLimitRefusesStartsNoCooldownSoTheRefusalStaysTheLimits() {
        String subject = "credential:" + UUID.randomUUID();
        String cooldown = "otp:{" + subject + "}:cooldown";
        for (int i = 0; i < properties.subjectLimit(); i++) {
            challenges.send(subject, "test", phone(), code -> "code " + code).block();
            redis.delete(cooldown).block(); // the holder waits out the cooldown
        }

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> challenges.send(subject, "test", phone(), code -> "code " + code).block())
                    .isInstanceOfSatisfying(ApiException.class, refused -> {
                        assertThat(refused.code()).isEqualTo("too_many_requests");
                        assertThat(refused.getMessage()).contains("Too many codes for this credential");
                    });
            assertThat(redis.hasKey(cooldown).block()).isFalse();
        }
    }

    /** The same right code sent many times at once is spent by one of them; the others find it spent, not burned. */
    @Test
    void aRightCodeSentManyTimesAtOnceIsAcceptedOnceAndNotBurned() {
        String subject = "credential:" + UUID.randomUUID();
        AtomicReference<String> sent = new AtomicReference<>();
        challenges.send(subject, "test", phone(), code -> {
            sent.set(code);
            return "code " + code;
        }).block();

        Map<OtpVerdict, Long> verdicts = Flux.range(0, 30)
                .flatMap(i -> challenges.verify(subject, "test", sent.get()))
                .collect(Collectors.groupingBy(verdict -> verdict, Collectors.counting()))
                .block();

        assertThat(verdicts).isEqualTo(Map.of(OtpVerdict.ACCEPTED, 1L, OtpVerdict.NONE, 29L));
    }

    private static String phone() {
        return "+48512" + (100000 + (int) (Math.random() * 899999));
    }
}
