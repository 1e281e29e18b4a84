package io.sigillum.gateway.account;

import io.sigillum.gateway.secret.SecretHasher;
import java.text.Normalizer;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Passwords hashed and checked in one Unicode form, NFKC (NIST SP 800-63B §5.1.1.2): the same password typed on two
 * keyboards — one sends "ż" composed, the other "z" and a combining dot — is the same password, and the second does not
 * count towards the account's lock.
 */
@Component
class PasswordHasher {

    private final SecretHasher hasher;

    PasswordHasher(SecretHasher hasher) {
        this.hasher = hasher;
    }

    Mono<String> hash(String password) {
        return hasher.hash(normalised(password));
    }

    Mono<Boolean> verify(String password, String encoded) {
        return hasher.verify(normalised(password), encoded);
    }

    static String normalised(String password) {
        return Normalizer.normalize(password, Normalizer.Form.NFKC);
    }
}
