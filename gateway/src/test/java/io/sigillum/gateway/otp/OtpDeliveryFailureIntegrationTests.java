package io.sigillum.gateway.otp;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.sigillum.gateway.messaging.HttpSmsSender;
import io.sigillum.gateway.redis.LuaScripts;
import io.sigillum.gateway.redis.SlidingWindowLimits;
import io.sigillum.gateway.support.IntegrationTest;
import io.sigillum.gateway.web.ApiException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.test.StepVerifier;

/** When the SMS provider fails, the caller hears of it and no usable code is left in Redis. */
class OtpDeliveryFailureIntegrationTests extends IntegrationTest {

    @Autowired
    ReactiveStringRedisTemplate redis;
    @Autowired
    OtpProperties properties;
    @Autowired
    LuaScripts scripts;
    @Autowired
    SlidingWindowLimits limits;

    @Test
    void aFailedSendLeavesNoCodeAndNoCooldown() throws Exception {
        HttpServer provider = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        provider.createContext("/send", exchange -> {
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        provider.start();
        try {
            HttpSmsSender failing = new HttpSmsSender(WebClient.builder(),
                    URI.create("http://127.0.0.1:" + provider.getAddress().getPort() + "/send"), "key", Duration.ofSeconds(2),
                    CircuitBreaker.ofDefaults("sms-test"));
            OtpChallenges challenges = new OtpChallenges(scripts, limits, redis, failing, properties);
            String subject = "credential:" + UUID.randomUUID();

            StepVerifier.create(challenges.send(subject, "test", "+48511" + (100000 + (int) (Math.random() * 899999)),
                    code -> "code " + code))
                    .expectErrorSatisfies(e -> assertThat(((ApiException) e).status().value()).isEqualTo(503))
                    .verify(Duration.ofSeconds(10));

            assertThat(redis.hasKey("otp:{" + subject + "}").block()).isFalse();
            assertThat(redis.hasKey("otp:{" + subject + "}:cooldown").block()).isFalse();
            StepVerifier.create(challenges.verify(subject, "test", "123456")).expectNext(OtpVerdict.NONE).verifyComplete();
        } finally {
            provider.stop(0);
        }
    }
}
