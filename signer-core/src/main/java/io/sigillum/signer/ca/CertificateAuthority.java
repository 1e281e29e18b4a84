package io.sigillum.signer.ca;

import io.sigillum.signer.InvalidInputException;
import io.sigillum.signer.TokenUnavailableException;
import io.sigillum.signer.algorithm.KeyAlgorithm;
import io.sigillum.signer.pool.SigningPool;
import io.sigillum.signer.token.KeyInfo;
import io.sigillum.signer.token.KeyRef;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.qualified.ETSIQCObjectIdentifiers;
import org.bouncycastle.asn1.x509.qualified.QCStatement;
import org.bouncycastle.asn1.x509.qualified.RFC3739QCObjectIdentifiers;
import org.bouncycastle.asn1.x509.qualified.SemanticsInformation;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * An issuing CA whose private key lives in the token: issues ETSI EN 319 412-2 natural-person qualified certificates,
 * the QTSP's own seal, time-stamping unit and OCSP responder certificates, its CRLs (and TLS server certificates for a
 * development gateway).
 * Signing blocks on the pool (with its timeout), so call it off event-loop threads.
 */
public final class CertificateAuthority {

    /** ETSI EN 319 412-1 semantics identifier for natural persons (id-etsi-qcs-semanticsId-Natural). */
    public static final String SEMANTICS_ID_NATURAL = "0.4.0.194121.1.1";

    /** QCP-l: the policy of a qualified certificate for a legal person (ETSI EN 319 411-2 §5.3), the seal's. */
    public static final String QCP_L = "0.4.0.194112.1.1";

    /** ETSI EN 319 412-1 semantics identifier for legal persons (id-etsi-qcs-semanticsId-Legal). */
    public static final String SEMANTICS_ID_LEGAL = "0.4.0.194121.1.2";

    private static final KeyAlgorithm CA_KEY_ALGORITHM = KeyAlgorithm.EC_P384;
    private static final int SERIAL_BITS = 159;

    private final SigningPool pool;
    private final KeyRef caKey;
    private final List<X509Certificate> caChain;
    private final SecureRandom random = new SecureRandom();

    /** @param caChain the issuing CA certificate first, the root last; the first must hold {@code caKey}'s public key */
    public CertificateAuthority(SigningPool pool, KeyRef caKey, List<X509Certificate> caChain) {
        if (caChain.isEmpty()) {
            throw new InvalidInputException("the CA chain is empty");
        }
        KeyInfo info = TokenContentSigner.await(pool.keyInfo(caKey), pool.settings().operationTimeout());
        if (!info.publicKey().equals(caChain.getFirst().getPublicKey())) {
            throw new InvalidInputException("the CA certificate does not hold the public key of " + caKey.alias());
        }
        this.pool = pool;
        this.caKey = caKey;
        this.caChain = List.copyOf(caChain);
    }

    /**
     * Creates a self-signed root and an issuing CA under it, both with P-384 keys generated in the token, stores their
     * chains with the keys and returns {@code [issuing, root]} (the chain to pass to the constructor). The issuing CA's
     * certificate carries no revocation locations: see the overload that takes them.
     */
    public static List<X509Certificate> createRootAndIssuing(SigningPool pool, KeyRef rootKey, KeyRef issuingKey,
            String organisation, String country, Duration validity) {
        return createRootAndIssuing(pool, rootKey, issuingKey, organisation, country, validity, CertificateLocations.none());
    }

    /**
     * As {@link #createRootAndIssuing(SigningPool, KeyRef, KeyRef, String, String, Duration)}, the issuing CA's
     * certificate carrying {@code issuingLocations}: where the root's CRL is published (its CRL distribution point) and,
     * if given, the root's OCSP and certificate (AIA). A relying party that validates a signature checks every
     * certificate of the chain below its trust anchor, the issuing CA's too, and finds its revocation data only there.
     */
    public static List<X509Certificate> createRootAndIssuing(SigningPool pool, KeyRef rootKey, KeyRef issuingKey,
            String organisation, String country, Duration validity, CertificateLocations issuingLocations) {
        Duration timeout = pool.settings().operationTimeout();
        KeyInfo root = TokenContentSigner.await(pool.generateKey(rootKey, CA_KEY_ALGORITHM), timeout);
        KeyInfo issuing = TokenContentSigner.await(pool.generateKey(issuingKey, CA_KEY_ALGORITHM), timeout);
        Instant notBefore = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(5));
        Instant notAfter = notBefore.plus(validity);
        X500Name rootName = caName(country, organisation, organisation + " Root CA");
        X500Name issuingName = caName(country, organisation, organisation + " Qualified Issuing CA");
        SecureRandom random = new SecureRandom();

        X509Certificate rootCert = sign(pool, rootKey, caCertificate(rootName, rootName, root.publicKey(),
                root.publicKey(), notBefore, notAfter, Optional.empty(), random));
        X509v3CertificateBuilder issuingBuilder = caCertificate(rootName, issuingName, issuing.publicKey(),
                root.publicKey(), notBefore, notAfter, Optional.of(0), random);
        addLocations(issuingBuilder, issuingLocations);
        X509Certificate issuingCert = sign(pool, rootKey, issuingBuilder);
        TokenContentSigner.await(pool.storeCertificateChain(rootKey, List.of(rootCert)), timeout);
        TokenContentSigner.await(pool.storeCertificateChain(issuingKey, List.of(issuingCert, rootCert)), timeout);
        return List.of(issuingCert, rootCert);
    }

    /** Issues a qualified certificate for {@code subjectKey} following the natural-person profile. */
    public X509Certificate issueNaturalPerson(PublicKey subjectKey, NaturalPersonProfile profile) {
        X509Certificate issuer = issuerFor(profile.notAfter());
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, profile.country())
                .addRDN(BCStyle.GIVENNAME, profile.givenName())
                .addRDN(BCStyle.SURNAME, profile.surname())
                .addRDN(BCStyle.SERIALNUMBER, profile.serialNumber())
                .addRDN(BCStyle.CN, profile.commonName())
                .build();
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial(random),
                    Date.from(profile.notBefore()), Date.from(profile.notAfter()), subject, subjectKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.nonRepudiation))
                    .addExtension(Extension.certificatePolicies, false,
                            new CertificatePolicies(new PolicyInformation(new ASN1ObjectIdentifier(profile.policyOid()))))
                    .addExtension(Extension.qCStatements, false, qcStatements(profile))
                    .addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuer))
                    .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
            addLocations(builder, profile.locations());
            return sign(pool, caKey, builder);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new TokenUnavailableException("could not build the certificate: " + e.getMessage(), e);
        }
    }

    /**
     * Issues a TLS server certificate (extended key usage serverAuth) for {@code subjectKey}, naming each of
     * {@code hosts} — DNS names or IP address literals — in its subject alternative names; the first is also its CN.
     */
    public X509Certificate issueTlsServer(PublicKey subjectKey, List<String> hosts, Instant notBefore, Instant notAfter) {
        if (hosts.isEmpty()) {
            throw new InvalidInputException("a TLS server certificate needs at least one host name");
        }
        X509Certificate issuer = issuerFor(notAfter);
        GeneralName[] names = hosts.stream().map(CertificateAuthority::hostName).toArray(GeneralName[]::new);
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, hosts.getFirst()).build();
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial(random),
                    Date.from(notBefore), Date.from(notAfter), subject, subjectKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names))
                    .addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuer))
                    .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
            return sign(pool, caKey, builder);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new TokenUnavailableException("could not build the certificate: " + e.getMessage(), e);
        }
    }

    /**
     * Issues a time-stamping unit's certificate (RFC 3161 §2.3): the only extended key usage is id-kp-timeStamping,
     * critical; digitalSignature and nonRepudiation.
     */
    public X509Certificate issueTimestamping(PublicKey subjectKey, String commonName, Instant notBefore, Instant notAfter,
            CertificateLocations locations) {
        X509Certificate issuer = issuerFor(notAfter);
        try {
            X509v3CertificateBuilder builder = unitCertificate(issuer, subjectKey, commonName, notBefore, notAfter)
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation))
                    .addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
            addLocations(builder, locations);
            return sign(pool, caKey, builder);
        } catch (CertIOException e) {
            throw new TokenUnavailableException("could not build the certificate: " + e.getMessage(), e);
        }
    }

    /**
     * Issues a delegated OCSP responder's certificate (RFC 6960 §4.2.2.2): extended key usage id-kp-OCSPSigning,
     * digitalSignature, and id-pkix-ocsp-nocheck so clients do not ask about the responder's own status. Its AIA OCSP
     * location is therefore left out; the CRL still lists it if it is ever revoked.
     */
    public X509Certificate issueOcspResponder(PublicKey subjectKey, String commonName, Instant notBefore, Instant notAfter,
            CertificateLocations locations) {
        X509Certificate issuer = issuerFor(notAfter);
        try {
            X509v3CertificateBuilder builder = unitCertificate(issuer, subjectKey, commonName, notBefore, notAfter)
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_OCSPSigning))
                    .addExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nocheck, false, DERNull.INSTANCE);
            addLocations(builder, new CertificateLocations(Optional.empty(), locations.caIssuersUrl(), locations.crlUrl()));
            return sign(pool, caKey, builder);
        } catch (CertIOException e) {
            throw new TokenUnavailableException("could not build the certificate: " + e.getMessage(), e);
        }
    }

    /**
     * Issues the QTSP's own electronic-seal certificate (ETSI EN 319 412-3, legal person): the CA's C and O,
     * organizationIdentifier and CN; nonRepudiation and digitalSignature; the policy QCP-l (EN 319 411-2); QC statements
     * for a qualified e-seal (QcCompliance, QcType eseal, semantics id legal person with the organizationIdentifier, the
     * PKI disclosure statement at {@code pdsUrl}). The key is the QTSP's: it seals documents the service itself vouches
     * for, such as a statement signed by SMS code.
     */
    public X509Certificate issueSeal(PublicKey subjectKey, String organizationIdentifier, String commonName, Instant notBefore,
            Instant notAfter, CertificateLocations locations, String pdsUrl) {
        X509Certificate issuer = issuerFor(notAfter);
        X500Name subject = organisationNames(issuer)
                .addRDN(BCStyle.ORGANIZATION_IDENTIFIER, organizationIdentifier)
                .addRDN(BCStyle.CN, commonName)
                .build();
        ASN1EncodableVector statements = new ASN1EncodableVector();
        statements.add(new QCStatement(RFC3739QCObjectIdentifiers.id_qcs_pkixQCSyntax_v2,
                new SemanticsInformation(new ASN1ObjectIdentifier(SEMANTICS_ID_LEGAL))));
        statements.add(new QCStatement(ETSIQCObjectIdentifiers.id_etsi_qcs_QcCompliance));
        statements.add(new QCStatement(ETSIQCObjectIdentifiers.id_etsi_qcs_QcType,
                new DERSequence(ETSIQCObjectIdentifiers.id_etsi_qct_eseal)));
        statements.add(pdsStatement(pdsUrl));
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial(random),
                    Date.from(notBefore), Date.from(notAfter), subject, subjectKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation))
                    .addExtension(Extension.certificatePolicies, false,
                            new CertificatePolicies(new PolicyInformation(new ASN1ObjectIdentifier(QCP_L))))
                    .addExtension(Extension.qCStatements, false, new DERSequence(statements))
                    .addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuer))
                    .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
            addLocations(builder, locations);
            return sign(pool, caKey, builder);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new TokenUnavailableException("could not build the certificate: " + e.getMessage(), e);
        }
    }

    /**
     * Issues the issuing CA's CRL (RFC 5280 §5): {@code revoked} with their reason codes, the CRL number, the authority
     * key identifier and the given validity window. Signed with the CA key on the pool, so it blocks like issuance.
     */
    public X509CRL issueCrl(BigInteger crlNumber, Instant thisUpdate, Instant nextUpdate, List<RevokedCertificate> revoked) {
        if (!nextUpdate.isAfter(thisUpdate) || crlNumber.signum() < 0) {
            throw new InvalidInputException("a CRL needs nextUpdate after thisUpdate and a non-negative number");
        }
        X509Certificate issuer = caChain.getFirst();
        try {
            X509v2CRLBuilder builder = new JcaX509v2CRLBuilder(issuer, Date.from(thisUpdate))
                    .setNextUpdate(Date.from(nextUpdate))
                    .addExtension(Extension.cRLNumber, false, new CRLNumber(crlNumber))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer));
            for (RevokedCertificate entry : revoked) {
                builder.addCRLEntry(entry.serial(), Date.from(entry.revokedAt()), entry.reason());
            }
            return new JcaX509CRLConverter().getCRL(builder.build(TokenContentSigner.forKey(pool, caKey)));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new TokenUnavailableException("could not build the CRL: " + e.getMessage(), e);
        }
    }

    /** Verifies the CSR's signature (proof of possession), then issues for its public key. */
    public X509Certificate issueFromCsr(PKCS10CertificationRequest csr, NaturalPersonProfile profile) {
        PublicKey key;
        try {
            JcaPKCS10CertificationRequest request = new JcaPKCS10CertificationRequest(csr);
            key = request.getPublicKey();
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
                throw new InvalidInputException("the CSR signature does not verify");
            }
        } catch (GeneralSecurityException | OperatorCreationException | PKCSException e) {
            throw new InvalidInputException("unusable CSR: " + e.getMessage());
        }
        return issueNaturalPerson(key, profile);
    }

    /** The CA chain, issuing CA first, root last. */
    public List<X509Certificate> chain() {
        return caChain;
    }

    private static DERSequence qcStatements(NaturalPersonProfile profile) {
        ASN1EncodableVector statements = new ASN1EncodableVector();
        statements.add(new QCStatement(RFC3739QCObjectIdentifiers.id_qcs_pkixQCSyntax_v2,
                new SemanticsInformation(new ASN1ObjectIdentifier(SEMANTICS_ID_NATURAL))));
        statements.add(new QCStatement(ETSIQCObjectIdentifiers.id_etsi_qcs_QcCompliance));
        statements.add(new QCStatement(ETSIQCObjectIdentifiers.id_etsi_qcs_QcSSCD));
        statements.add(new QCStatement(ETSIQCObjectIdentifiers.id_etsi_qcs_QcType,
                new DERSequence(ETSIQCObjectIdentifiers.id_etsi_qct_esign)));
        statements.add(pdsStatement(profile.pdsUrl()));
        return new DERSequence(statements);
    }

    /** QcPDS (EN 319 412-5 §4.3.4): where the PKI disclosure statement is, in English. */
    private static QCStatement pdsStatement(String pdsUrl) {
        ASN1Encodable pdsLocation = new DERSequence(new ASN1Encodable[] {new DERIA5String(pdsUrl), new DERPrintableString("en")});
        return new QCStatement(ETSIQCObjectIdentifiers.id_etsi_qcs_QcPds, new DERSequence(pdsLocation));
    }

    /** A certificate of one of the CA's own units (TSA, OCSP): C and O of the CA, its own CN, not a CA. */
    private X509v3CertificateBuilder unitCertificate(X509Certificate issuer, PublicKey subjectKey, String commonName,
            Instant notBefore, Instant notAfter) throws CertIOException {
        X500Name subject = organisationNames(issuer).addRDN(BCStyle.CN, commonName).build();
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            return new JcaX509v3CertificateBuilder(issuer, serial(random), Date.from(notBefore), Date.from(notAfter),
                    subject, subjectKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuer))
                    .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
        } catch (GeneralSecurityException e) {
            throw new TokenUnavailableException("could not build the certificate: " + e.getMessage(), e);
        }
    }

    private static void addLocations(X509v3CertificateBuilder builder, CertificateLocations locations) {
        authorityInformationAccess(locations).ifPresent(aia -> addExtension(builder, Extension.authorityInfoAccess, aia));
        locations.crlUrl().ifPresent(url -> addExtension(builder, Extension.cRLDistributionPoints, crlDistribution(url)));
    }

    private static Optional<AuthorityInformationAccess> authorityInformationAccess(CertificateLocations profile) {
        List<AccessDescription> access = new ArrayList<>();
        profile.ocspUrl().ifPresent(url -> access.add(new AccessDescription(AccessDescription.id_ad_ocsp,
                new GeneralName(GeneralName.uniformResourceIdentifier, url))));
        profile.caIssuersUrl().ifPresent(url -> access.add(new AccessDescription(AccessDescription.id_ad_caIssuers,
                new GeneralName(GeneralName.uniformResourceIdentifier, url))));
        return access.isEmpty() ? Optional.empty()
                : Optional.of(new AuthorityInformationAccess(access.toArray(AccessDescription[]::new)));
    }

    private static CRLDistPoint crlDistribution(String url) {
        GeneralNames names = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, url));
        return new CRLDistPoint(new DistributionPoint[] {
                new DistributionPoint(new DistributionPointName(names), null, null)});
    }

    /** The C and O of {@code issuer}'s name, for a subject that belongs to the CA's own organisation. */
    private static X500NameBuilder organisationNames(X509Certificate issuer) {
        X500NameBuilder names = new X500NameBuilder(BCStyle.INSTANCE);
        for (RDN rdn : X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()).getRDNs()) {
            ASN1ObjectIdentifier type = rdn.getFirst().getType();
            if (type.equals(BCStyle.C) || type.equals(BCStyle.O)) {
                names.addRDN(rdn.getFirst());
            }
        }
        return names;
    }

    private X509Certificate issuerFor(Instant notAfter) {
        X509Certificate issuer = caChain.getFirst();
        if (notAfter.isAfter(issuer.getNotAfter().toInstant())) {
            throw new InvalidInputException("certificate would outlive the issuing CA (" + issuer.getNotAfter() + ")");
        }
        return issuer;
    }

    private static GeneralName hostName(String host) {
        try {
            return new GeneralName(GeneralName.iPAddress, InetAddress.ofLiteral(host).getHostAddress());
        } catch (IllegalArgumentException notAnAddress) {
            return new GeneralName(GeneralName.dNSName, host);
        }
    }

    private static void addExtension(X509v3CertificateBuilder builder, ASN1ObjectIdentifier oid, ASN1Encodable value) {
        try {
            builder.addExtension(oid, false, value);
        } catch (CertIOException e) {
            throw new InvalidInputException("bad extension " + oid + ": " + e.getMessage());
        }
    }

    private static X500Name caName(String country, String organisation, String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, country)
                .addRDN(BCStyle.O, organisation)
                .addRDN(BCStyle.CN, commonName)
                .build();
    }

    private static X509v3CertificateBuilder caCertificate(X500Name issuer, X500Name subject, PublicKey subjectKey,
            PublicKey issuerKey, Instant notBefore, Instant notAfter, Optional<Integer> pathLength, SecureRandom random) {
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            BasicConstraints constraints = pathLength.map(BasicConstraints::new).orElseGet(() -> new BasicConstraints(true));
            return new JcaX509v3CertificateBuilder(issuer, serial(random), Date.from(notBefore), Date.from(notAfter),
                    subject, subjectKey)
                    .addExtension(Extension.basicConstraints, true, constraints)
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey))
                    .addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuerKey));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new TokenUnavailableException("could not build a CA certificate: " + e.getMessage(), e);
        }
    }

    private static X509Certificate sign(SigningPool pool, KeyRef key, X509v3CertificateBuilder builder) {
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(TokenContentSigner.forKey(pool, key)));
        } catch (CertificateException e) {
            throw new TokenUnavailableException("the token produced an unusable certificate", e);
        }
    }

    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(SERIAL_BITS, random).setBit(SERIAL_BITS - 1);
    }

}
