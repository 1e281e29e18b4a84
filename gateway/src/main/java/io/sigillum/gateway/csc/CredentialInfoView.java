package io.sigillum.gateway.csc;

import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.credential.CredentialStatus;
import io.sigillum.signer.algorithm.KeyType;
import io.sigillum.signer.algorithm.SignAlgorithm;
import java.math.BigInteger;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.security.auth.x500.X500Principal;

/** Renders a credential as the CSC {@code CredentialInfo} object (v2 fields, plus the v1 PIN/OTP objects). */
final class CredentialInfoView {

    private static final DateTimeFormatter GENERALIZED_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Map<String, String> DN_KEYWORDS = Map.of("2.5.4.5", "SERIALNUMBER", "2.5.4.4", "SURNAME",
            "2.5.4.42", "GIVENNAME", "2.5.4.97", "ORGANIZATIONIDENTIFIER");
    private static final Map<String, String> CURVE_OIDS = Map.of("secp256r1", "1.2.840.10045.3.1.7", "secp384r1", "1.3.132.0.34");

    /** How many certificates to include: none, the end-entity one, or the whole chain. */
    enum Certificates { NONE, SINGLE, CHAIN;

        static Certificates parse(String value) {
            return switch (value.toLowerCase()) {
                case "none" -> NONE;
                case "single" -> SINGLE;
                case "chain" -> CHAIN;
                default -> throw CscErrors.invalidParameter("certificates");
            };
        }
    }

    private CredentialInfoView() {
    }

    static Map<String, Object> render(Credential credential, Certificates certificates, boolean certInfo, boolean authInfo,
            int maxHashesPerCall, String lang, Instant now) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("description", credential.description());
        info.put("signatureQualifier", "eu_eidas_qes");
        info.put("key", key(credential));
        info.put("cert", cert(credential, certificates, certInfo, now));
        if (authInfo) {
            info.put("auth", Map.of("mode", "explicit", "expression", "PIN AND OTP", "objects", List.of(
                    Map.of("type", "Password", "id", "PIN", "format", "N", "label", "PIN",
                            "description", "The 8-digit PIN the holder set at activation"),
                    Map.of("type", "ChallengeResponse", "id", "OTP", "format", "N", "generator", "sms", "label", "SMS code",
                            "description", "The one-time code sent by SMS after credentials/getChallenge"))));
            info.put("authMode", "explicit");
            info.put("PIN", Map.of("presence", "true", "format", "N", "label", "PIN"));
            info.put("OTP", Map.of("presence", "true", "type", "online", "format", "N", "ID", "OTP",
                    "provider", "sms", "label", "SMS code"));
        }
        info.put("SCAL", "2");
        info.put("multisign", Math.min(credential.multisign(), maxHashesPerCall));
        info.put("lang", lang);
        return info;
    }

    private static Map<String, Object> key(Credential credential) {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("status", credential.status() == CredentialStatus.ACTIVE ? "enabled" : "disabled");
        KeyType type = credential.keyAlgorithm().keyType();
        key.put("algo", Arrays.stream(SignAlgorithm.values()).filter(a -> a.keyType() == type).map(SignAlgorithm::oid).toList());
        key.put("len", credential.keyAlgorithm().bits());
        if (type == KeyType.EC) {
            key.put("curve", CURVE_OIDS.getOrDefault(credential.keyAlgorithm().curveName(), credential.keyAlgorithm().curveName()));
        }
        return key;
    }

    private static Map<String, Object> cert(Credential credential, Certificates certificates, boolean certInfo, Instant now) {
        Map<String, Object> cert = new LinkedHashMap<>();
        credential.certificate().ifPresent(ee -> cert.put("status", ee.getNotAfter().toInstant().isBefore(now) ? "expired" : "valid"));
        List<X509Certificate> chosen = switch (certificates) {
            case NONE -> List.of();
            case SINGLE -> credential.certificate().stream().toList();
            case CHAIN -> credential.certificateChain();
        };
        if (certificates != Certificates.NONE) {
            cert.put("certificates", chosen.stream().map(CredentialInfoView::base64).toList());
        }
        if (certInfo) {
            credential.certificate().ifPresent(ee -> {
                cert.put("issuerDN", ee.getIssuerX500Principal().getName(X500Principal.RFC2253, DN_KEYWORDS));
                cert.put("serialNumber", new BigInteger(1, ee.getSerialNumber().toByteArray()).toString(16));
                cert.put("subjectDN", ee.getSubjectX500Principal().getName(X500Principal.RFC2253, DN_KEYWORDS));
                cert.put("validFrom", GENERALIZED_TIME.format(ee.getNotBefore().toInstant()));
                cert.put("validTo", GENERALIZED_TIME.format(ee.getNotAfter().toInstant()));
            });
        }
        return cert;
    }

    private static String base64(X509Certificate certificate) {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
