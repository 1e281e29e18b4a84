package io.sigillum.gateway.secret;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class SecretHasherTests {

    private final SecretHasher hasher = new SecretHasher(Schedulers.boundedElastic(), 1024, 1);

    @Test
    void theRightSecretMatchesAndAWrongOneDoesNot() {
        String encoded = hasher.hashNow("12345678");

        assertThat(encoded).startsWith("$argon2id$v=19$m=1024,t=1,p=1$").doesNotContain("12345678");
        StepVerifier.create(hasher.verify("12345678", encoded)).expectNext(true).verifyComplete();
        StepVerifier.create(hasher.verify("12345679", encoded)).expectNext(false).verifyComplete();
    }

    @Test
    void sameSecretHashesDifferentlyEachTime() {
        assertThat(hasher.hashNow("secret")).isNotEqualTo(hasher.hashNow("secret"));
    }

    @Test
    void malformedEncodingNeverMatches() {
        assertThat(hasher.verifyNow("x", "plain")).isFalse();
        assertThat(hasher.verifyNow("x", "$argon2id$v=19$m=1024,t=1,p=1$!!$!!")).isFalse();
    }
}
