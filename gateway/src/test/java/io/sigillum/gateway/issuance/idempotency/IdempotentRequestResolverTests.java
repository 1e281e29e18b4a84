package io.sigillum.gateway.issuance.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigillum.gateway.web.ApiException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

class IdempotentRequestResolverTests {

    @Test
    void theKeyIsOptionalAndTheEndpointIsMethodAndPath() {
        IdempotentRequest request = IdempotentRequestResolver.resolve(
                MockServerHttpRequest.post("/api/v1/applications/42/submit").build(), IdempotentRequestResolver.NO_BODY);

        assertThat(request).isEqualTo(new IdempotentRequest(Optional.empty(), "POST /api/v1/applications/42/submit",
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    }

    @Test
    void aKeyOfPrintableAsciiUpTo255CharactersIsRead() {
        String key = "retry 1: " + "k".repeat(246);
        IdempotentRequest request = IdempotentRequestResolver.resolve(
                MockServerHttpRequest.post("/api/v1/org/ecodes").header("Idempotency-Key", key).build(),
                IdempotentRequestResolver.NO_BODY);

        assertThat(request.key()).contains(new IdempotencyKey(key));
    }

    @Test
    void aKeyThatIsTooLongBlankOrNotPrintableAsciiIsABadRequest() {
        for (String key : new String[] {"k".repeat(256), " ", "", "zażółć", "tab\there"}) {
            assertThatThrownBy(() -> new IdempotencyKey(key)).as(key).isInstanceOf(ApiException.class)
                    .extracting(e -> ((ApiException) e).status()).isEqualTo(HttpStatus.BAD_REQUEST);
        }
    }
}
