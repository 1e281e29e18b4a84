package io.sigillum.gateway.csc;

import io.sigillum.gateway.auth.AuthMode;
import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.csc.wire.Certificates;
import io.sigillum.gateway.csc.wire.CredentialInfo;
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
import java.util.List;
import java.util.Map;
import javax.security.auth.x500.X500Principal;

/** Describes a credential as the CSC {@code CredentialInfo} object. */
final class CredentialInfoView {

    private static final DateTimeFormatter GENERALIZED_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Map<String, String> DN_KEYWORDS = Map.of("2.5.4.5", "SERIALNUMBER", "2.5.4.4", "SURNAME",
            "2.5.4.42", "GIVENNAME", "2.5.4.97", "ORGANIZATIONIDENTIFIER");
    private static final Map<String, String> CURVE_OIDS = Map.of("secp256r1", "1.2.840.10045.3.1.7", "secp384r1", "1.3.132.0.34");
    private static final CredentialInfo.Auth EXPLICIT_PIN_AND_OTP = new CredentialInfo.Auth("explicit", "PIN AND OTP", List.of(
            new CredentialInfo.AuthObject("Password", "PIN", "N", null, "PIN", "The 8-digit PIN the holder set at activation"),
            new CredentialInfo.AuthObject("ChallengeResponse", "OTP", "N", "sms", "SMS code",
                    "The one-time code sent by SMS after credentials/getChallenge")));
    /** The same PIN and SMS code, entered by the holder on the gateway's authorization page, never given to the platform. */
    private static final CredentialInfo.Auth OAUTH2CODE_PIN_AND_OTP = new CredentialInfo.Auth("oauth2code", "PIN AND OTP", List.of(
            new CredentialInfo.AuthObject("Password", "PIN", "N", null, "PIN",
                    "The 8-digit PIN, entered on the QTSP's authorization page"),
            new CredentialInfo.AuthObject("ChallengeResponseOOB", "OTP", "N", "sms", "SMS code",
                    "The one-time code sent by SMS, entered on the QTSP's authorization page")));
    private static final CredentialInfo.Pin PIN = new CredentialInfo.Pin("true", "N", "PIN");
    private static final CredentialInfo.Otp OTP = new CredentialInfo.Otp("true", "online", "N", "OTP", "sms", "SMS code");

    private CredentialInfoView() {
    }

    /**
     * @param authInfo whether {@code auth} lists the expression and the objects; its {@code mode} is required, and always
     *     there (as is v1's {@code authMode}), or a client could not tell how the credential is authorized
     */
    static CredentialInfo describe(Credential credential, AuthMode mode, Certificates certificates, boolean certInfo,
            boolean authInfo, int maxHashesPerCall, String lang, Instant now) {
        boolean explicit = mode == AuthMode.EXPLICIT;
        CredentialInfo.Auth auth = authInfo ? (explicit ? EXPLICIT_PIN_AND_OTP : OAUTH2CODE_PIN_AND_OTP)
                : new CredentialInfo.Auth(mode.wireName(), null, null);
        return new CredentialInfo(null, credential.description(), CredentialInfo.QUALIFIED, key(credential, now),
                cert(credential, certificates, certInfo, now), auth, mode.wireName(), authInfo && explicit ? PIN : null,
                authInfo && explicit ? OTP : null, "2", Math.min(credential.multisign(), maxHashesPerCall), lang);
    }

    /** Enabled while the key can sign: its credential ACTIVE and its certificate neither expired nor starting later. */
    private static CredentialInfo.Key key(Credential credential, Instant now) {
        KeyType type = credential.keyAlgorithm().keyType();
        return new CredentialInfo.Key(UsableCredential.usable(credential, now) ? "enabled" : "disabled",
                Arrays.stream(SignAlgorithm.values()).filter(a -> a.keyType() == type).map(SignAlgorithm::oid).toList(),
                credential.keyAlgorithm().bits(), type == KeyType.EC
                        ? CURVE_OIDS.getOrDefault(credential.keyAlgorithm().curveName(), credential.keyAlgorithm().curveName())
                        : null);
    }

    private static CredentialInfo.Cert cert(Credential credential, Certificates certificates, boolean certInfo, Instant now) {
        String status = credential.certificate().map(ee -> switch (credential.status()) {
            case REVOKED -> "revoked";
            case SUSPENDED -> "suspended";
            // none of CSC's values fits a certificate that starts later: no status, and validFrom says when
            default -> ee.getNotAfter().toInstant().isBefore(now) ? "expired"
                    : ee.getNotBefore().toInstant().isAfter(now) ? null : "valid";
        }).orElse(null);
        List<String> chosen = switch (certificates) {
            case NONE -> null;
            case SINGLE -> credential.certificate().stream().map(CredentialInfoView::base64).toList();
            case CHAIN -> credential.certificateChain().stream().map(CredentialInfoView::base64).toList();
        };
        X509Certificate ee = certInfo ? credential.certificate().orElse(null) : null;
        if (ee == null) {
            return new CredentialInfo.Cert(status, chosen, null, null, null, null, null);
        }
        return new CredentialInfo.Cert(status, chosen, ee.getIssuerX500Principal().getName(X500Principal.RFC2253, DN_KEYWORDS),
                new BigInteger(1, ee.getSerialNumber().toByteArray()).toString(16),
                ee.getSubjectX500Principal().getName(X500Principal.RFC2253, DN_KEYWORDS),
                GENERALIZED_TIME.format(ee.getNotBefore().toInstant()), GENERALIZED_TIME.format(ee.getNotAfter().toInstant()));
    }

    private static String base64(X509Certificate certificate) {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
