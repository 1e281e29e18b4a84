package io.sigillum.signer.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigillum.signer.InvalidInputException;
import io.sigillum.signer.UnknownKeyException;
import io.sigillum.signer.algorithm.DigestAlgorithm;
import io.sigillum.signer.algorithm.KeyAlgorithm;
import io.sigillum.signer.algorithm.PssParameters;
import io.sigillum.signer.algorithm.SignAlgorithm;
import io.sigillum.signer.algorithm.SignatureScheme;
import io.sigillum.signer.ca.CertificateAuthority;
import io.sigillum.signer.ca.NaturalPersonProfile;
import io.sigillum.signer.pool.PoolSettings;
import io.sigillum.signer.pool.SigningPool;
import io.sigillum.signer.testing.Crypto;
import io.sigillum.testsupport.Processes;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every token must do, exercised through the signing pool and checked independently (JDK verification over the
 * original message, and openssl). Each subclass supplies one token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractTokenContract {

    static final Duration WAIT = Duration.ofSeconds(30);

    final String run = UUID.randomUUID().toString().substring(0, 8);
    final KeyRef rsa = KeyRef.of("rsa-" + run);
    final KeyRef ec256 = KeyRef.of("ec256-" + run);
    final KeyRef ec384 = KeyRef.of("ec384-" + run);
    SigningPool pool;

    /** Under target/ (java.io.tmpdir); created eagerly because {@code @BeforeAll} needs it before injection runs. */
    final Path dir = newTemporaryDirectory();

    abstract SigningToken token();

    @BeforeAll
    void startPoolAndGenerateKeys() {
        pool = SigningPool.start(token(), PoolSettings.defaults(token()).withWorkers(2));
        await(pool.generateKey(rsa, KeyAlgorithm.RSA_2048));
        await(pool.generateKey(ec256, KeyAlgorithm.EC_P256));
        await(pool.generateKey(ec384, KeyAlgorithm.EC_P384));
    }

    @AfterAll
    void stopPool() {
        pool.close();
    }

    Stream<Arguments> everyScheme() {
        List<Arguments> cases = new ArrayList<>();
        for (DigestAlgorithm d : DigestAlgorithm.values()) {
            cases.add(Arguments.of("RSA_PKCS1 " + d, rsa, SignatureScheme.of(SignAlgorithm.RSA_PKCS1, d)));
            cases.add(Arguments.of("PSS " + d, rsa, SignatureScheme.pss(PssParameters.of(d))));
            cases.add(Arguments.of("ECDSA P-256 " + d, ec256, ecdsa(d)));
            cases.add(Arguments.of("ECDSA P-384 " + d, ec384, ecdsa(d)));
        }
        cases.add(Arguments.of("SHA256_WITH_RSA", rsa, SignatureScheme.of(SignAlgorithm.SHA256_WITH_RSA, DigestAlgorithm.SHA256)));
        cases.add(Arguments.of("SHA384_WITH_RSA", rsa, SignatureScheme.of(SignAlgorithm.SHA384_WITH_RSA, DigestAlgorithm.SHA384)));
        cases.add(Arguments.of("SHA512_WITH_RSA", rsa, SignatureScheme.of(SignAlgorithm.SHA512_WITH_RSA, DigestAlgorithm.SHA512)));
        cases.add(Arguments.of("PSS SHA256, MGF1 SHA512, salt 0", rsa,
                SignatureScheme.pss(new PssParameters(DigestAlgorithm.SHA256, DigestAlgorithm.SHA512, 0))));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyScheme")
    void everySchemeSignsADigestThatTheJdkVerifiesOverTheMessage(String name, KeyRef key, SignatureScheme scheme) {
        byte[] message = ("to be signed with " + name).getBytes(StandardCharsets.UTF_8);
        byte[] signature = await(pool.sign(key, scheme, Crypto.hash(scheme.digest(), message)));
        KeyInfo info = await(pool.keyInfo(key));

        assertThat(Crypto.verify(info.publicKey(), scheme, message, signature)).isTrue();
        byte[] tampered = "something else".getBytes(StandardCharsets.UTF_8);
        assertThat(Crypto.verify(info.publicKey(), scheme, tampered, signature)).isFalse();
    }

    Stream<Arguments> opensslSchemes() {
        return Stream.of(
                Arguments.of(rsa, SignatureScheme.of(SignAlgorithm.RSA_PKCS1, DigestAlgorithm.SHA256), List.of()),
                Arguments.of(rsa, SignatureScheme.of(SignAlgorithm.SHA512_WITH_RSA, DigestAlgorithm.SHA512), List.of()),
                Arguments.of(rsa, SignatureScheme.pss(PssParameters.of(DigestAlgorithm.SHA256)), List.of(
                        "-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:32", "-sigopt", "rsa_mgf1_md:sha256")),
                Arguments.of(rsa, SignatureScheme.pss(PssParameters.of(DigestAlgorithm.SHA384)), List.of(
                        "-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:48", "-sigopt", "rsa_mgf1_md:sha384")),
                Arguments.of(ec256, ecdsa(DigestAlgorithm.SHA256), List.of()),
                Arguments.of(ec384, ecdsa(DigestAlgorithm.SHA384), List.of()));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("opensslSchemes")
    void opensslVerifiesTheSignature(KeyRef key, SignatureScheme scheme, List<String> sigopts) throws Exception {
        byte[] message = ("openssl checks " + scheme).getBytes(StandardCharsets.UTF_8);
        byte[] signature = await(pool.sign(key, scheme, Crypto.hash(scheme.digest(), message)));
        Path pub = Crypto.writePem(dir.resolve(key.alias() + ".pem"), await(pool.keyInfo(key)).publicKey());
        Path msg = Files.write(dir.resolve("message"), message);
        Path sig = Files.write(dir.resolve("signature"), signature);

        List<String> command = new ArrayList<>(List.of("openssl", "dgst", "-" + scheme.digest().name().toLowerCase(),
                "-verify", pub.toString(), "-signature", sig.toString()));
        command.addAll(sigopts);
        command.add(msg.toString());
        assertThat(Processes.run(command.toArray(String[]::new))).contains("Verified OK");

        Files.write(msg, "not the message".getBytes(StandardCharsets.UTF_8));
        assertThat(Processes.exec(command.toArray(String[]::new)).output()).contains("Verification failure");
    }

    @Test
    void aBatchComesBackInInputOrderAndEverySignatureVerifies() {
        SignatureScheme scheme = ecdsa(DigestAlgorithm.SHA256);
        List<byte[]> messages = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            messages.add(("batch item " + i).getBytes(StandardCharsets.UTF_8));
        }
        List<byte[]> signatures = await(pool.signAll(ec256, scheme,
                messages.stream().map(m -> Crypto.hash(DigestAlgorithm.SHA256, m)).toList()));

        var key = await(pool.keyInfo(ec256)).publicKey();
        assertThat(signatures).hasSize(50);
        for (int i = 0; i < 50; i++) {
            assertThat(Crypto.verify(key, scheme, messages.get(i), signatures.get(i))).as("item %d", i).isTrue();
        }
    }

    @Test
    void thousandsOfSignaturesFromManyThreadsAllVerify() throws Exception {
        int threads = 16;
        int perThread = 150;
        KeyInfo ecInfo = await(pool.keyInfo(ec256));
        KeyInfo rsaInfo = await(pool.keyInfo(rsa));
        SignatureScheme ecScheme = ecdsa(DigestAlgorithm.SHA256);
        SignatureScheme rsaScheme = SignatureScheme.of(SignAlgorithm.SHA256_WITH_RSA, DigestAlgorithm.SHA256);
        try (ExecutorService callers = Executors.newFixedThreadPool(threads)) {
            List<CompletableFuture<Integer>> verified = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                verified.add(CompletableFuture.supplyAsync(() -> {
                    int ok = 0;
                    for (int i = 0; i < perThread; i++) {
                        boolean useRsa = i % 10 == 0;
                        byte[] message = ("thread " + thread + " message " + i).getBytes(StandardCharsets.UTF_8);
                        SignatureScheme scheme = useRsa ? rsaScheme : ecScheme;
                        byte[] signature = await(pool.sign(useRsa ? rsa : ec256, scheme,
                                Crypto.hash(DigestAlgorithm.SHA256, message)));
                        if (Crypto.verify((useRsa ? rsaInfo : ecInfo).publicKey(), scheme, message, signature)) {
                            ok++;
                        }
                    }
                    return ok;
                }, callers));
            }
            int total = 0;
            for (CompletableFuture<Integer> f : verified) {
                total += f.get(2, TimeUnit.MINUTES);
            }
            assertThat(total).isEqualTo(threads * perThread);
        }
    }

    @Test
    void aFreshKeyHasNoChainUntilOneIsStoredAndThenReturnsItEndEntityFirst() {
        KeyRef subject = KeyRef.of("subject-" + run);
        KeyInfo info = await(pool.generateKey(subject, KeyAlgorithm.EC_P256));
        assertThat(await(pool.certificateChain(subject))).isEmpty();

        List<X509Certificate> caChain = CertificateAuthority.createRootAndIssuing(pool, KeyRef.of("root-" + run),
                KeyRef.of("issuing-" + run), "Contract Test QTSP", "PL", Duration.ofDays(365));
        CertificateAuthority ca = new CertificateAuthority(pool, KeyRef.of("issuing-" + run), caChain);
        X509Certificate ee = ca.issueNaturalPerson(info.publicKey(), NaturalPersonProfile.of("PL", "Jan", "Kowalski",
                "PNOPL-84042003432", Instant.now(), Instant.now().plus(Duration.ofDays(30)), "https://qtsp.example/pds"));
        List<X509Certificate> chain = List.of(ee, caChain.get(0), caChain.get(1));
        await(pool.storeCertificateChain(subject, chain));

        assertThat(await(pool.certificateChain(subject))).containsExactlyElementsOf(chain);
        assertThat(await(pool.keyInfo(subject)).publicKey()).isEqualTo(info.publicKey());
        assertThat(await(pool.certificateChain(KeyRef.of("issuing-" + run)))).containsExactlyElementsOf(caChain);
    }

    @Test
    void aChainForAnotherKeyIsRefused() {
        KeyRef other = KeyRef.of("other-" + run);
        await(pool.generateKey(other, KeyAlgorithm.EC_P256));
        List<X509Certificate> foreign = List.of();
        assertThatThrownBy(() -> await(pool.storeCertificateChain(other, foreign)))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aDeletedKeyIsUnknownAfterwards() {
        KeyRef doomed = KeyRef.of("doomed-" + run);
        await(pool.generateKey(doomed, KeyAlgorithm.EC_P256));
        SignatureScheme scheme = ecdsa(DigestAlgorithm.SHA256);
        await(pool.sign(doomed, scheme, new byte[32]));

        await(pool.deleteKey(doomed));

        assertThatThrownBy(() -> await(pool.sign(doomed, scheme, new byte[32]))).isInstanceOf(UnknownKeyException.class);
        assertThatThrownBy(() -> await(pool.keyInfo(doomed))).isInstanceOf(UnknownKeyException.class);
        assertThatThrownBy(() -> await(pool.deleteKey(doomed))).isInstanceOf(UnknownKeyException.class);
    }

    @Test
    void anAliasInUseCannotBeGeneratedAgain() {
        assertThatThrownBy(() -> await(pool.generateKey(ec256, KeyAlgorithm.EC_P256)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("already in use");
    }

    @Test
    void anUnknownAliasIsReportedAsSuch() {
        assertThatThrownBy(() -> await(pool.sign(KeyRef.of("nobody-" + run), ecdsa(DigestAlgorithm.SHA256),
                new byte[32]))).isInstanceOf(UnknownKeyException.class);
    }

    @Test
    void aDigestOfTheWrongLengthIsRejected() {
        assertThatThrownBy(() -> await(pool.sign(rsa, SignatureScheme.of(SignAlgorithm.SHA384_WITH_RSA,
                DigestAlgorithm.SHA384), new byte[32]))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("48 bytes");
    }

    @Test
    void aSchemeForTheOtherKeyTypeIsRejected() {
        assertThatThrownBy(() -> await(pool.sign(ec256, SignatureScheme.of(SignAlgorithm.SHA256_WITH_RSA,
                DigestAlgorithm.SHA256), new byte[32]))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> await(pool.sign(rsa, ecdsa(DigestAlgorithm.SHA256), new byte[32])))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void generatedKeysReportTheirAlgorithm() {
        for (KeyAlgorithm algorithm : List.of(KeyAlgorithm.RSA_3072, KeyAlgorithm.EC_P384)) {
            KeyRef ref = KeyRef.of(algorithm.name().toLowerCase().replace('_', '-') + "-" + run);
            KeyInfo generated = await(pool.generateKey(ref, algorithm));
            assertThat(generated.algorithm()).isEqualTo(algorithm);
            assertThat(await(pool.keyInfo(ref))).isEqualTo(generated);
        }
    }

    @Test
    @Tag("slow")
    void rsa4096KeysAreGeneratedAndSign() {
        KeyRef ref = KeyRef.of("rsa4096-" + run);
        KeyInfo info = await(pool.generateKey(ref, KeyAlgorithm.RSA_4096));
        SignatureScheme scheme = SignatureScheme.pss(PssParameters.of(DigestAlgorithm.SHA512));
        byte[] message = "big key".getBytes(StandardCharsets.UTF_8);
        byte[] signature = await(pool.sign(ref, scheme, Crypto.hash(DigestAlgorithm.SHA512, message)));
        assertThat(info.algorithm()).isEqualTo(KeyAlgorithm.RSA_4096);
        assertThat(Crypto.verify(info.publicKey(), scheme, message, signature)).isTrue();
    }

    @Test
    void healthNamesTheSigningProvider() {
        var health = pool.health();
        assertThat(health.up()).isTrue();
        assertThat(health.provider()).isEqualTo(token().signingProvider());
        assertThat(health.circuitState()).isEqualTo("CLOSED");
    }

    static SignatureScheme ecdsa(DigestAlgorithm digest) {
        return SignatureScheme.of(switch (digest) {
            case SHA256 -> SignAlgorithm.ECDSA_SHA256;
            case SHA384 -> SignAlgorithm.ECDSA_SHA384;
            case SHA512 -> SignAlgorithm.ECDSA_SHA512;
        }, digest);
    }

    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path newTemporaryDirectory() {
        try {
            return Files.createTempDirectory("token-contract");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
