package io.sigillum.gateway.signdoc;

import eu.europa.esig.dss.cades.CAdESSignatureParameters;
import eu.europa.esig.dss.cades.signature.CAdESService;
import eu.europa.esig.dss.enumerations.CertificationPermission;
import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.EncryptionAlgorithm;
import eu.europa.esig.dss.enumerations.JWSSerializationType;
import eu.europa.esig.dss.enumerations.SigDMechanism;
import eu.europa.esig.dss.enumerations.SignatureAlgorithm;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.enumerations.SignaturePackaging;
import eu.europa.esig.dss.jades.JAdESSignatureParameters;
import eu.europa.esig.dss.jades.signature.JAdESService;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.model.ToBeSigned;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.pades.PAdESSignatureParameters;
import eu.europa.esig.dss.pades.signature.PAdESService;
import eu.europa.esig.dss.signature.AbstractSignatureParameters;
import eu.europa.esig.dss.signature.DocumentSignatureService;
import eu.europa.esig.dss.spi.DSSUtils;
import eu.europa.esig.dss.spi.signature.AdvancedSignature;
import eu.europa.esig.dss.spi.validation.CertificateVerifier;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.spi.x509.tsp.TSPSource;
import eu.europa.esig.dss.xades.XAdESSignatureParameters;
import eu.europa.esig.dss.xades.signature.XAdESService;
import eu.europa.esig.dss.xades.validation.XMLDocumentAnalyzer;
import io.sigillum.gateway.csc.wire.CscErrors;
import io.sigillum.gateway.csc.wire.ConformanceLevel;
import io.sigillum.gateway.csc.wire.EnvelopeProperty;
import io.sigillum.gateway.csc.wire.SignatureProfile;
import io.sigillum.signer.algorithm.KeyType;
import io.sigillum.signer.algorithm.PssParameters;
import io.sigillum.signer.algorithm.SignAlgorithm;
import io.sigillum.signer.algorithm.SignatureScheme;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import java.util.function.Function;

/**
 * Builds AdES signatures with EU DSS in two steps around the token: {@link #prepare} gives the digest of DSS's data to
 * be signed, the signing pool signs it, and {@link Prepared#finish} embeds that value (and, from level T on, the
 * signature timestamp; at LT the certificates' OCSP answers and CRLs; at LTA an archive timestamp over them).
 * Everything here blocks (parsing, XML canonicalisation, the timestamp): run it on the signDoc scheduler.
 */
final class DssSignatures {

    private final CertificateVerifier verifier;
    private final TSPSource timestamps;

    /** @param root the built-in CA's root: DSS gathers revocation data only for chains up to a trust anchor */
    DssSignatures(TSPSource timestamps, RevocationSources revocation, X509Certificate root) {
        this.timestamps = timestamps;
        CommonCertificateVerifier commonVerifier = new CommonCertificateVerifier();
        CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
        trusted.addCertificate(new CertificateToken(root));
        commonVerifier.setTrustedCertSources(trusted);
        // levels LT and LTA embed the built-in CA's own OCSP answers and CRLs, asked in-process; DSS's default alerts
        // stay: an LT signature without its revocation data (or over a revoked certificate) is refused, not made
        commonVerifier.setOcspSource(revocation.ocsp());
        commonVerifier.setCrlSource(revocation.crl());
        // no certificate is fetched from the addresses certificates name (caIssuers): a document's other signatures
        // carry certificates of anyone's making, and their addresses must not make the QTSP call out (nor wait on it)
        commonVerifier.setAIASource(null);
        this.verifier = commonVerifier;
    }

    /** A signature ready for its value: the digest the token must sign, with which scheme, and how to finish it. */
    record Prepared(byte[] digest, SignatureScheme scheme, Function<byte[], byte[]> finish) {
    }

    /**
     * Parses and prepares; {@link IllegalArgumentException} (with a reason a client may read) when the document cannot be
     * signed so.
     */
    Prepared prepare(DSSDocument document, SignatureProfile profile, List<X509Certificate> chain, Date signingTime) {
        return switch (profile.format()) {
            case PADES -> {
                PAdESSignatureParameters parameters = new PAdESSignatureParameters();
                parameters.setSignatureLevel(level(profile, SignatureLevel.PAdES_BASELINE_B, SignatureLevel.PAdES_BASELINE_T,
                        SignatureLevel.PAdES_BASELINE_LT, SignatureLevel.PAdES_BASELINE_LTA));
                if (profile.envelope() == EnvelopeProperty.CERTIFICATION) {
                    parameters.setPermission(CertificationPermission.MINIMAL_CHANGES_PERMITTED);
                }
                PAdESService service = new PAdESService(verifier);
                yield prepared(service, document, parameters, profile, chain, signingTime);
            }
            case CADES -> {
                CAdESSignatureParameters parameters = new CAdESSignatureParameters();
                // a document that is itself a CMS signature is signed as the bytes sent, which the SAD names: DSS would
                // otherwise add a parallel signer over the content inside it, another hash than the one approved
                parameters.setParallelSignature(false);
                parameters.setSignatureLevel(level(profile, SignatureLevel.CAdES_BASELINE_B, SignatureLevel.CAdES_BASELINE_T,
                        SignatureLevel.CAdES_BASELINE_LT, SignatureLevel.CAdES_BASELINE_LTA));
                parameters.setSignaturePackaging(profile.envelope() == EnvelopeProperty.ATTACHED
                        ? SignaturePackaging.ENVELOPING : SignaturePackaging.DETACHED);
                yield prepared(new CAdESService(verifier), document, parameters, profile, chain, signingTime);
            }
            case XADES -> {
                XAdESSignatureParameters parameters = new XAdESSignatureParameters();
                parameters.setSignatureLevel(level(profile, SignatureLevel.XAdES_BASELINE_B, SignatureLevel.XAdES_BASELINE_T,
                        SignatureLevel.XAdES_BASELINE_LT, SignatureLevel.XAdES_BASELINE_LTA));
                parameters.setSignaturePackaging(switch (profile.envelope()) {
                    case ENVELOPED -> SignaturePackaging.ENVELOPED;
                    case ENVELOPING -> SignaturePackaging.ENVELOPING;
                    default -> SignaturePackaging.DETACHED;
                });
                Prepared made = prepared(new XAdESService(verifier), document, parameters, profile, chain, signingTime);
                yield profile.envelope() == EnvelopeProperty.ENVELOPED ? verifiedEnveloped(made, parameters.getDeterministicId())
                        : made;
            }
            case JADES -> {
                JAdESSignatureParameters parameters = new JAdESSignatureParameters();
                parameters.setSignatureLevel(level(profile, SignatureLevel.JAdES_BASELINE_B, SignatureLevel.JAdES_BASELINE_T,
                        SignatureLevel.JAdES_BASELINE_LT, SignatureLevel.JAdES_BASELINE_LTA));
                if (profile.envelope() == EnvelopeProperty.ATTACHED) {
                    parameters.setSignaturePackaging(SignaturePackaging.ENVELOPING);
                } else {
                    // the detached payload is named by its digest (sigD, ObjectIdByURIHash) over its bytes as they are
                    // (b64 false), so a client's digest of the document is what is signed
                    parameters.setSignaturePackaging(SignaturePackaging.DETACHED);
                    parameters.setSigDMechanism(SigDMechanism.OBJECT_ID_BY_URI_HASH);
                    parameters.setBase64UrlEncodedPayload(false);
                }
                // the compact form has no unsigned header, so no room for a signature timestamp: JSON from level T on
                parameters.setJwsSerializationType(profile.envelope() == EnvelopeProperty.ATTACHED
                        && profile.level() == ConformanceLevel.B_B
                        ? JWSSerializationType.COMPACT_SERIALIZATION : JWSSerializationType.FLATTENED_JSON_SERIALIZATION);
                yield prepared(new JAdESService(verifier), document, parameters, profile, chain, signingTime);
            }
        };
    }

    private <P extends AbstractSignatureParameters<?>> Prepared prepared(DocumentSignatureService<P, ?> service,
            DSSDocument document, P parameters, SignatureProfile profile, List<X509Certificate> chain, Date signingTime) {
        SignatureScheme scheme = profile.scheme();
        DigestAlgorithm digest = DigestAlgorithm.forOID(scheme.digest().oid());
        parameters.setDigestAlgorithm(digest);
        parameters.setReferenceDigestAlgorithm(digest);
        parameters.setSigningCertificate(new CertificateToken(chain.getFirst()));
        parameters.setCertificateChain(chain.stream().map(CertificateToken::new).toList());
        // after the certificate, which sets the algorithm of its key (RSA: PKCS#1 v1.5) and would undo RSASSA-PSS
        parameters.setEncryptionAlgorithm(encryption(scheme));
        parameters.bLevel().setSigningDate(signingTime);
        service.setTspSource(timestamps);
        ToBeSigned dataToSign = service.getDataToSign(document, parameters);
        SignatureAlgorithm algorithm = SignatureAlgorithm.getAlgorithm(parameters.getEncryptionAlgorithm(), digest);
        return new Prepared(digest(scheme, dataToSign.getBytes()), scheme, value -> DSSUtils.toByteArray(
                service.signDocument(document, parameters, new SignatureValue(algorithm, value))));
    }

    /**
     * An enveloped XAdES signature checked before it leaves: its references and value must verify in the document it
     * was put into. DSS has been seen to digest an enveloped document other than every verifier does (an empty root
     * element followed by a processing instruction), and a signature that fails its first validation must not be
     * released as the holder's: the document is refused instead (the grant it spent is given back).
     */
    private static Prepared verifiedEnveloped(Prepared made, String signatureId) {
        return new Prepared(made.digest(), made.scheme(), value -> {
            byte[] signed = made.finish().apply(value);
            XMLDocumentAnalyzer analyzer = new XMLDocumentAnalyzer(new InMemoryDocument(signed));
            CommonCertificateVerifier offline = new CommonCertificateVerifier();
            offline.setAIASource(null);
            analyzer.setCertificateVerifier(offline);
            boolean intact = false;
            for (AdvancedSignature signature : analyzer.getSignatures()) {
                if (signatureId.equals(signature.getDAIdentifier())) {
                    signature.checkSignatureIntegrity();
                    intact = signature.getSignatureCryptographicVerification().isSignatureIntact();
                }
            }
            if (!intact) {
                throw CscErrors.invalidRequest("Invalid document: the enveloped signature made over it does not verify in "
                        + "it (XML nodes after an empty root element?); sign it Enveloping or Detached");
            }
            return signed;
        });
    }

    private static SignatureLevel level(SignatureProfile profile, SignatureLevel baselineB, SignatureLevel baselineT,
            SignatureLevel baselineLt, SignatureLevel baselineLta) {
        return switch (profile.level()) {
            case B_B -> baselineB;
            case B_T -> baselineT;
            case B_LT -> baselineLt;
            case B_LTA -> baselineLta;
        };
    }

    static EncryptionAlgorithm encryption(SignatureScheme scheme) {
        if (scheme.algorithm() == SignAlgorithm.RSASSA_PSS) {
            // DSS makes PSS with MGF1 over the same hash and a salt as long as it: other parameters cannot be honoured
            if (!scheme.pss().orElseThrow().equals(PssParameters.of(scheme.digest()))) {
                throw new IllegalArgumentException("signDoc makes RSASSA-PSS with MGF1 over the same hash and a salt as "
                        + "long as the hash only");
            }
            return EncryptionAlgorithm.RSASSA_PSS;
        }
        return scheme.keyType() == KeyType.EC ? EncryptionAlgorithm.ECDSA : EncryptionAlgorithm.RSA;
    }

    static byte[] digest(SignatureScheme scheme, byte[] data) {
        try {
            return MessageDigest.getInstance(scheme.digest().jcaName()).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(scheme.digest() + " missing from the JDK", e);
        }
    }
}
