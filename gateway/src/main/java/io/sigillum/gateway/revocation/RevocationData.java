package io.sigillum.gateway.revocation;

import io.sigillum.signer.ca.CertificateAuthority;
import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
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
        return Mono.fromCallable(() -> request(certificate)).flatMap(ocsp::respond).filter(RevocationData::successful);
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
        return ocsp(certificate, issuer).blockOptional(timeout);
    }

    /** {@link #crl}, waiting: for callers on a worker thread that may block (DSS). */
    public Optional<byte[]> crlNow(X509Certificate issuer) {
        return crl(issuer).blockOptional(timeout);
    }

    /** No nonce: the same request is answered from the responder's short-lived cache while it is fresh. */
    private byte[] request(X509Certificate certificate)
            throws OCSPException, OperatorCreationException, CertificateEncodingException, IOException {
        CertificateID id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                new JcaX509CertificateHolder(issuing), certificate.getSerialNumber());
        return new OCSPReqBuilder().addRequest(id).build().getEncoded();
    }

    private static boolean successful(byte[] der) {
        try {
            return new OCSPResp(der).getStatus() == OCSPResp.SUCCESSFUL;
        } catch (IOException e) {
            return false;
        }
    }
}
