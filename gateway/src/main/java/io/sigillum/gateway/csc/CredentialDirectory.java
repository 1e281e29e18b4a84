package io.sigillum.gateway.csc;

import io.sigillum.gateway.auth.PlatformPrincipal;
import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.credential.CredentialRepository;
import io.sigillum.gateway.csc.wire.CredentialId;
import io.sigillum.gateway.csc.wire.CscErrors;
import java.util.List;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/** What a platform may see of credentials: only those of its own linked users. */
@Service
class CredentialDirectory {

    private final CredentialRepository credentials;

    CredentialDirectory(CredentialRepository credentials) {
        this.credentials = credentials;
    }

    Mono<List<Credential>> list(PlatformPrincipal platform, String userId) {
        return credentials.findByUserForPlatform(userId, platform.platformId()).collectList();
    }

    Mono<Credential> find(PlatformPrincipal platform, CredentialId credentialId) {
        return credentials.findLinked(credentialId.value(), platform.platformId())
                .switchIfEmpty(Mono.error(CscErrors.unknownCredential()));
    }
}
