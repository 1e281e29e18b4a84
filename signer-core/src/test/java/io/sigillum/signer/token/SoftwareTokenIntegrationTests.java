package io.sigillum.signer.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigillum.signer.TokenUnavailableException;
import io.sigillum.signer.algorithm.DigestAlgorithm;
import io.sigillum.signer.pool.PoolSettings;
import io.sigillum.signer.pool.SigningPool;
import io.sigillum.signer.testing.Crypto;
import io.sigillum.signer.token.software.SoftwareToken;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import org.junit.jupiter.api.Test;

/** The software token on its PKCS#12 file, signing with the native provider (ACCP) on this machine. */
class SoftwareTokenIntegrationTests extends AbstractTokenContract {

    private static final char[] PASSWORD = "correct horse battery".toCharArray();
    private SoftwareToken token;

    @Override
    SigningToken token() {
        if (token == null) {
            token = SoftwareToken.open(dir.resolve("keys.p12"), PASSWORD);
        }
        return token;
    }

    @Test
    void signsWithAmazonCorrettoCryptoProviderWhereItLoads() {
        assertThat(SoftwareToken.nativeProvider()).isPresent();
        assertThat(token().signingProvider()).startsWith("AmazonCorrettoCryptoProvider");
        assertThat(pool.health().provider()).startsWith("AmazonCorrettoCryptoProvider");
    }

    @Test
    void keysSurviveReopeningTheEncryptedFile() {
        byte[] message = "after a restart".getBytes(StandardCharsets.UTF_8);
        var scheme = ecdsa(DigestAlgorithm.SHA256);
        var before = await(pool.keyInfo(ec256)).publicKey();

        SoftwareToken reopened = SoftwareToken.open(dir.resolve("keys.p12"), PASSWORD);
        try (SigningPool other = SigningPool.start(reopened, PoolSettings.defaults(reopened).withWorkers(1))) {
            byte[] signature = await(other.sign(ec256, scheme, Crypto.hash(DigestAlgorithm.SHA256, message)));
            assertThat(await(other.keyInfo(ec256)).publicKey()).isEqualTo(before);
            assertThat(Crypto.verify(before, scheme, message, signature)).isTrue();
        }
    }

    @Test
    void theFileIsEncryptedAndTheWrongPasswordDoesNotOpenIt() throws Exception {
        byte[] content = Files.readAllBytes(dir.resolve("keys.p12"));
        assertThat(new String(content, StandardCharsets.ISO_8859_1)).doesNotContain("BEGIN", "PRIVATE KEY");
        assertThatThrownBy(() -> SoftwareToken.open(dir.resolve("keys.p12"), "wrong".toCharArray()))
                .isInstanceOf(TokenUnavailableException.class);
    }
}
