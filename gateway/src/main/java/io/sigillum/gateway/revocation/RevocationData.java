package io.sigillum.gateway.revocation;

import io.sigillum.gateway.secret.Randomness;
import io.sigillum.signer.ca.CertificateAuthority;
import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import reactor.core.publisher.Mono;

/**
 * The CA's revocation data for in-process consumers (signDoc's levels LT and LTA, {@code validationInfo}): the OCSP
 * responder's answer for a certificate of the issuing CA, and the current CRL of the issuing CA or the root — the same
 * bytes a relying party gets over HTTP, without HTTP to ourselves on the request path.
 */
public final class RevocationData {

    private final OcspResponder ocsp;
    private final CrlPublishers crls;
    private final X509Certificate issuing;
    private final Duration timeout;

    RevocationData(OcspResponder ocsp, CrlPublishers crls, CertificateAuthority ca, Duration timeout) {
        this.ocsp = ocsp;
        this.crls = crls;
        this.issuing = ca.chain().getFirst();
        this.timeout = timeout;
    }

    /** A successful DER OCSPResponse about {@code certificate}; empty when {@code issuer} is not the issuing CA. */
    public Mono<byte[]> ocsp(X509Certificate certificate, X509Certificate issuer) {
        if (!issuer.equals(issuing)) {
            return Mono.empty();
        }
        return answer(certificate, false);
    }

    private Mono<byte[]> answer(X509Certificate certificate, boolean fresh) {
        return Mono.fromCallable(() -> request(certificate, fresh)).flatMap(ocsp::respond).filter(RevocationData::successful);
    }

    /** The current DER CRL of {@code issuer}, when the gateway publishes one. */
    public Mono<byte[]> crl(X509Certificate issuer) {
        if (issuer.equals(crls.issuing().issuer())) {
            return crls.issuing().current();
        }
        return crls.root().filter(root -> root.issuer().equals(issuer)).map(CrlPublisher::current).orElse(Mono.empty());
    }

    /** {@link #ocsp}, waiting: for callers on a worker thread that may block (DSS). */
    public Optional<byte[]> ocspNow(X509Certificate certificate, X509Certificate issuer) {
        if (!issuer.equals(issuing)) {
            return Optional.empty();
        }
        // produced now, not reused from the responder's cache: a signature's level LT embeds it after the signature's
        // timestamp, and revocation data older than that timestamp says nothing about the certificate at signing time
        // (ETSI EN 319 102-1: fresh revocation data after the best signature time)
        return answer(certificate, true).blockOptional(timeout);
    }

    /** {@link #crl}, waiting: for callers on a worker thread that may block (DSS). */
    public Optional<byte[]> crlNow(X509Certificate issuer) {
        return crl(issuer).blockOptional(timeout);
    }

    /**
     * Without a nonce the same request is answered from the responder's short-lived cache while it is fresh; with one
     * ({@code fresh}) the answer is made now (RFC 8954: a request with a nonce is never answered from a cache).
     */
    private byte[] request(X509Certificate certificate, boolean fresh)
            throws OCSPException, OperatorCreationException, CertificateEncodingException, IOException {
        CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                new JcaX509CertificateHolder(issuing), certificate.getSerialNumber());
        OCSPReqBuilder request = new OCSPReqBuilder().addRequest(id);
        if (fresh) {
            byte[] nonce = new byte[16];
            Randomness.nextBytes(nonce);
            request.setRequestExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false,
                    new DEROctetString(nonce).getEncoded())));
        }
        return request.build().getEncoded();
    }

    private static boolean successful(byte[] der) {
        try {
            return new OCSPResp(der).getStatus() == OCSPResp.SUCCESSFUL;
        } catch (IOException e) {
            return false;
        }
    }
}
