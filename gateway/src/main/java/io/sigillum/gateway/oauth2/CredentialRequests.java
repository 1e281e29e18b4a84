package io.sigillum.gateway.oauth2;

import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.csc.CredentialAuthorization;
import io.sigillum.gateway.oauth2.RequestedAuthorization.CredentialRequest;
import io.sigillum.gateway.web.ApiException;
import io.sigillum.signer.algorithm.KeyType;
import io.sigillum.signer.algorithm.SignAlgorithm;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Whether what a {@code scope=credential} request names can be authorized now: the credential linked to the client and
 * able to sign, and no more signatures than it allows at once. Asked of a pushed request when it is pushed (RFC 9126
 * §2.1: checked as at the authorization endpoint, the error answered to the client), when its page opens, and of a direct
 * one once its holder has signed in (before that the page says nothing of the credential, not even whether it can sign).
 * A value from {@code authorization_details} is refused as one (RFC 9396 §5).
 */
@Component
class CredentialRequests {

    private final CredentialAuthorization authorization;

    CredentialRequests(CredentialAuthorization authorization) {
        this.authorization = authorization;
    }

    Mono<Credential> usable(RequestedAuthorization requested, CredentialRequest wanted) {
        return authorization.usable(requested.platformId(), wanted.credentialId())
                .onErrorMap(ApiException.class, refused -> AuthorizationFailure.redirect(error(wanted), refused.getMessage(),
                        requested.redirectUri(), requested.state()))
                .flatMap(found -> fitting(requested, found));
    }

    /**
     * The credential, if the request asks for no more signatures than it allows at once and names (if any) a signature
     * algorithm its key can sign with; the client's error otherwise.
     */
    static Mono<Credential> fitting(RequestedAuthorization requested, Credential found) {
        CredentialRequest wanted = requested.credential().orElseThrow();
        if (wanted.numSignatures() > found.multisign()) {
            return Mono.error(AuthorizationFailure.redirect(error(wanted), "Numbers of signatures is too high",
                    requested.redirectUri(), requested.state()));
        }
        KeyType key = found.keyAlgorithm().keyType();
        if (wanted.signAlgorithmOid().flatMap(SignAlgorithm::fromOid).filter(algorithm -> algorithm.keyType() != key).isPresent()) {
            return Mono.error(AuthorizationFailure.redirect(error(wanted), "Invalid signAlgo: the credential's key is " + key,
                    requested.redirectUri(), requested.state()));
        }
        return Mono.just(found);
    }

    private static String error(CredentialRequest wanted) {
        return wanted.authorizationDetails().isPresent() ? "invalid_authorization_details" : "invalid_request";
    }
}
