package io.sigillum.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.signer.UnknownKeyException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import reactor.pool.PoolShutdownException;

/** A store closing under a request while the gateway shuts down is an outage (503, retry), not a server fault. */
class ErrorClassifierTests {

    private final ErrorClassifier classifier = new ErrorClassifier(DataSize.ofMegabytes(1));

    @Test
    void aRedisConnectionFactoryThatIsStoppingIsAnOutage() {
        assertThat(classifier.classify(new IllegalStateException("LettuceConnectionFactory is STOPPING")).status())
                .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(classifier.classify(new RuntimeException("wrapped",
                new IllegalStateException("LettuceConnectionFactory is STOPPED"))).status())
                .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    }

    @Test
    void aConnectionPoolThatWasShutDownIsAnOutage() {
        assertThat(classifier.classify(new PoolShutdownException()).status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
    }

    /** Key aliases come from the gateway's records, not from clients: a key missing from the token is an outage. */
    @Test
    void aKeyTheTokenDoesNotHoldIsAnOutageThatDoesNotNameTheKey() {
        ApiException answer = classifier.classify(new UnknownKeyException("digest 0: no key cred-1234"));
        assertThat(answer.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(answer.getMessage()).doesNotContain("cred-1234");
    }

    @Test
    void anyOtherIllegalStateIsStillAServerError() {
        assertThat(classifier.classify(new IllegalStateException("The audit chain head moved while locked")).status())
                .isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
    }
}
