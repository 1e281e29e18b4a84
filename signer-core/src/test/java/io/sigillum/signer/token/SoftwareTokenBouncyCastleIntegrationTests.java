package io.sigillum.signer.token;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.signer.token.software.SoftwareToken;

import org.junit.jupiter.api.Test;

/** The software token's fallback where the native provider does not load: Bouncy Castle signs everything. */
class SoftwareTokenBouncyCastleIntegrationTests extends AbstractTokenContract {

    private SoftwareToken token;

    @Override
    SigningToken token() {
        if (token == null) {
            token = SoftwareToken.open(dir.resolve("bc.p12"), "fallback".toCharArray(), SoftwareToken.NativeCrypto.DISABLED);
        }
        return token;
    }

    @Test
    void signsWithBouncyCastle() {
        assertThat(token().signingProvider()).startsWith("BC");
        assertThat(token().description()).contains("bc.p12", "BC");
    }
}
