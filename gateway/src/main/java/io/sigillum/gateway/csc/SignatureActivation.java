package io.sigillum.gateway.csc;

import io.sigillum.gateway.auth.AccessTokens;
import io.sigillum.gateway.auth.PlatformPrincipal;
import io.sigillum.gateway.csc.wire.CredentialId;
import io.sigillum.gateway.csc.wire.CscErrors;
import io.sigillum.gateway.csc.wire.Sad;
import io.sigillum.gateway.sad.SadStore;
import java.util.Optional;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * What authorizes a signing call, reduced to the id of the grant in the SAD store: a SAD in {@code SAD} (explicit mode),
 * or a credential token (oauth2code) — as Bearer, or in {@code SAD} next to a service token as Bearer (CSC allows
 * both). A credential token names its credential: used on another one it is refused here, before anything is spent.
 */
@Component
class SignatureActivation {

    private final AccessTokens tokens;

    SignatureActivation(AccessTokens tokens) {
        this.tokens = tokens;
    }

    Mono<String> grantId(PlatformPrincipal platform, CredentialId credentialId, Optional<Sad> sad) {
        if (platform.credential().isPresent()) {
            if (sad.isPresent()) {
                return Mono.error(CscErrors.invalidRequest(
                        "Send either a credential token as Bearer or a SAD, not both"));
            }
            return grantOf(platform.credential().get(), credentialId);
        }
        if (sad.isEmpty()) {
            return Mono.error(CscErrors.invalidRequest("Missing (or invalid type) string parameter SAD "
                    + "(or use a credential access token as Bearer)"));
        }
        if (!sad.get().isAccessToken()) {
            return Mono.just(SadStore.idOf(sad.get().value()));
        }
        return tokens.verify(sad.get().value())
                .onErrorMap(invalid -> CscErrors.invalidRequest("SAD unknown or expired"))
                .flatMap(token -> token.platformId().equals(platform.platformId()) && token.credential().isPresent()
                        ? grantOf(token.credential().get(), credentialId)
                        : Mono.error(CscErrors.invalidRequest("SAD unknown or expired")));
    }

    private static Mono<String> grantOf(PlatformPrincipal.CredentialGrant grant, CredentialId credentialId) {
        return grant.credentialId().equals(credentialId.value()) ? Mono.just(grant.sadId())
                : Mono.error(CscErrors.invalidRequest("The credential token was not issued for this credentialID"));
    }
}
