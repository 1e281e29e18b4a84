package io.sigillum.gateway.csc;

import io.sigillum.gateway.auth.PlatformPrincipal;
import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.credential.CredentialRepository;
import io.sigillum.gateway.csc.wire.CredentialId;
import io.sigillum.gateway.csc.wire.CscErrors;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * What a platform may see of credentials: only those of its own linked users — with a user-bound token (the user
 * signed in on the authorization page), only that user's; with a credential token, only its credential. Unknown and
 * not visible answer the same.
 */
@Service
class CredentialDirectory {

    private final CredentialRepository credentials;

    CredentialDirectory(CredentialRepository credentials) {
        this.credentials = credentials;
    }

    Mono<List<Credential>> list(PlatformPrincipal platform, Optional<String> userId) {
        String user;
        if (platform.userId().isPresent()) {
            if (userId.isPresent() && !userId.get().equals(platform.userId().get())) {
                return Mono.error(CscErrors.invalidRequest(
                        "userID must be absent (or the token's own user) with a user-bound access token"));
            }
            user = platform.userId().get();
        } else {
            user = userId.orElseThrow(() -> CscErrors.invalidRequest("Missing (or invalid type) string parameter userID"));
        }
        return credentials.findByUserForPlatform(user, platform.platformId()).collectList();
    }

    Mono<Credential> find(PlatformPrincipal platform, CredentialId credentialId) {
        return credentials.findLinked(credentialId.value(), platform.platformId())
                .filter(credential -> platform.userId().map(credential.userId()::equals).orElse(true))
                .filter(credential -> platform.credential().map(grant -> grant.credentialId().equals(credential.id())).orElse(true))
                .switchIfEmpty(Mono.error(CscErrors::unknownCredential));
    }
}
