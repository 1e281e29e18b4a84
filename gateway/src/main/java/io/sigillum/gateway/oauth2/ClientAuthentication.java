package io.sigillum.gateway.oauth2;

import io.sigillum.gateway.auth.OAuth2Properties;
import io.sigillum.gateway.auth.PlatformClient;
import io.sigillum.gateway.auth.PlatformClientRepository;
import io.sigillum.gateway.redis.LuaScript;
import io.sigillum.gateway.redis.LuaScripts;
import io.sigillum.gateway.secret.SecretHasher;
import io.sigillum.gateway.secret.Sha256;
import io.sigillum.gateway.web.ApiException;
import io.sigillum.gateway.web.ClientAddresses;
import io.sigillum.gateway.web.InputRules;
import io.sigillum.gateway.web.RejectedInputException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Mono;

/**
 * Authenticates a platform at the token, pushed-authorization and revocation endpoints (RFC 6749 §2.3.1): client id and
 * secret by HTTP Basic or in the form, never both; the secret checked against its Argon2id hash, an unknown client
 * taking the same time as a known one. Guessing is bounded (§2.3.1: the endpoint "MUST" be protected against brute
 * force): after {@code sigillum.oauth2.client-failures-allowed} failures for one client id from one address
 * ({@link ClientAddresses}) within {@code client-failure-window}, that address gets 429 with Retry-After for that client
 * id, its secret unchecked, until the window ends. Counted per address, so that a stranger who knows a client id cannot
 * lock the platform itself out; the platform's own address is locked only by its own failures. Each try counts as a
 * failure from before its secret is checked until the secret proves right, so that guesses sent together are counted
 * one by one rather than all checked against a count none of them has raised yet.
 */
@Component
class ClientAuthentication {

    /** A dummy hash verified when the client is unknown, so unknown and known clients take the same time. */
    private static final String UNKNOWN_CLIENT_HASH =
            "$argon2id$v=19$m=19456,t=2,p=1$c2lnaWxsdW0tZHVtbXk$0000000000000000000000000000000000000000000";

    private static final LuaScript<Long> TRY = LuaScript.load("redis/client-auth-try.lua", Long.class);
    private static final LuaScript<Long> REFUND = LuaScript.load("redis/client-auth-refund.lua", Long.class);

    private final PlatformClientRepository clients;
    private final SecretHasher hasher;
    private final ClientAddresses addresses;
    private final LuaScripts scripts;
    private final OAuth2Properties properties;

    ClientAuthentication(PlatformClientRepository clients, SecretHasher hasher, ClientAddresses addresses, LuaScripts scripts,
            OAuth2Properties properties) {
        this.clients = clients;
        this.hasher = hasher;
        this.addresses = addresses;
        this.scripts = scripts;
        this.properties = properties;
    }

    /** The authenticated, enabled client of a form request; a 401 {@code invalid_client} otherwise. */
    Mono<PlatformClient> authenticate(ServerHttpRequest request, MultiValueMap<String, String> form) {
        checkForm(form);
        Credentials presented = Credentials.from(request.getHeaders(), form);
        String tries = triesKey(presented.clientId(), addresses.of(request));
        return counted(tries).then(clients.findByClientId(presented.clientId()))
                .map(Optional::of).defaultIfEmpty(Optional.empty())
                .flatMap(client -> hasher.verify(presented.secret(), client.map(PlatformClient::secretHash).orElse(UNKNOWN_CLIENT_HASH))
                        .flatMap(matches -> {
                            if (client.isEmpty() || !matches || !client.get().enabled()) {
                                return Mono.error(new ApiException(HttpStatus.UNAUTHORIZED, "invalid_client",
                                        "Client authentication failed"));
                            }
                            // the try was counted as a failure before the secret was checked: a right one gives it back
                            return scripts.run(REFUND, List.of(tries), List.of()).then(Mono.defer(() -> {
                                if (form.getFirst("client_id") != null
                                        && !form.getFirst("client_id").equals(client.get().clientId())) {
                                    return Mono.error(ApiException.badRequest("client_id does not match the authenticated client"));
                                }
                                return Mono.just(client.get());
                            }));
                        }));
    }

    /**
     * Counts this try as a failure before its secret is checked, so that guesses sent together are counted one by one
     * (a right secret gives its try back); a 429 once this client id has failed too often from this address, with
     * what is left of the window as Retry-After.
     */
    private Mono<Void> counted(String tries) {
        return scripts.run(TRY, List.of(tries), List.of(Long.toString(properties.clientFailureWindow().toMillis()),
                        Integer.toString(properties.clientFailuresAllowed())))
                .flatMap(leftMs -> leftMs == 0 ? Mono.<Void>empty() : Mono.error(ApiException.tooManyRequests(
                        "Client authentication failed too often from this address; try again in "
                                + ApiException.retrySeconds(Duration.ofMillis(leftMs)) + " s", Duration.ofMillis(leftMs))));
    }

    /** Holds the hash of the client id and address, as every key of untrusted text here does: a bounded length. */
    private static String triesKey(String clientId, String address) {
        return "oauth2:client-tries:{" + HexFormat.of().formatHex(Sha256.of((clientId + "\n" + address)
                .getBytes(StandardCharsets.UTF_8))) + "}";
    }

    /** RFC 6749 §3.2: no parameter may repeat ({@link OAuth2Forms} has left out those without a value); none may carry NUL. */
    static void checkForm(MultiValueMap<String, String> form) {
        form.forEach((name, values) -> {
            if (values.size() > 1) {
                throw ApiException.badRequest("Parameter " + name + " is repeated");
            }
            values.forEach(value -> InputRules.requireStoreSafe(name, value));
        });
    }

    /** The client id and secret, from HTTP Basic or from the form (RFC 6749 §2.3.1). */
    private record Credentials(String clientId, String secret) {

        static Credentials from(HttpHeaders headers, MultiValueMap<String, String> form) {
            String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
            String id = form.getFirst("client_id");
            String secret = form.getFirst("client_secret");
            if (form.containsKey("client_assertion") || form.containsKey("client_assertion_type")) {
                // RFC 6749 §2.3: one method per request; RFC 7521's assertions are not one this server takes at all
                throw authorization != null || secret != null
                        ? ApiException.badRequest("Use one client authentication method: a client assertion next to "
                                + (secret != null ? "client_secret" : "HTTP Basic") + " is a second one")
                        : new ApiException(HttpStatus.UNAUTHORIZED, "invalid_client",
                                "Client assertions are not supported: authenticate with HTTP Basic or client_secret_post");
            }
            if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
                if (secret != null) {
                    throw ApiException.badRequest("Use one client authentication method: HTTP Basic or client_secret");
                }
                return fromBasic(authorization.substring(6).trim());
            }
            if (id == null || secret == null) {
                throw new ApiException(HttpStatus.UNAUTHORIZED, "invalid_client",
                        "Client credentials are required (HTTP Basic or client_id + client_secret)");
            }
            return new Credentials(id, secret);
        }

        /** RFC 6749 §2.3.1: Base64 of form-urlencoded id ":" form-urlencoded secret; anything else is malformed. */
        private static Credentials fromBasic(String encoded) {
            try {
                String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon < 0) {
                    throw malformedBasic();
                }
                return new Credentials(urlDecode("client_id", decoded.substring(0, colon)),
                        urlDecode("client_secret", decoded.substring(colon + 1)));
            } catch (IllegalArgumentException | RejectedInputException e) {
                // not Base64, not form-encoding, or not text (bytes that are no UTF-8, a NUL): still the header's
                throw malformedBasic();
            }
        }

        /** RFC 6749 §5.2: the client tried to authenticate with the Authorization header, so the answer is a 401. */
        private static ApiException malformedBasic() {
            return new ApiException(HttpStatus.UNAUTHORIZED, "invalid_client", "Malformed HTTP Basic client credentials");
        }

        private static String urlDecode(String name, String value) {
            return InputRules.requireStoreSafe(name, URLDecoder.decode(value, StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "Credentials[" + clientId + "]";
        }
    }
}
