package io.sigillum.signer.ca;

import io.sigillum.signer.InvalidInputException;
import io.sigillum.signer.SignerException;
import io.sigillum.signer.TokenUnavailableException;
import io.sigillum.signer.algorithm.DigestAlgorithm;
import io.sigillum.signer.algorithm.KeyAlgorithm;
import io.sigillum.signer.algorithm.KeyType;
import io.sigillum.signer.algorithm.SignAlgorithm;
import io.sigillum.signer.algorithm.SignatureScheme;
import io.sigillum.signer.pool.SigningPool;
import io.sigillum.signer.token.KeyInfo;
import io.sigillum.signer.token.KeyRef;

import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;

/**
 * A Bouncy Castle {@link ContentSigner} whose private key stays in the token: it hashes locally and has the pool sign
 * the digest. {@link #getSignature()} blocks (with a timeout), so use it off event-loop threads — CA work is rare.
 */
public final class TokenContentSigner implements ContentSigner {

    private final SigningPool pool;
    private final KeyRef key;
    private final SignatureScheme scheme;
    private final AlgorithmIdentifier algorithmIdentifier;
    private final MessageDigest digest;
    private final Duration timeout;

    /** Signs with {@code key} using the usual scheme for its algorithm (see {@link #schemeFor}). */
    public static TokenContentSigner forKey(SigningPool pool, KeyRef key) {
        KeyInfo info = await(pool.keyInfo(key), pool.settings().operationTimeout());
        return new TokenContentSigner(pool, key, schemeFor(info.algorithm()));
    }

    public TokenContentSigner(SigningPool pool, KeyRef key, SignatureScheme scheme) {
        if (scheme.algorithm() == SignAlgorithm.RSASSA_PSS || scheme.algorithm() == SignAlgorithm.RSA_PKCS1) {
            throw new InvalidInputException("certificates are signed with a named hash-and-sign scheme");
        }
        this.pool = pool;
        this.key = key;
        this.scheme = scheme;
        this.algorithmIdentifier = new DefaultSignatureAlgorithmIdentifierFinder().find(jcaName(scheme));
        this.digest = newDigest(scheme.digest());
        this.timeout = pool.settings().operationTimeout();
    }

    /** SHA-256 with RSA; ECDSA with the hash matching the curve (SHA-256 for P-256, SHA-384 for P-384). */
    public static SignatureScheme schemeFor(KeyAlgorithm algorithm) {
        return switch (algorithm) {
            case RSA_2048, RSA_3072, RSA_4096 -> SignatureScheme.of(SignAlgorithm.SHA256_WITH_RSA, DigestAlgorithm.SHA256);
            case EC_P256 -> SignatureScheme.of(SignAlgorithm.ECDSA_SHA256, DigestAlgorithm.SHA256);
            case EC_P384 -> SignatureScheme.of(SignAlgorithm.ECDSA_SHA384, DigestAlgorithm.SHA384);
        };
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return algorithmIdentifier;
    }

    @Override
    public OutputStream getOutputStream() {
        return new OutputStream() {
            @Override
            public void write(int b) {
                digest.update((byte) b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                digest.update(b, off, len);
            }
        };
    }

    @Override
    public byte[] getSignature() {
        return await(pool.sign(key, scheme, digest.digest()), timeout);
    }

    static <T> T await(CompletableFuture<T> future, Duration timeout) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SignerException signerException) {
                throw signerException;
            }
            throw new TokenUnavailableException("token operation failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new TokenUnavailableException("token operation timed out after " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenUnavailableException("interrupted while waiting for the token", e);
        }
    }

    private static String jcaName(SignatureScheme scheme) {
        String hash = scheme.digest().name();
        return scheme.keyType() == KeyType.RSA ? hash + "WITHRSA" : hash + "WITHECDSA";
    }

    private static MessageDigest newDigest(DigestAlgorithm algorithm) {
        try {
            return MessageDigest.getInstance(algorithm.jcaName());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " missing from the JDK", e);
        }
    }
}
