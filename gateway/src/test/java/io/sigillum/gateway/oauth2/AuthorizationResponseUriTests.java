package io.sigillum.gateway.oauth2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 6749 §3.1.2: the response's parameters join the registered redirect URI's query, which is kept as registered. */
class AuthorizationResponseUriTests {

    @Test
    void theRegisteredUriIsKeptAsRegisteredAndEachValueEncodedOnce() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("code", "abc");
        parameters.put("state", "a b&c=d+é");
        assertThat(AuthorizationPageController.withParameters("https://app.example/cb?tenant=a%20b", parameters))
                .hasToString("https://app.example/cb?tenant=a%20b&code=abc&state=a%20b%26c%3Dd%2B%C3%A9");
        assertThat(AuthorizationPageController.withParameters("https://app.example/c%C3%A9/cb", Map.of("code", "abc")))
                .hasToString("https://app.example/c%C3%A9/cb?code=abc");
        assertThat(AuthorizationPageController.withParameters("com.example.app:/oauth2redirect", Map.of("code", "abc")))
                .hasToString("com.example.app:/oauth2redirect?code=abc");
        assertThat(AuthorizationPageController.withParameters("https://app.example/cb?a=1#top", Map.of("code", "abc")))
                .as("the query before any fragment").hasToString("https://app.example/cb?a=1&code=abc#top");
    }

    @Test
    void aPrivateUseSchemeIsItsOwnContentSecurityPolicySource() {
        assertThat(PageGuard.origin("com.example.app:/oauth2redirect")).isEqualTo("com.example.app:");
        assertThat(PageGuard.origin("http://127.0.0.1:8123/callback?x=1")).isEqualTo("http://127.0.0.1:8123");
    }
}
