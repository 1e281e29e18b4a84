package io.sigillum.signer.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigillum.signer.InvalidInputException;
import io.sigillum.signer.TokenUnavailableException;
import io.sigillum.signer.algorithm.KeyAlgorithm;
import io.sigillum.signer.algorithm.DigestAlgorithm;
import io.sigillum.signer.algorithm.SignAlgorithm;
import io.sigillum.signer.algorithm.SignatureScheme;
import io.sigillum.signer.testing.Crypto;
import io.sigillum.signer.testing.SoftHsm;
import io.sigillum.signer.token.pkcs11.Pkcs11Config;
import io.sigillum.signer.token.pkcs11.Pkcs11Token;
import io.sigillum.testsupport.Processes;
import io.sigillum.testsupport.SoftHsm2;

import java.nio.charset.StandardCharsets;
import java.security.AuthProvider;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** SunPKCS11 on a throw-away SoftHSM2 token. */
class Pkcs11TokenIntegrationTests extends AbstractTokenContract {

    @Override
    SigningToken token() {
        return SoftHsm.token();
    }

    @Test
    void privateKeysAreSensitiveAndNeverExtractable() {
        try (TokenSession session = token().openSession()) {
            for (KeyRef ref : List.of(rsa, ec256, ec384)) {
                assertThat(session.loadKey(ref).privateKey().getEncoded()).as(ref.alias()).isNull();
            }
        }
        String objects = Processes.run("pkcs11-tool", "--module", SoftHsm2.LIBRARY.toString(), "--token-label",
                SoftHsm.LABEL, "--login", "--pin", SoftHsm.PIN, "--list-objects", "--type", "privkey");
        List<String> privateKeys = Arrays.stream(objects.split("(?=Private Key Object)"))
                .filter(block -> block.startsWith("Private Key Object")).toList();
        assertThat(privateKeys).isNotEmpty();
        assertThat(privateKeys).allSatisfy(block -> assertThat(block)
                .contains("sensitive", "never extractable").doesNotContain("Access:     extractable"));
        assertThat(objects).contains(hex(rsa.alias().getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void theSameTokenIsReachableBySlotIndex() {
        Pkcs11Token byIndex = Pkcs11Token.open(Pkcs11Config.bySlotIndex(SoftHsm2.LIBRARY, 0, SoftHsm.PIN.toCharArray()));
        try (TokenSession session = byIndex.openSession()) {
            KeyHandle handle = session.loadKey(ec256);
            SignatureScheme scheme = ecdsa(DigestAlgorithm.SHA256);
            byte[] message = "by index".getBytes(StandardCharsets.UTF_8);
            byte[] signature = session.sign(handle, scheme, Crypto.hash(DigestAlgorithm.SHA256, message));
            assertThat(Crypto.verify(await(pool.keyInfo(ec256)).publicKey(), scheme, message, signature)).isTrue();
        }
        assertThat(byIndex.description()).contains("libsofthsm2.so", "slot index 0");
    }

    /**
     * Two gateway instances on one HSM: a key one of them makes is found by the other without a restart (its keystore
     * reads the token's objects again when an alias is missing), and the other cannot make a second key of that alias.
     */
    @Test
    void aKeyMadeByAnotherProcessOnTheSameTokenIsFoundAndNotMadeTwice() {
        Pkcs11Token other = Pkcs11Token.open(Pkcs11Config.bySlotIndex(SoftHsm2.LIBRARY, 0, SoftHsm.PIN.toCharArray()));
        KeyRef made = KeyRef.of("made-elsewhere-" + run);
        try (TokenSession mine = token().openSession(); TokenSession theirs = other.openSession()) {
            // the other instance's keystore listed the token's keys when it opened, before this one was made
            KeyInfo info = mine.generateKey(made, KeyAlgorithm.EC_P256);

            KeyHandle handle = theirs.loadKey(made);
            SignatureScheme scheme = ecdsa(DigestAlgorithm.SHA256);
            byte[] message = "signed by the other instance".getBytes(StandardCharsets.UTF_8);
            byte[] signature = theirs.sign(handle, scheme, Crypto.hash(DigestAlgorithm.SHA256, message));
            assertThat(Crypto.verify(info.publicKey(), scheme, message, signature)).isTrue();
            assertThatThrownBy(() -> theirs.generateKey(KeyRef.of("made-elsewhere-" + run), KeyAlgorithm.EC_P256))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("already in use");
        } finally {
            try (TokenSession mine = token().openSession()) {
                mine.deleteKey(made);
            }
        }
    }

    @Test
    void anUnknownTokenLabelIsReported() {
        assertThatThrownBy(() -> Pkcs11Token.open(Pkcs11Config.byTokenLabel(SoftHsm2.LIBRARY, "no-such-token",
                SoftHsm.PIN.toCharArray()))).isInstanceOf(TokenUnavailableException.class)
                .hasMessageContaining("no-such-token");
    }

    @Test
    void aLoggedOutSessionIsReopenedAndSigningCarriesOn() throws Exception {
        SignatureScheme scheme = SignatureScheme.of(SignAlgorithm.SHA256_WITH_RSA, DigestAlgorithm.SHA256);
        byte[] message = "after logout".getBytes(StandardCharsets.UTF_8);
        byte[] digest = Crypto.hash(DigestAlgorithm.SHA256, message);
        await(pool.sign(rsa, scheme, digest));
        long reopenedBefore = pool.metrics().sessionsReopened();

        ((AuthProvider) SoftHsm.token().provider()).logout();

        for (int i = 0; i < 10; i++) {
            byte[] signature = await(pool.sign(rsa, scheme, digest));
            assertThat(Crypto.verify(await(pool.keyInfo(rsa)).publicKey(), scheme, message, signature)).isTrue();
        }
        assertThat(pool.metrics().sessionsReopened()).isGreaterThan(reopenedBefore);
        assertThat(pool.health().up()).isTrue();
    }
}
