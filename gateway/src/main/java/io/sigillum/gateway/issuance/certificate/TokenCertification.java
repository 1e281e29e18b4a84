package io.sigillum.gateway.issuance.certificate;

import io.sigillum.signer.UnknownKeyException;
import io.sigillum.signer.ca.CertificateAuthority;
import io.sigillum.signer.ca.CsrBuilder;
import io.sigillum.signer.ca.NaturalPersonProfile;
import io.sigillum.signer.pool.ReactiveSigner;
import io.sigillum.signer.pool.SigningPool;
import io.sigillum.signer.token.KeyRef;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
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

    TokenCertification(ReactiveSigner signer, SigningPool pool, CertificateAuthority ca, CertificateProperties properties) {
        this.signer = signer;
        this.pool = pool;
        this.ca = ca;
        this.properties = properties;
        this.caScheduler = Schedulers.newBoundedElastic(properties.caThreads(), 1_000, "issuance-ca");
    }

    /**
     * Generates the key and has it certified; the chain, end-entity first.
     *
     * @param resumed whether an earlier attempt may have left a key under this alias (it crashed midway): it is deleted
     *     first, so the retry starts clean
     */
    Mono<List<X509Certificate>> certify(KeyRef key, NaturalPersonProfile profile, boolean resumed) {
        Mono<Void> clean = resumed ? discard(key) : Mono.empty();
        return clean.then(signer.generateKey(key, properties.keyAlgorithm()))
                .then(Mono.fromCallable(() -> {
                    X509Certificate certificate = ca.issueFromCsr(CsrBuilder.build(pool, key,
                            new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, profile.country())
                                    .addRDN(BCStyle.CN, profile.commonName()).build()), profile);
                    List<X509Certificate> chain = new ArrayList<>(List.of(certificate));
                    chain.addAll(ca.chain());
                    return List.copyOf(chain);
                }).subscribeOn(caScheduler)) // the CSR and the CA's signature wait for the pool
                .flatMap(chain -> signer.storeCertificateChain(key, chain).thenReturn(chain));
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
