package io.sigillum.gateway.issuance.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.gateway.account.AccountService;
import io.sigillum.gateway.account.CurrentAccount;
import io.sigillum.gateway.account.Role;
import io.sigillum.gateway.auth.PlatformClient;
import io.sigillum.gateway.issuance.IssuanceFixtures;
import io.sigillum.gateway.issuance.IssuanceJourney;
import io.sigillum.gateway.support.CscClient;
import io.sigillum.gateway.support.IntegrationTest;
import io.sigillum.gateway.support.SigningFixtures;
import io.sigillum.signer.ca.NaturalPersonProfile;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.qualified.QCStatement;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;
import reactor.core.Disposable;

@SuppressWarnings("unchecked")
class CertificateIssuanceIntegrationTests extends IntegrationTest {

    static final String QC_COMPLIANCE = "0.4.0.1862.1.1";
    static final String QC_SSCD = "0.4.0.1862.1.4";
    static final String QC_TYPE = "0.4.0.1862.1.6";
    static final String QC_TYPE_ESIGN = "0.4.0.1862.1.6.1";
    static final String QC_PDS = "0.4.0.1862.1.5";
    static final String SEMANTICS_NATURAL = "0.4.0.194121.1.1";
    static final String PKIX_QC_SYNTAX_V2 = "1.3.6.1.5.5.7.11.2";

    @Autowired
    AccountService accounts;

    @Autowired
    ApplicationContext context;

    @Autowired
    DatabaseClient db;

    IssuanceJourney journey;
    PlatformClient platform;

    @BeforeEach
    void verifiedApplicationOfAnOrganisationTiedToAPlatform() {
        journey = IssuanceJourney.documentsAccepted(web, accounts, "CQS-2Y", "MOBILE_SELF_ID").verified();
        platform = new SigningFixtures(context).platform();
        db.sql("""
                        UPDATE organisation SET platform_client_id = :client WHERE id =
                            (SELECT e.organisation_id FROM application a JOIN ecode e ON e.id = a.ecode_id WHERE a.id = :app)""")
                .bind("client", platform.clientId()).bind("app", UUID.fromString(journey.id)).then().block();
    }

    @Test
    void threeWrongCodesBurnTheStatementChallengeAndANewCodeWorks() {
        String code = journey.statementCode();
        String wrong = code.equals("000000") ? "111111" : "000000";
        journey.post("statement/sign", Map.of("code", wrong)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("wrong_code").jsonPath("$.attemptsLeft").isEqualTo(2);
        journey.post("statement/sign", Map.of("code", wrong)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.attemptsLeft").isEqualTo(1);
        journey.post("statement/sign", Map.of("code", wrong)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("code_burned");
        journey.post("statement/sign", Map.of("code", code)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("no_code");
        assertThat(journey.state()).isEqualTo("VERIFIED");

        // a new code only after the cooldown
        journey.post("statement/code", null).expectStatus().isEqualTo(429).expectHeader().exists("Retry-After");
    }

    @Test
    void aRightCodeSignsTheStatementAndKeepsIt() {
        journey.post("statement/sign", Map.of("code", journey.statementCode())).expectStatus().isOk()
                .expectBody().jsonPath("$.state").isEqualTo("STATEMENT_SIGNED");

        Map<String, Object> signed = db.sql("SELECT sha256, length(pdf) AS size FROM signed_statement WHERE application_id = :id")
                .bind("id", UUID.fromString(journey.id)).fetch().one().block();
        assertThat((String) signed.get("sha256")).hasSize(64);
        assertThat((Integer) signed.get("size")).isGreaterThan(1000);
        Map<String, Object> last = lastHistory();
        assertThat(last).containsEntry("transition", "SIGN_STATEMENT");
    }

    @Test
    void ofTwoSignaturesSentAtOnceOneKeepsTheStatement() {
        String code = journey.statementCode();

        List<Integer> statuses = Stream.of(1, 2)
                .map(attempt -> CompletableFuture.supplyAsync(() -> journey.post("statement/sign", Map.of("code", code))
                        .expectBody().returnResult().getStatus().value()))
                .toList().stream().map(CompletableFuture::join).toList();

        assertThat(statuses).containsOnlyOnce(200);
        assertThat(db.sql("SELECT count(*) AS kept FROM signed_statement WHERE application_id = :id")
                .bind("id", UUID.fromString(journey.id)).fetch().one().block()).containsEntry("kept", 1L);
        assertThat(journey.state()).isEqualTo("STATEMENT_SIGNED");
        // once signed, asking to sign again says so
        journey.post("statement/sign", Map.of("code", code)).expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectBody().jsonPath("$.detail").isEqualTo("The statement is already signed");
    }

    /**
     * An issuance whose caller goes away (the connection closed, its deadline passed) once its credential is reserved
     * still ends with the certificate, rather than a reservation nobody works on.
     */
    @Test
    void anIssuanceWhoseCallerWentAwayStillEnds() throws Exception {
        journey.post("statement/sign", Map.of("code", journey.statementCode())).expectStatus().isOk();
        UUID application = UUID.fromString(journey.id);
        UUID applicantId = db.sql("SELECT applicant_id FROM application WHERE id = :id").bind("id", application)
                .map(row -> row.get("applicant_id", UUID.class)).one().block();
        CurrentAccount applicant = new CurrentAccount(applicantId, Role.APPLICANT, Optional.empty(), Optional.empty());

        Disposable issuance = context.getBean(CertificateIssuer.class).issue(applicant, application).subscribe(null, failure -> { });
        // the caller goes away as soon as the credential is reserved: while the token makes the key and certificate
        long until = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        boolean reserved = false;
        while (!reserved && System.nanoTime() < until) {
            reserved = db.sql("SELECT credential_id FROM application WHERE id = :id").bind("id", application)
                    .map(row -> Optional.ofNullable(row.get("credential_id", String.class))).one().block().isPresent();
            Thread.sleep(1);
        }
        issuance.dispose();
        // a caller gone before the reservation is another case (nothing to finish): this one must have reserved
        assertThat(reserved).as("the credential was reserved within 30 s").isTrue();

        String state = journey.state();
        for (int i = 0; i < 200 && !state.equals("CERTIFICATE_ISSUED"); i++) {
            Thread.sleep(50);
            state = journey.state();
        }
        assertThat(state).isEqualTo("CERTIFICATE_ISSUED");
    }

    @Test
    void anApplicantWhoChoseEnglishIsToldOfTheIssuedCertificateInEnglish() {
        IssuanceJourney english = IssuanceJourney.documentsAcceptedInEnglish(web, accounts, "CQS-1Y", "MOBILE_SELF_ID").verified();
        english.post("statement/sign", Map.of("code", english.statementCode())).expectStatus().isOk();

        english.post("certificate", null).expectStatus().isOk().expectBody().jsonPath("$.state").isEqualTo("CERTIFICATE_ISSUED");

        String number = (String) english.get("").get("number");
        assertThat(issuedNotice(english))
                .containsEntry("subject", "Your qualified certificate has been issued (application " + number + ")")
                .containsEntry("body", "Your qualified certificate for application " + number
                        + " has been issued. Set your 8-digit PIN to activate it.");
    }

    /** A German who identified with their own ID card is named by it: ETSI EN 319 412-1 semantics identifier IDC. */
    @Test
    void aForeignerIdentifiedByTheirIdCardIsNamedByIt() throws Exception {
        Map<String, Object> german = new java.util.HashMap<>(IssuanceFixtures.polishApplicant());
        german.putAll(Map.of("firstName", "Hans", "surname", "Müller", "citizenship", "DE", "placeOfBirth", "Berlin",
                "phone", "+49 151 12345678", "identityDocument", Map.of("type", "ID_CARD", "issuingCountry", "DE",
                        "seriesAndNumber", "L01X00T47", "expiryDate", java.time.LocalDate.now().plusYears(4).toString(),
                        "issuingAuthority", "Stadt Berlin")));
        german.remove("secondName");
        german.remove("pesel");
        IssuanceJourney foreigner = IssuanceJourney.documentsAccepted(web, accounts, "CQS-1Y", "MOBILE_SELF_ID", german)
                .verified();
        foreigner.post("statement/sign", Map.of("code", foreigner.statementCode())).expectStatus().isOk();
        foreigner.post("certificate", null).expectStatus().isOk();

        X509Certificate certificate = parse(((List<String>) foreigner.get("/certificate").get("certificateChainPem")).getFirst());
        X500Name subject = new X509CertificateHolder(certificate.getEncoded()).getSubject();
        assertThat(value(subject, BCStyle.SERIALNUMBER)).isEqualTo("IDCDE-L01X00T47");
        assertThat(value(subject, BCStyle.CN)).isEqualTo("Hans Müller");
    }

    @Test
    void theIssuedCertificateFollowsTheNaturalPersonProfileAndOpensslAcceptsItsChain(@TempDir Path dir) throws Exception {
        String code = journey.statementCode();
        // in the language the applicant chose for the documents
        assertThat(CscClient.lastCodeTextFor(journey.phone).orElseThrow()).startsWith("Sigillum: kod podpisu oświadczenia do wniosku");
        journey.post("statement/sign", Map.of("code", code)).expectStatus().isOk();
        journey.post("certificate", null).expectStatus().isOk().expectBody().jsonPath("$.state").isEqualTo("CERTIFICATE_ISSUED");
        assertThat(issuedNotice(journey)).containsEntry("subject", "Twój certyfikat kwalifikowany został wydany (wniosek "
                + journey.get("").get("number") + ")").hasEntrySatisfying("body", body -> assertThat((String) body)
                        .contains("Twój certyfikat kwalifikowany do wniosku", "Ustaw 8-cyfrowy PIN"));
        Map<String, Object> issued = journey.get("/certificate");
        assertThat(issued).containsEntry("status", "PENDING");
        assertThat((String) issued.get("subject")).contains("SERIALNUMBER=PNOPL-84042003432").contains("GIVENNAME=Jan Adam");
        List<String> pems = (List<String>) issued.get("certificateChainPem");
        X509Certificate certificate = parse(pems.getFirst());
        X509CertificateHolder holder = new X509CertificateHolder(certificate.getEncoded());

        X500Name subject = holder.getSubject();
        assertThat(value(subject, BCStyle.C)).isEqualTo("PL");
        assertThat(value(subject, BCStyle.GIVENNAME)).isEqualTo("Jan Adam");
        assertThat(value(subject, BCStyle.SURNAME)).isEqualTo("Nowak");
        assertThat(value(subject, BCStyle.CN)).isEqualTo("Jan Adam Nowak");
        assertThat(value(subject, BCStyle.SERIALNUMBER)).isEqualTo("PNOPL-84042003432");

        Extension keyUsage = holder.getExtension(Extension.keyUsage);
        assertThat(keyUsage.isCritical()).isTrue();
        assertThat(KeyUsage.getInstance(keyUsage.getParsedValue()).hasUsages(KeyUsage.nonRepudiation)).isTrue();
        assertThat(KeyUsage.getInstance(keyUsage.getParsedValue()).hasUsages(KeyUsage.keyCertSign)).isFalse();

        CertificatePolicies policies = CertificatePolicies.getInstance(holder.getExtension(Extension.certificatePolicies)
                .getParsedValue());
        assertThat(policies.getPolicyInformation()).extracting(p -> p.getPolicyIdentifier().getId())
                .contains(NaturalPersonProfile.QCP_N_QSCD);

        ASN1Sequence statements = ASN1Sequence.getInstance(holder.getExtension(Extension.qCStatements).getParsedValue());
        Map<String, QCStatement> byId = new java.util.HashMap<>();
        for (var element : statements) {
            QCStatement statement = QCStatement.getInstance(element);
            byId.put(statement.getStatementId().getId(), statement);
        }
        assertThat(byId).containsKeys(QC_COMPLIANCE, QC_SSCD, QC_TYPE, QC_PDS);
        assertThat(ASN1Sequence.getInstance(byId.get(QC_TYPE).getStatementInfo()).getObjectAt(0))
                .isEqualTo(new ASN1ObjectIdentifier(QC_TYPE_ESIGN));
        ASN1Sequence pds = ASN1Sequence.getInstance(ASN1Sequence.getInstance(byId.get(QC_PDS).getStatementInfo()).getObjectAt(0));
        assertThat(DERIA5String.getInstance(pds.getObjectAt(0)).getString()).startsWith("https://");
        // the serialNumber's semantics identifier: ETSI natural-person identity (PNO/PAS/IDC/TIN prefixes)
        assertThat(org.bouncycastle.asn1.x509.qualified.SemanticsInformation.getInstance(
                byId.get(PKIX_QC_SYNTAX_V2).getStatementInfo()).getSemanticsIdentifier().getId()).isEqualTo(SEMANTICS_NATURAL);

        ZonedDateTime notBefore = certificate.getNotBefore().toInstant().atZone(ZoneId.of("Europe/Warsaw"));
        assertThat(Duration.between(certificate.getNotBefore().toInstant(), java.time.Instant.now()).abs())
                .isLessThan(Duration.ofMinutes(5));
        assertThat(certificate.getNotAfter().toInstant()).isEqualTo(notBefore.plusMonths(24).toInstant());

        Path ee = Files.writeString(dir.resolve("ee.pem"), pems.getFirst());
        Path intermediates = Files.writeString(dir.resolve("intermediates.pem"), String.join("", pems.subList(1, pems.size() - 1)));
        Path root = Files.writeString(dir.resolve("root.pem"), pems.getLast());
        assertThat(openssl("verify", "-CAfile", root.toString(), "-untrusted", intermediates.toString(), ee.toString()))
                .contains(": OK");
    }

    @Test
    void aCountersigningProductWaitsForTheOperator() {
        IssuanceJourney ppt = IssuanceJourney.documentsAccepted(web, accounts, "CQS-2Y-PPT", "BANK_TRANSFER").verified();
        ppt.post("statement/sign", Map.of("code", ppt.statementCode())).expectStatus().isOk();

        ppt.post("certificate", null).expectStatus().isEqualTo(409).expectBody().jsonPath("$.currentState")
                .isEqualTo("STATEMENT_SIGNED");
        String operator = ppt.newOperator();
        web.post().uri("/api/v1/operator/applications/{id}/approve", ppt.id).headers(h -> h.setBearerAuth(operator))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.state").isEqualTo("OPERATOR_APPROVED");
        ppt.post("certificate", null).expectStatus().isOk().expectBody().jsonPath("$.state").isEqualTo("CERTIFICATE_ISSUED");
    }

    @Test
    void thePinIsSetOnceAndThenTheCredentialSignsThroughTheCscApi() throws Exception {
        journey.post("statement/sign", Map.of("code", journey.statementCode())).expectStatus().isOk();
        journey.post("certificate", null).expectStatus().isOk();
        Map<String, Object> issued = journey.get("/certificate");
        String credentialId = (String) issued.get("credentialId");
        String userId = (String) issued.get("cscUserId");
        CscClient csc = CscClient.login(web, platform.clientId(), SigningFixtures.secretOf(platform.clientId()));
        assertThat(csc.ok("credentials/list", Map.of("userID", userId)).get("credentialIDs").toString()).contains(credentialId);

        journey.post("activation", Map.of("pin", "1234567")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("pin").jsonPath("$.errors[0].code").isEqualTo("InvalidFormat");
        for (String guessable : List.of("00000000", "12345678", "87654321", "23456789", "98765432")) {
            journey.post("activation", Map.of("pin", guessable)).expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("run"))
                    .jsonPath("$.errors[0].field").isEqualTo("pin").jsonPath("$.errors[0].code").isEqualTo("Guessable");
        }
        // patterns and the holder's own data (the fixture's date of birth 1984-04-20, PESEL 84042003432)
        for (String patterned : List.of("12121212", "12341234", "11112222")) {
            journey.post("activation", Map.of("pin", patterned)).expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("block"))
                    .jsonPath("$.errors[0].code").isEqualTo("Patterned");
        }
        for (String personal : List.of("20041984", "19840420", "04201984", "84042003", "42003432")) {
            journey.post("activation", Map.of("pin", personal)).expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("date of birth"))
                    .jsonPath("$.errors[0].code").isEqualTo("Personal");
        }
        journey.post("activation", Map.of("pin", "24681357")).expectStatus().isOk()
                .expectBody().jsonPath("$.state").isEqualTo("ACTIVE");
        journey.post("activation", Map.of("pin", "29517430")).expectStatus().isEqualTo(409);
        // told once, in the applicant's language (Polish), in the transaction that made the certificate active
        String number = (String) journey.get("").get("number");
        assertThat(db.sql("SELECT subject, body FROM notification_outbox WHERE application_id = :id AND kind = 'CERTIFICATE_ACTIVATED'")
                .bind("id", UUID.fromString(journey.id)).fetch().all().collectList().block())
                .containsExactly(Map.of("subject", "Twój certyfikat kwalifikowany jest aktywny (wniosek " + number + ")",
                        "body", "PIN do certyfikatu kwalifikowanego z wniosku " + number + " został ustawiony: certyfikat jest "
                                + "aktywny i można nim podpisywać. Jeśli to nie Ty ustawiłeś PIN, natychmiast skontaktuj się "
                                + "z firmą, od której masz e-kod: jej operator zawiesi certyfikat (sam go nie unieważnisz, bo "
                                + "unieważnienie wymaga PIN-u)."));
        String pinHash = db.sql("SELECT pin_hash FROM credential WHERE id = :id").bind("id", credentialId)
                .map(row -> row.get("pin_hash", String.class)).one().block();
        assertThat(pinHash).startsWith("$argon2id$").doesNotContain("24681357");

        String hash = CscClient.sha256("issued and activated");
        String otp = csc.challenge(credentialId, journey.phone);
        // in the language the applicant chose when applying (Polish)
        assertThat(CscClient.lastCodeTextFor(journey.phone).orElseThrow())
                .isEqualTo("Sigillum: " + otp + " to kod autoryzujący podpis w serwisie " + platform.clientId()
                        + ". Wygasa za 5 min. Nie podawaj go nikomu.");
        String sad = csc.authorize(credentialId, List.of(hash), 1, "24681357", otp);
        String signature = csc.ok("signatures/signHash", CscClient.signHashBody(credentialId, sad, List.of(hash)))
                .get("signatures").get(0).asString();
        Signature verifier = Signature.getInstance("NONEwithECDSA");
        verifier.initVerify(parse(((List<String>) issued.get("certificateChainPem")).getFirst()).getPublicKey());
        verifier.update(Base64.getDecoder().decode(hash));
        assertThat(verifier.verify(Base64.getDecoder().decode(signature))).isTrue();
    }

    /** The application of a revoked certificate says so: REVOKED, with nothing more to do, its certificate still shown. */
    @Test
    void theApplicationOfARevokedCertificateEndsRevoked() {
        journey.post("statement/sign", Map.of("code", journey.statementCode())).expectStatus().isOk();
        journey.post("certificate", null).expectStatus().isOk();
        String credentialId = (String) journey.get("/certificate").get("credentialId");
        journey.post("activation", Map.of("pin", "24681357")).expectStatus().isOk();

        web.post().uri("/api/v1/certificates/{id}/revoke/challenge", credentialId).headers(h -> h.setBearerAuth(journey.applicant))
                .exchange().expectStatus().isAccepted();
        String code = CscClient.lastCodeFor(journey.phone).orElseThrow();
        web.post().uri("/api/v1/certificates/{id}/revoke", credentialId).headers(h -> h.setBearerAuth(journey.applicant))
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("pin", "24681357", "otp", code, "reason", "keyCompromise"))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("REVOKED");

        Map<String, Object> application = journey.get("");
        assertThat(application).containsEntry("state", "REVOKED").containsEntry("nextTransitions", List.of());
        assertThat(lastHistory()).containsEntry("transition", "REVOKE_CERTIFICATE").containsEntry("fromState", "ACTIVE");
        assertThat(journey.get("/certificate")).containsEntry("credentialId", credentialId);
    }

    /** The e-mail telling the applicant their certificate was issued, as it waits in the outbox. */
    private Map<String, Object> issuedNotice(IssuanceJourney issued) {
        return db.sql("SELECT subject, body FROM notification_outbox WHERE application_id = :id AND kind = 'CERTIFICATE_ISSUED'")
                .bind("id", UUID.fromString(issued.id)).fetch().one().block();
    }

    private Map<String, Object> lastHistory() {
        List<Map<String, Object>> history = web.get().uri("/api/v1/applications/{id}/history", journey.id)
                .headers(h -> h.setBearerAuth(journey.applicant)).exchange().expectStatus().isOk()
                .expectBodyList(io.sigillum.gateway.issuance.IssuanceFixtures.map()).returnResult().getResponseBody();
        return history.getLast();
    }

    private static String value(X500Name name, ASN1ObjectIdentifier type) {
        RDN[] rdns = name.getRDNs(type);
        assertThat(rdns).hasSize(1);
        return IETFUtils.valueToString(rdns[0].getFirst().getValue());
    }

    private static X509Certificate parse(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String openssl(String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
