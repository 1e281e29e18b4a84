package io.sigillum.gateway.signdoc;

import eu.europa.esig.dss.crl.CRLBinary;
import eu.europa.esig.dss.crl.CRLUtils;
import eu.europa.esig.dss.enumerations.RevocationOrigin;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.DSSRevocationUtils;
import eu.europa.esig.dss.spi.x509.revocation.crl.CRLSource;
import eu.europa.esig.dss.spi.x509.revocation.crl.CRLToken;
import eu.europa.esig.dss.spi.x509.revocation.ocsp.OCSPSource;
import eu.europa.esig.dss.spi.x509.revocation.ocsp.OCSPToken;
import io.sigillum.gateway.ca.CaLocations;
import io.sigillum.gateway.revocation.RevocationData;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.jspecify.annotations.Nullable;

/**
 * Where DSS gets revocation data for levels LT and LTA: the built-in CA's OCSP responder and CRLs, asked in-process (no
 * HTTP to ourselves on the request path) — the same answers relying parties get at the URLs in the certificates. Both
 * block; DSS calls them on the signDoc scheduler.
 */
record RevocationSources(OCSPSource ocsp, CRLSource crl) {

    static RevocationSources of(RevocationData data, CaLocations locations) {
        return new RevocationSources(new InProcessOcsp(data, locations), new InProcessCrl(data, locations));
    }

    /** The issuing CA's OCSP responder; nothing for certificates of other issuers. */
    record InProcessOcsp(RevocationData data, CaLocations locations) implements OCSPSource {

        @Override
        public @Nullable OCSPToken getRevocationToken(CertificateToken certificate, @Nullable CertificateToken issuer) {
            if (issuer == null) {
                return null;
            }
            return data.ocspNow(certificate.getCertificate(), issuer.getCertificate()).map(der -> {
                try {
                    BasicOCSPResp basic = (BasicOCSPResp) new OCSPResp(der).getResponseObject();
                    SingleResp latest = DSSRevocationUtils.getLatestSingleResponse(basic, certificate, issuer);
                    OCSPToken token = new OCSPToken(basic, latest, certificate, issuer);
                    token.setSourceURL(locations.now().ocspUrl().orElseThrow());
                    token.setExternalOrigin(RevocationOrigin.EXTERNAL);
                    return token;
                } catch (IOException | OCSPException e) {
                    throw new IllegalStateException("the built-in OCSP responder's answer cannot be read", e);
                }
            }).orElse(null);
        }
    }

    /** The CRLs the gateway publishes: the issuing CA's and, where the root key is here, the root's. */
    record InProcessCrl(RevocationData data, CaLocations locations) implements CRLSource {

        @Override
        public @Nullable CRLToken getRevocationToken(CertificateToken certificate, @Nullable CertificateToken issuer) {
            if (issuer == null) {
                return null;
            }
            return data.crlNow(issuer.getCertificate()).map(der -> {
                try {
                    CRLBinary binary = CRLUtils.buildCRLBinary(der);
                    CRLToken token = new CRLToken(certificate, CRLUtils.buildCRLValidity(binary, issuer));
                    token.setSourceURL(locations.now().crlUrl().orElseThrow());
                    token.setExternalOrigin(RevocationOrigin.EXTERNAL);
                    return token;
                } catch (IOException e) {
                    throw new UncheckedIOException("the built-in CA's CRL cannot be read", e);
                }
            }).orElse(null);
        }
    }
}
