package io.sigillum.gateway.csc.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SadTests {

    @Test
    void aValueWithExactlyTwoDotsIsACredentialAccessToken() {
        assertThat(new Sad("eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln").isAccessToken()).isTrue();
        assertThat(new Sad("a..b").isAccessToken()).isTrue();
        assertThat(new Sad("..").isAccessToken()).isTrue();
    }

    @Test
    void anIssuedSadOrAnyOtherCountOfDotsIsNot() {
        assertThat(new Sad("q5Zb3u0m0Yx0cVv8rJ0H2kz9y9a3T0Qj0m1d2s3f4g5").isAccessToken()).isFalse();
        assertThat(new Sad("a.b").isAccessToken()).isFalse();
        assertThat(new Sad("a.b.c.d").isAccessToken()).isFalse();
        assertThat(new Sad("...").isAccessToken()).isFalse();
        assertThat(new Sad("").isAccessToken()).isFalse();
    }
}
