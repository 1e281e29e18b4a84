package io.sigillum.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestLineStartTests {

    @Test
    void theTargetEndsAtItsQueryOrItsSpace() {
        assertThat(RequestLineStart.targetOf("POST /csc/v2/signatures/signHash HTTP/1.1\r\nHost: a"))
                .isEqualTo("/csc/v2/signatures/signHash");
        assertThat(RequestLineStart.targetOf("GET /oauth2/authorize?response_type=code&client_id=x")).isEqualTo("/oauth2/authorize");
        assertThat(RequestLineStart.targetOf("GET http://a/csc/v2/info#x")).isEqualTo("http://a/csc/v2/info");
    }

    @Test
    void aTargetThatRunsPastTheBytesIsCutBackToItsLastSlash() {
        assertThat(RequestLineStart.targetOf("GET /csc/v2/aaaaaaaaaaaaaaaa")).isEqualTo("/csc/v2/");
        assertThat(RequestLineStart.targetOf("GET aaaaaaaaaaaaaaaa")).isEmpty();
    }

    @Test
    void bytesWithoutASpaceHaveNoTarget() {
        assertThat(RequestLineStart.targetOf("GE")).isEmpty();
        assertThat(RequestLineStart.targetOf("")).isEmpty();
    }
}
