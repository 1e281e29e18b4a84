package io.sigillum.signer.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigillum.signer.InvalidInputException;
import io.sigillum.signer.algorithm.KeyAlgorithm;
import io.sigillum.signer.pool.PoolSettings;
import io.sigillum.signer.pool.SigningPool;
import io.sigillum.signer.testing.Crypto;
import io.sigillum.signer.testing.SoftHsm;
import io.sigillum.signer.token.KeyInfo;
import io.sigillum.signer.token.KeyRef;
import io.sigillum.signer.token.SigningToken;
import io.sigillum.signer.token.software.SoftwareToken;
import io.sigillum.testsupport.Processes;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CRLReason;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.qualified.ETSIQCObjectIdentifiers;
import org.bouncycastle.asn1.x509.qualified.QCStatement;
import org.bouncycastle.asn1.x509.qualified.RFC3739QCObjectIdentifiers;
import org.bouncycastle.asn1.x509.qualified.SemanticsInformation;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A CA whose keys live in the token issues an ETSI natural-person certificate that BC parses and openssl accepts. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CertificateAuthorityIntegrationTests {

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final KeyRef rootKey = KeyRef.of("root-" + run);
    private final KeyRef issuingKey = KeyRef.of("issuing-" + run);
    private SigningPool pool;
    private CertificateAuthority ca;
    private Path dir;

    @BeforeAll
    void createCa() throws Exception {
        dir = Files.createTempDirectory("ca");
        pool = SigningPool.start(SoftwareToken.inMemory(), new PoolSettings(2, 64, Duration.ofSeconds(30), 64));
        List<X509Certificate> chain = CertificateAuthority.createRootAndIssuing(pool, rootKey, issuingKey,
                "Sigillum Test QTSP", "PL", Duration.ofDays(3650));
        ca = new CertificateAuthority(pool, issuingKey, chain);
    }

    @AfterAll
    void stop() {
        pool.close();
    }

    @Test
    void anIssuedCertificateCarriesEveryProfileFieldAsSet() throws Exception {
        KeyInfo subjectKey = pool.generateKey(KeyRef.of("person-" + run), KeyAlgorithm.EC_P256).get(10, TimeUnit.SECONDS);
        Instant notBefore = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        NaturalPersonProfile profile = new NaturalPersonProfile("PL", "Anna", "Nowak-Kowalska", "Anna Nowak-Kowalska",
                "PNOPL-84042003432", notBefore, notBefore.plus(Duration.ofDays(730)), NaturalPersonProfile.QCP_N_QSCD,
                "https://qtsp.example/pds/en.pdf", Optional.of("http://ocsp.qtsp.example"),
                Optional.of("http://qtsp.example/issuing.crt"), Optional.of("http://qtsp.example/issuing.crl"));

        X509Certificate ee = ca.issueNaturalPerson(subjectKey.publicKey(), profile);
        X509CertificateHolder holder = new X509CertificateHolder(ee.getEncoded());
        X509CertificateHolder issuer = new X509CertificateHolder(ca.chain().getFirst().getEncoded());

        X500Name subject = holder.getSubject();
        assertThat(rdn(subject, BCStyle.C)).isEqualTo("PL");
        assertThat(rdn(subject, BCStyle.GIVENNAME)).isEqualTo("Anna");
        assertThat(rdn(subject, BCStyle.SURNAME)).isEqualTo("Nowak-Kowalska");
        assertThat(rdn(subject, BCStyle.CN)).isEqualTo("Anna Nowak-Kowalska");
        assertThat(rdn(subject, BCStyle.SERIALNUMBER)).isEqualTo("PNOPL-84042003432");
        assertThat(holder.getIssuer()).isEqualTo(issuer.getSubject());
        assertThat(holder.getNotBefore().toInstant()).isEqualTo(profile.notBefore());
        assertThat(holder.getNotAfter().toInstant()).isEqualTo(profile.notAfter());
        assertThat(holder.getSerialNumber().signum()).isPositive();
        assertThat(holder.getSerialNumber().bitLength()).isEqualTo(159);
        assertThat(ee.getPublicKey()).isEqualTo(subjectKey.publicKey());

        Extension keyUsage = holder.getExtension(Extension.keyUsage);
        assertThat(keyUsage.isCritical()).isTrue();
        assertThat(KeyUsage.getInstance(keyUsage.getParsedValue()))
                .isEqualTo(new KeyUsage(KeyUsage.nonRepudiation));

        CertificatePolicies policies = CertificatePolicies.fromExtensions(holder.getExtensions());
        assertThat(policies.getPolicyInformation()).extracting(p -> p.getPolicyIdentifier().getId())
                .containsExactly("0.4.0.194112.1.2");

        Map<ASN1ObjectIdentifier, QCStatement> statements = Arrays.asList(ASN1Sequence.getInstance(
                        holder.getExtension(Extension.qCStatements).getParsedValue()).toArray()).stream()
                .map(QCStatement::getInstance).collect(Collectors.toMap(QCStatement::getStatementId, Function.identity()));
        assertThat(statements).containsKeys(ETSIQCObjectIdentifiers.id_etsi_qcs_QcCompliance,
                ETSIQCObjectIdentifiers.id_etsi_qcs_QcSSCD);
        assertThat(ASN1Sequence.getInstance(statements.get(ETSIQCObjectIdentifiers.id_etsi_qcs_QcType).getStatementInfo())
                .getObjectAt(0)).isEqualTo(ETSIQCObjectIdentifiers.id_etsi_qct_esign);
        ASN1Sequence pds = ASN1Sequence.getInstance(ASN1Sequence.getInstance(
                statements.get(ETSIQCObjectIdentifiers.id_etsi_qcs_QcPds).getStatementInfo()).getObjectAt(0));
        assertThat(((ASN1String) pds.getObjectAt(0)).getString()).isEqualTo("https://qtsp.example/pds/en.pdf");
        assertThat(((ASN1String) pds.getObjectAt(1)).getString()).isEqualTo("en");
        assertThat(SemanticsInformation.getInstance(statements.get(RFC3739QCObjectIdentifiers.id_qcs_pkixQCSyntax_v2)
                .getStatementInfo()).getSemanticsIdentifier().getId()).isEqualTo("0.4.0.194121.1.1");

        assertThat(AuthorityKeyIdentifier.fromExtensions(holder.getExtensions()).getKeyIdentifierOctets())
                .isEqualTo(SubjectKeyIdentifier.fromExtensions(issuer.getExtensions()).getKeyIdentifier());
        assertThat(SubjectKeyIdentifier.fromExtensions(holder.getExtensions())).isNotNull();
        AuthorityInformationAccess aia = AuthorityInformationAccess.fromExtensions(holder.getExtensions());
        assertThat(Arrays.stream(aia.getAccessDescriptions()).map(this::describe))
                .containsExactly("ocsp http://ocsp.qtsp.example", "caIssuers http://qtsp.example/issuing.crt");
        CRLDistPoint crl = CRLDistPoint.getInstance(holder.getExtension(Extension.cRLDistributionPoints).getParsedValue());
        assertThat(GeneralNames.getInstance(crl.getDistributionPoints()[0].getDistributionPoint().getName())
                .getNames()[0].getName().toString()).isEqualTo("http://qtsp.example/issuing.crl");

        assertThat(openSslVerify(ee)).contains(": OK");
    }

    @Test
    void aCsrFromATokenKeyIsVerifiedAndIssued() throws Exception {
        KeyRef applicant = KeyRef.of("applicant-" + run);
        KeyInfo key = pool.generateKey(applicant, KeyAlgorithm.RSA_2048).get(10, TimeUnit.SECONDS);
        PKCS10CertificationRequest csr = CsrBuilder.build(pool, applicant, new X500Name("CN=Jan Kowalski"));

        X509Certificate ee = ca.issueFromCsr(csr, profile("PASDE-C01X00T47"));

        assertThat(ee.getPublicKey()).isEqualTo(key.publicKey());
        X500Name subject = new X509CertificateHolder(ee.getEncoded()).getSubject();
        assertThat(rdn(subject, BCStyle.SERIALNUMBER)).isEqualTo("PASDE-C01X00T47");
        assertThat(rdn(subject, BCStyle.CN)).isEqualTo("Jan Kowalski");
        assertThat(openSslVerify(ee)).contains(": OK");
    }

    @Test
    void aCsrSignedByAnotherKeyIsRefused() throws Exception {
        KeyRef claimed = KeyRef.of("claimed-" + run);
        KeyRef signer = KeyRef.of("impostor-" + run);
        KeyInfo claimedKey = pool.generateKey(claimed, KeyAlgorithm.EC_P256).get(10, TimeUnit.SECONDS);
        pool.generateKey(signer, KeyAlgorithm.EC_P256).get(10, TimeUnit.SECONDS);
        PKCS10CertificationRequest forged = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=Forged"),
                claimedKey.publicKey()).build(TokenContentSigner.forKey(pool, signer));

        assertThatThrownBy(() -> ca.issueFromCsr(forged, profile("PNOPL-84042003432")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("signature");
    }

    @Test
    void aCertificateMayNotOutliveItsIssuer() throws Exception {
        KeyInfo key = pool.generateKey(KeyRef.of("long-" + run), KeyAlgorithm.EC_P256).get(10, TimeUnit.SECONDS);
        Instant now = Instant.now();
        NaturalPersonProfile tooLong = NaturalPersonProfile.of("PL", "Jan", "Kowalski", "PNOPL-84042003432", now,
                now.plus(Duration.ofDays(20_000)), "https://qtsp.example/pds");
        assertThatThrownBy(() -> ca.issueNaturalPerson(key.publicKey(), tooLong))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aSealCertificateNamesTheCaOrganisationAsALegalPersonWithQualifiedESealStatements() throws Exception {
        KeyInfo key = pool.generateKey(KeyRef.of("seal-" + run), KeyAlgorithm.EC_P256).get(10, TimeUnit.SECONDS);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        X509Certificate seal = ca.issueSeal(key.publicKey(), "VATPL-5260001246", "Sigillum Test QTSP Seal", now,
                now.plus(Duration.ofDays(365)), new CertificateLocations(Optional.of("http://qtsp.example/ocsp"),
                        Optional.empty(), Optional.of("http://qtsp.example/ca.crl")), "https://qtsp.example/pds_en.pdf");
        X509CertificateHolder holder = new X509CertificateHolder(seal.getEncoded());

        assertThat(rdn(holder.getSubject(), BCStyle.C)).isEqualTo("PL");
        assertThat(rdn(holder.getSubject(), BCStyle.O)).isEqualTo("Sigillum Test QTSP");
        assertThat(rdn(holder.getSubject(), BCStyle.ORGANIZATION_IDENTIFIER)).isEqualTo("VATPL-5260001246");
        assertThat(rdn(holder.getSubject(), BCStyle.CN)).isEqualTo("Sigillum Test QTSP Seal");
        assertThat(KeyUsage.getInstance(holder.getExtension(Extension.keyUsage).getParsedValue()))
                .isEqualTo(new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
        assertThat(seal.getBasicConstraints()).isEqualTo(-1);
        Map<ASN1ObjectIdentifier, QCStatement> statements = Arrays.asList(ASN1Sequence.getInstance(
                        holder.getExtension(Extension.qCStatements).getParsedValue()).toArray()).stream()
                .map(QCStatement::getInstance).collect(Collectors.toMap(QCStatement::getStatementId, Function.identity()));
        assertThat(statements).containsOnlyKeys(ETSIQCObjectIdentifiers.id_etsi_qcs_QcCompliance,
                ETSIQCObjectIdentifiers.id_etsi_qcs_QcType, RFC3739QCObjectIdentifiers.id_qcs_pkixQCSyntax_v2,
                ETSIQCObjectIdentifiers.id_etsi_qcs_QcPds);
        assertThat(statements.get(ETSIQCObjectIdentifiers.id_etsi_qcs_QcPds).getStatementInfo().toString())
                .contains("https://qtsp.example/pds_en.pdf").contains("en");
        assertThat(CertificatePolicies.fromExtensions(holder.getExtensions()).getPolicyInformation())
                .extracting(policy -> policy.getPolicyIdentifier().getId()).containsExactly(CertificateAuthority.QCP_L);
        assertThat(ASN1Sequence.getInstance(statements.get(ETSIQCObjectIdentifiers.id_etsi_qcs_QcType).getStatementInfo())
                .getObjectAt(0)).isEqualTo(ETSIQCObjectIdentifiers.id_etsi_qct_eseal);
        assertThat(SemanticsInformation.getInstance(statements.get(RFC3739QCObjectIdentifiers.id_qcs_pkixQCSyntax_v2)
                .getStatementInfo()).getSemanticsIdentifier().getId()).isEqualTo(CertificateAuthority.SEMANTICS_ID_LEGAL);
        assertThat(Arrays.stream(AuthorityInformationAccess.fromExtensions(holder.getExtensions()).getAccessDescriptions())
                .map(this::describe)).containsExactly("ocsp http://qtsp.example/ocsp");
        assertThat(CRLDistPoint.fromExtensions(holder.getExtensions())).isNotNull();
        assertThat(openSslVerify(seal)).contains(": OK");
        assertThatThrownBy(() -> ca.issueSeal(key.publicKey(), "VATPL-5260001246", "Seal", now,
                now.plus(Duration.ofDays(40_000)), CertificateLocations.none(), "https://qtsp.example/pds_en.pdf"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("outlive");
    }

    @Test
    void aTlsServerCertificateNamesItsHostsAndServesOnlyServerAuthentication() throws Exception {
        KeyInfo key = pool.generateKey(KeyRef.of("tls-" + run), KeyAlgorithm.EC_P256).get(10, TimeUnit.SECONDS);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        X509Certificate server = ca.issueTlsServer(key.publicKey(), List.of("127.0.0.1", "localhost", "::1"), now,
                now.plus(Duration.ofDays(30)));

        assertThat(server.getSubjectAlternativeNames()).extracting(name -> name.get(0) + " " + name.get(1))
                .containsExactly("7 127.0.0.1", "2 localhost", "7 0:0:0:0:0:0:0:1");
        assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(server.getBasicConstraints()).isEqualTo(-1);
        assertThat(server.getKeyUsage()[0]).isTrue();
        assertThat(server.getSubjectX500Principal().getName()).isEqualTo("CN=127.0.0.1");
        assertThat(openSslVerify(server)).contains("OK");
        assertThat(Processes.run("openssl", "x509", "-in", Crypto.writePem(dir.resolve("tls.pem"), server).toString(),
                "-noout", "-checkip", "127.0.0.1")).contains("does match");
    }

    @Test
    void aTlsServerCertificateNeedsAHostAndMayNotOutliveItsIssuer() throws Exception {
        KeyInfo key = pool.generateKey(KeyRef.of("tls-bad-" + run), KeyAlgorithm.EC_P256).get(10, TimeUnit.SECONDS);
        Instant now = Instant.now();

        assertThatThrownBy(() -> ca.issueTlsServer(key.publicKey(), List.of(), now, now.plus(Duration.ofDays(1))))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> ca.issueTlsServer(key.publicKey(), List.of("localhost"), now,
                now.plus(Duration.ofDays(40_000)))).isInstanceOf(InvalidInputException.class).hasMessageContaining("outlive");
    }

    @Test
    void theRootIsSelfSignedAndTheChainsAreStoredWithTheKeys() throws Exception {
        X509Certificate root = ca.chain().getLast();
        root.verify(root.getPublicKey());
        ca.chain().getFirst().verify(root.getPublicKey());
        assertThat(ca.chain().getFirst().getBasicConstraints()).isZero();
        assertThat(pool.certificateChain(issuingKey).get(10, TimeUnit.SECONDS)).containsExactlyElementsOf(ca.chain());
        assertThat(pool.certificateChain(rootKey).get(10, TimeUnit.SECONDS)).containsExactly(root);
    }

    @Test
    void aCaWithKeysInSoftHsmIssuesCertificatesOpensslAccepts() throws Exception {
        SigningToken hsm = SoftHsm.token();
        try (SigningPool hsmPool = SigningPool.start(hsm, PoolSettings.defaults(hsm).withWorkers(1))) {
            List<X509Certificate> chain = CertificateAuthority.createRootAndIssuing(hsmPool, KeyRef.of("hsm-root-" + run),
                    KeyRef.of("hsm-issuing-" + run), "Sigillum HSM QTSP", "PL", Duration.ofDays(730));
            CertificateAuthority hsmCa = new CertificateAuthority(hsmPool, KeyRef.of("hsm-issuing-" + run), chain);
            KeyInfo person = hsmPool.generateKey(KeyRef.of("hsm-person-" + run), KeyAlgorithm.RSA_2048)
                    .get(30, TimeUnit.SECONDS);

            X509Certificate ee = hsmCa.issueNaturalPerson(person.publicKey(), profile("PNOPL-84042003432"));

            assertThat(openSslVerify(ee, chain)).contains(": OK");
        }
    }

    @Test
    void aCrlListsTheRevokedWithReasonsUnderTheCaKeyAndNumber() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        X509Certificate revoked = ca.issueNaturalPerson(pool.generateKey(KeyRef.of("revoked-" + run), KeyAlgorithm.EC_P256)
                .get(10, TimeUnit.SECONDS).publicKey(), profile("PNOPL-84042003432"));
        X509CRL crl = ca.issueCrl(BigInteger.valueOf(42), now, now.plus(Duration.ofHours(24)), List.of(
                new RevokedCertificate(revoked.getSerialNumber(), now.minusSeconds(60), 1),
                new RevokedCertificate(BigInteger.TEN, now.minusSeconds(30), 6)));

        crl.verify(ca.chain().getFirst().getPublicKey());
        assertThat(crl.getIssuerX500Principal()).isEqualTo(ca.chain().getFirst().getSubjectX500Principal());
        assertThat(crl.getNextUpdate().toInstant()).isEqualTo(now.plus(Duration.ofHours(24)));
        assertThat(crl.isRevoked(revoked)).isTrue();
        assertThat(crl.getRevokedCertificate(revoked).getRevocationReason()).isEqualTo(CRLReason.KEY_COMPROMISE);
        assertThat(crl.getRevokedCertificate(BigInteger.TEN).getRevocationReason())
                .isEqualTo(CRLReason.CERTIFICATE_HOLD);
        Path file = dir.resolve("ca.crl");
        Files.write(file, crl.getEncoded());
        assertThat(Processes.run("openssl", "crl", "-inform", "DER", "-in", file.toString(), "-noout", "-crlnumber"))
                .contains("crlNumber=0x2A");
        assertThatThrownBy(() -> ca.issueCrl(BigInteger.ONE, now, now, List.of()))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void anOcspResponderCertificateIsForOcspSigningAndNotCheckedItself() throws Exception {
        KeyInfo key = pool.generateKey(KeyRef.of("ocsp-" + run), KeyAlgorithm.EC_P256).get(10, TimeUnit.SECONDS);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        X509Certificate responder = ca.issueOcspResponder(key.publicKey(), "Test OCSP Responder", now, now.plus(Duration.ofDays(30)),
                new CertificateLocations(Optional.of("http://qtsp.example/ocsp"), Optional.of("http://qtsp.example/ca.cer"),
                        Optional.of("http://qtsp.example/ca.crl")));

        assertThat(responder.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.9");
        assertThat(responder.getExtensionValue("1.3.6.1.5.5.7.48.1.5")).isNotNull();
        X509CertificateHolder holder = new X509CertificateHolder(responder.getEncoded());
        // no OCSP location: ocsp-nocheck says nobody should ask about the responder itself
        assertThat(Arrays.stream(AuthorityInformationAccess.fromExtensions(holder.getExtensions()).getAccessDescriptions())
                .map(this::describe)).containsExactly("caIssuers http://qtsp.example/ca.cer");
        assertThat(CRLDistPoint.fromExtensions(holder.getExtensions())).isNotNull();
        assertThat(openSslVerify(responder)).contains(": OK");
    }

    private NaturalPersonProfile profile(String serialNumber) {
        Instant now = Instant.now();
        return NaturalPersonProfile.of("PL", "Jan", "Kowalski", serialNumber, now, now.plus(Duration.ofDays(365)),
                "https://qtsp.example/pds");
    }

    private String openSslVerify(X509Certificate ee) throws Exception {
        return openSslVerify(ee, ca.chain());
    }

    private String openSslVerify(X509Certificate ee, List<X509Certificate> chain) throws Exception {
        Path root = Crypto.writePem(dir.resolve("root.pem"), chain.getLast());
        Path issuing = Crypto.writePem(dir.resolve("issuing.pem"), chain.getFirst());
        Path leaf = Crypto.writePem(dir.resolve("ee.pem"), ee);
        return Processes.run("openssl", "verify", "-CAfile", root.toString(), "-untrusted", issuing.toString(),
                leaf.toString());
    }

    private String describe(AccessDescription description) {
        String method = description.getAccessMethod().equals(AccessDescription.id_ad_ocsp) ? "ocsp" : "caIssuers";
        return method + " " + description.getAccessLocation().getName();
    }

    private static String rdn(X500Name name, ASN1ObjectIdentifier type) {
        return IETFUtils.valueToString(name.getRDNs(type)[0].getFirst().getValue());
    }
}
