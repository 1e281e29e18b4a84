package io.sigillum.gateway.oauth2;

import io.sigillum.gateway.account.PasswordBoundGrants;
import io.sigillum.gateway.auth.AccessTokens;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The service tokens a holder granted platforms by signing in on the authorization page: when their password changes,
 * every family of them is revoked (refresh tokens deleted, access tokens revoked, nothing more issued), as a reused code
 * revokes one family. Credential tokens are not among them: the holder's PIN and SMS code, not the password, gave them.
 */
@Component
class ServiceTokenGrants implements PasswordBoundGrants {

    private final AuthorizationStore store;
    private final AccessTokens tokens;

    ServiceTokenGrants(AuthorizationStore store, AccessTokens tokens) {
        this.store = store;
        this.tokens = tokens;
    }

    @Override
    public Mono<Void> withdrawAll(String cscUserId) {
        return store.markPasswordChanged(cscUserId)
                .thenMany(store.revokeUserFamilies(cscUserId))
                .concatMap(tokens::revoke).then();
    }
}
