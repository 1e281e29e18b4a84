package io.sigillum.gateway.issuance.certificate;

import io.sigillum.gateway.ca.CertificateKind;
import io.sigillum.gateway.ca.CertificateRegistry;
import io.sigillum.signer.UnknownKeyException;
import io.sigillum.signer.ca.CertificateAuthority;
import io.sigillum.signer.ca.CsrBuilder;
import io.sigillum.signer.ca.NaturalPersonProfile;
import io.sigillum.signer.pool.ReactiveSigner;
import io.sigillum.signer.pool.SigningPool;
import io.sigillum.signer.token.KeyRef;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The token's part of issuance: a key pair generated in the token through the signing pool (non-extractable on
 * PKCS#11), a CSR that proves possession, the built-in CA's certificate, and the chain stored with the key. Slow and
 * blocking, so it runs on the pool and the CA's own bounded scheduler — and never while a row lock is held.
 */
@Component
class TokenCertification implements DisposableBean {

    private final ReactiveSigner signer;
    private final SigningPool pool;
    private final CertificateAuthority ca;
    private final CertificateProperties properties;
    private final Scheduler caScheduler;
    private final CertificateRegistry registry;

    TokenCertification(ReactiveSigner signer, SigningPool pool, CertificateAuthority ca, CertificateProperties properties,
            CertificateRegistry registry) {
        this.registry = registry;
        this.signer = signer;
        this.pool = pool;
        this.ca = ca;
        this.properties = properties;
        this.caScheduler = Schedulers.newBoundedElastic(properties.caThreads(), 1_000, "issuance-ca");
    }

    /**
     * Generates the key and has it certified; the chain, end-entity first. The certificate is in the CA's register
     * ({@link CertificateRegistry}) before it is stored with the key or returned, so that a certificate the CA signed is
     * never unknown to it, whatever happens next.
     *
     * @param resumed whether an earlier attempt may have left a key (and a certificate) for this credential (it crashed
     *     midway): that certificate is revoked as superseded and the key deleted first, so the retry starts clean
     */
    Mono<List<X509Certificate>> certify(KeyRef key, String credentialId, NaturalPersonProfile profile, boolean resumed) {
        Mono<Void> clean = resumed ? abandon(credentialId).then(discard(key)) : Mono.empty();
        return clean.then(signer.generateKey(key, properties.keyAlgorithm()))
                .then(Mono.fromCallable(() -> {
                    X509Certificate certificate = ca.issueFromCsr(CsrBuilder.build(pool, key,
                            new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, profile.country())
                                    .addRDN(BCStyle.CN, profile.commonName()).build()), profile);
                    List<X509Certificate> chain = new ArrayList<>(List.of(certificate));
                    chain.addAll(ca.chain());
                    return List.copyOf(chain);
                }).subscribeOn(caScheduler)) // the CSR and the CA's signature wait for the pool
                .flatMap(chain -> registry.register(chain.getFirst(), CertificateKind.END_ENTITY, Optional.of(credentialId))
                        .then(signer.storeCertificateChain(key, chain)).thenReturn(chain));
    }

    /** Revokes (superseded) what an abandoned issuance of the credential had certified, if anything. */
    Mono<Void> abandon(String credentialId) {
        return registry.supersedeAbandoned(credentialId, Instant.now());
    }

    /** Deletes a key whose issuance was given up; a key that was never generated is fine. */
    Mono<Void> discard(KeyRef key) {
        return signer.deleteKey(key).onErrorResume(UnknownKeyException.class, absent -> Mono.empty());
    }

    @Override
    public void destroy() {
        caScheduler.dispose();
    }
}
