package io.sigillum.signer.ca;

import io.sigillum.signer.pool.SigningPool;
import io.sigillum.signer.token.KeyInfo;
import io.sigillum.signer.token.KeyRef;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Builds a PKCS#10 certification request for a token key, signed by that key inside the token. */
public final class CsrBuilder {

    private CsrBuilder() {
    }

    /** A CSR for {@code key} with {@code subject}; blocks on the token (with the pool's timeout). */
    public static PKCS10CertificationRequest build(SigningPool pool, KeyRef key, X500Name subject) {
        KeyInfo info = TokenContentSigner.await(pool.keyInfo(key), pool.settings().operationTimeout());
        var signer = new TokenContentSigner(pool, key, TokenContentSigner.schemeFor(info.algorithm()));
        return new JcaPKCS10CertificationRequestBuilder(subject, info.publicKey()).build(signer);
    }
}
