package io.sigillum.gateway.issuance.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.gateway.account.AccountService;
import io.sigillum.gateway.issuance.IssuanceFixtures;
import io.sigillum.gateway.support.IntegrationTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

@SuppressWarnings("unchecked")
class ApplicationWizardIntegrationTests extends IntegrationTest {

    @Autowired
    AccountService accounts;

    IssuanceFixtures fixtures;
    String admin;
    String applicant;
    String id;

    @BeforeEach
    void draftApplication() {
        fixtures = new IssuanceFixtures(web, accounts);
        admin = fixtures.newOrganisationAdmin();
        applicant = fixtures.newApplicant();
        id = fixtures.redeem(applicant, fixtures.oneCode(admin, "CQS-1Y"));
    }

    @Test
    void theWizardGoesFromRedemptionToAcceptedDocuments() throws Exception {
        get().expectBody().jsonPath("$.state").isEqualTo("DRAFT").jsonPath("$.product.validityMonths").isEqualTo(12)
                .jsonPath("$.number").value(n -> assertThat((String) n).matches("\\d{4}-\\d{6}"));
        put("certificate-parameters", IssuanceFixtures.parameters("MOBILE_SELF_ID")).expectStatus().isOk();
        put("applicant-data", IssuanceFixtures.polishApplicant()).expectStatus().isOk()
                .expectBody().jsonPath("$.applicantData.phone").isEqualTo("+48605935754");
        post("submit", null).expectStatus().isOk().expectBody().jsonPath("$.state").isEqualTo("DATA_SUBMITTED")
                .jsonPath("$.nextTransitions").value(t -> assertThat((List<Object>) t)
                        .contains("CORRECT_DATA", "ACCEPT_DOCUMENTS", "CANCEL"));

        String number = (String) web.get().uri("/api/v1/applications/{id}/documents", id)
                .headers(h -> h.setBearerAuth(applicant)).exchange().expectStatus().isOk()
                .expectBody(IssuanceFixtures.map()).returnResult().getResponseBody().get("applicationNumber");
        assertThat(pdfText("statement", "")).contains(number).contains("Nowak").contains("84042003432")
                .contains("Oświadczenie", "Dowód osobisty", "Królowej Korony Polskiej 21/222, 70-486 Szczecin, Polska")
                .doesNotContain("ID_CARD", "MALE", "MOBILE_SELF_ID", "IMMEDIATELY");
        assertThat(pdfText("terms", "?language=en")).contains("Qualified Trust Services Terms");

        post("accept-documents", Map.of("statementAccepted", true, "termsAccepted", false))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("termsAccepted");
        post("accept-documents", Map.of("statementAccepted", true, "termsAccepted", true))
                .expectStatus().isOk().expectBody().jsonPath("$.state").isEqualTo("DOCUMENTS_ACCEPTED")
                .jsonPath("$.documentsAcceptedAt").exists()
                .jsonPath("$.nextTransitions").value(t -> assertThat((List<Object>) t)
                        .containsExactlyInAnyOrder("START_VERIFICATION", "CANCEL", "EXPIRE"));

        web.get().uri("/api/v1/applications/{id}/history", id).headers(h -> h.setBearerAuth(applicant)).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$[*].transition").isEqualTo(List.of("REDEEM_ECODE", "EDIT_CERTIFICATE_PARAMETERS",
                        "EDIT_APPLICANT_DATA", "SUBMIT_DATA", "ACCEPT_DOCUMENTS"))
                .jsonPath("$[4].fromState").isEqualTo("DATA_SUBMITTED")
                .jsonPath("$[4].toState").isEqualTo("DOCUMENTS_ACCEPTED");
    }

    @Test
    void aValueOfAnotherJsonTypeThanItsFieldsIsABadRequestAndChangesNothing() {
        // a PESEL as a number loses its leading zero: 02270803628 would be read as "2270803628"
        Map<String, Object> numericPesel = new HashMap<>(IssuanceFixtures.polishApplicant());
        numericPesel.put("pesel", 84042003432L);
        problem(put("applicant-data", numericPesel), "Field pesel must be a string");
        Map<String, Object> dateAsNumber = new HashMap<>(IssuanceFixtures.polishApplicant());
        dateAsNumber.put("dateOfBirth", 19840420);
        problem(put("applicant-data", dateAsNumber), "Field dateOfBirth must be a date (YYYY-MM-DD)");
        dateAsNumber.put("dateOfBirth", "1984-02-30");
        problem(put("applicant-data", dateAsNumber), "Field dateOfBirth must be a date (YYYY-MM-DD)");
        Map<String, Object> enumByPosition = new HashMap<>(IssuanceFixtures.parameters("MOBILE_SELF_ID"));
        enumByPosition.put("validityStart", 0);
        problem(put("certificate-parameters", enumByPosition), "must be one of [\"IMMEDIATELY\", \"FROM_DATE\"]");
        get().expectBody().jsonPath("$.state").isEqualTo("DRAFT").jsonPath("$.applicantData").doesNotExist()
                .jsonPath("$.certificateParameters").doesNotExist();

        fillIn();
        post("submit", null).expectStatus().isOk();
        problem(post("accept-documents", Map.of("statementAccepted", 1, "termsAccepted", true)),
                "Field statementAccepted must be true or false");
        problem(post("accept-documents", Map.of("statementAccepted", "true", "termsAccepted", true)), "statementAccepted");
        get().expectBody().jsonPath("$.state").isEqualTo("DATA_SUBMITTED");

        for (Object quantity : List.of(2.9, "2")) {
            problem(web.post().uri("/api/v1/org/ecodes").headers(h -> h.setBearerAuth(admin)).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("productId", "CQS-1Y", "quantity", quantity)).exchange(), "Field quantity must be an integer");
        }
    }

    @Test
    void aBlankOrMalformedIdInThePathIsABadRequestThatSaysWhatItTakes() {
        Map<String, String> details = Map.of(" ", "The path segment id is empty or blank", "\t", "The path segment id is empty or blank",
                "not-a-uuid", "Parameter id must be a UUID");
        details.forEach((id, detail) -> web.get().uri("/api/v1/applications/{id}", id).headers(h -> h.setBearerAuth(applicant))
                .exchange().expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo(detail));
        web.get().uri("/api/v1/applications/{id}/documents/statement.pdf?language=xx", id).headers(h -> h.setBearerAuth(applicant))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.detail")
                .isEqualTo("Parameter language must be one of [\"pl\", \"en\"]");
    }

    @Test
    void correctDataGoesBackToEditingAndEditsOutsideDraftAreRefused() {
        fillIn();
        post("submit", null).expectStatus().isOk();
        put("applicant-data", IssuanceFixtures.polishApplicant()).expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectBody().jsonPath("$.currentState").isEqualTo("DATA_SUBMITTED");
        post("correct", null).expectStatus().isOk().expectBody().jsonPath("$.state").isEqualTo("DRAFT");
        put("applicant-data", IssuanceFixtures.polishApplicant()).expectStatus().isOk();
    }

    @Test
    void illegalTransitionsAnswer409WithTheCurrentState() {
        post("accept-documents", Map.of("statementAccepted", true, "termsAccepted", true))
                .expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("illegal_transition")
                .jsonPath("$.currentState").isEqualTo("DRAFT");
        post("correct", null).expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectBody().jsonPath("$.currentState").isEqualTo("DRAFT");
        post("cancel", null).expectStatus().isOk().expectBody().jsonPath("$.state").isEqualTo("CANCELLED");
        post("submit", null).expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectBody().jsonPath("$.currentState").isEqualTo("CANCELLED");
        post("cancel", null).expectStatus().isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void submittingIncompleteDataIsRefusedWithTheMissingSection() {
        post("submit", null).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("certificateParameters");
        web.get().uri("/api/v1/applications/{id}/documents", id).headers(h -> h.setBearerAuth(applicant)).exchange()
                .expectStatus().isEqualTo(HttpStatus.CONFLICT).expectBody().jsonPath("$.currentState").isEqualTo("DRAFT");
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyReturnsTheFirstResultWithoutASecondTransition() {
        fillIn();
        post("submit", null, "key-1").expectStatus().isOk().expectHeader().valueEquals("Idempotent-Replayed", "false");
        post("submit", null, "key-1").expectStatus().isOk().expectHeader().valueEquals("Idempotent-Replayed", "true")
                .expectBody().jsonPath("$.state").isEqualTo("DATA_SUBMITTED");
        post("submit", null, "key-2").expectStatus().isEqualTo(HttpStatus.CONFLICT);
        post("correct", null, "key-1").expectStatus().isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
                .expectBody().jsonPath("$.code").isEqualTo("idempotency_key_reused");
        web.get().uri("/api/v1/applications/{id}/history", id).headers(h -> h.setBearerAuth(applicant)).exchange()
                .expectBody().jsonPath("$[?(@.transition == 'SUBMIT_DATA')]").value(e -> assertThat((List<Object>) e).hasSize(1));
    }

    @Test
    void anIdempotencyKeyReusedWithAnotherBodyIsRefusedAndChangesNothing() {
        Map<String, Object> parameters = IssuanceFixtures.parameters("MOBILE_SELF_ID");
        put("certificate-parameters", parameters, "params-1").expectStatus().isOk()
                .expectHeader().valueEquals("Idempotent-Replayed", "false");
        put("certificate-parameters", parameters, "params-1").expectStatus().isOk()
                .expectHeader().valueEquals("Idempotent-Replayed", "true");
        Map<String, Object> changed = new HashMap<>(parameters);
        changed.put("verificationMethod", "VIDEO_CALL");
        put("certificate-parameters", changed, "params-1").expectStatus().isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("idempotency_key_reused")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("another body"));
        get().expectBody().jsonPath("$.certificateParameters.verificationMethod").isEqualTo("MOBILE_SELF_ID");
        // a body-less transition retried with a body it does not read is another request too
        fillIn();
        post("submit", null, "submit-1").expectStatus().isOk();
        post("submit", Map.of("x", 1), "submit-1").expectStatus().isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
    }

    @Test
    void anApplicationIdIsReadOnlyInItsCanonicalForm() {
        // the JDK reads both as 00000001-0001-0001-0001-000000000001
        assertThat(UUID.fromString("1-1-1-1-1")).isEqualTo(UUID.fromString("0000001-0001-0001-0001-000000000001"));
        for (String spelling : List.of("1-1-1-1-1", "0000001-0001-0001-0001-000000000001", id + "0", "{" + id + "}", id.replace("-", ""))) {
            web.get().uri("/api/v1/applications/{id}", spelling).headers(h -> h.setBearerAuth(applicant)).exchange()
                    .expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        web.get().uri("/api/v1/applications/{id}", id.toUpperCase(java.util.Locale.ROOT))
                .headers(h -> h.setBearerAuth(applicant)).exchange().expectStatus().isOk();
    }

    @Test
    void anIdempotencyKeyThatIsTooLongOrNotPrintableAsciiIsRefusedBeforeAnyTransition() {
        fillIn();
        post("submit", null, "k".repeat(256)).expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("Idempotency-Key"));
        post("submit", null, "klucz-\u00f3").expectStatus().isBadRequest();
        post("submit", null, "k".repeat(255)).expectStatus().isOk()
                .expectHeader().valueEquals("Idempotent-Replayed", "false");
    }

    @Test
    void aRedemptionRetriedWithItsKeyOpensOneApplication() {
        String code = fixtures.oneCode(admin, "CQS-2Y");
        String first = redeemWithKey(code, "redeem-1");
        String second = redeemWithKey(code, "redeem-1");
        assertThat(second).isEqualTo(first);
        web.get().uri("/api/v1/applications").headers(h -> h.setBearerAuth(applicant)).exchange()
                .expectBody().jsonPath("$.length()").isEqualTo(2);
    }

    private String redeemWithKey(String code, String key) {
        return (String) web.post().uri("/api/v1/applications").headers(h -> h.setBearerAuth(applicant))
                .header("Idempotency-Key", key).contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("code", code))
                .exchange().expectStatus().isCreated().expectBody(IssuanceFixtures.map()).returnResult()
                .getResponseBody().get("id");
    }

    @Test
    void invalidApplicantDataIsRefusedWithFieldErrors() {
        put("certificate-parameters", IssuanceFixtures.parameters("VIDEO_CALL")).expectStatus().isOk();
        Map<String, Object> data = new HashMap<>(IssuanceFixtures.polishApplicant());
        data.put("pesel", "84042003433");
        data.put("phone", "+281234567890");
        data.put("surname", "N".repeat(65));
        data.put("identityDocument", Map.of("type", "ID_CARD", "issuingCountry", "DE", "seriesAndNumber", "L01X00T47",
                "expiryDate", "2030-01-01", "issuingAuthority", "Stadt Berlin"));
        put("applicant-data", data).expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[*].field").value(fields -> assertThat((List<Object>) fields)
                        .containsExactlyInAnyOrder("applicantData.surname", "applicantData.pesel",
                                "applicantData.identityDocument.issuingCountry", "applicantData.phone"))
                .jsonPath("$.errors[?(@.field == 'applicantData.pesel')].code").isEqualTo("InvalidChecksum");
        put("certificate-parameters", IssuanceFixtures.parameters("BANK_TRANSFER_TYPO")).expectStatus().isBadRequest();
    }

    @Test
    void anotherApplicantsApplicationIsNotFound() {
        String stranger = fixtures.newApplicant();
        web.get().uri("/api/v1/applications/{id}", id).headers(h -> h.setBearerAuth(stranger)).exchange()
                .expectStatus().isNotFound();
        web.post().uri("/api/v1/applications/{id}/cancel", id).headers(h -> h.setBearerAuth(stranger)).exchange()
                .expectStatus().isNotFound();
        web.get().uri("/api/v1/applications/{id}/documents/statement.pdf", id).headers(h -> h.setBearerAuth(stranger))
                .exchange().expectStatus().isNotFound();
        get().expectBody().jsonPath("$.state").isEqualTo("DRAFT");
        web.get().uri("/api/v1/applications/{id}", id).headers(h -> h.setBearerAuth(admin)).exchange()
                .expectStatus().isForbidden();
    }

    /**
     * An applicant invited by another organisation's operator who redeems this organisation's e-code: the application is
     * this organisation's (its operators see it, as one without a point of sale), and the inviting operator never sees it.
     */
    @Test
    void anInvitationFromAnotherOrganisationDoesNotTakeTheApplicationThere() {
        String foreignOperator = fixtures.newOperator(fixtures.newOrganisationAdmin()).token();
        String invitedEmail = IssuanceFixtures.unique("invited") + "@test.local";
        web.post().uri("/api/v1/operator/invitations").headers(h -> h.setBearerAuth(foreignOperator))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("email", invitedEmail)).exchange()
                .expectStatus().isAccepted();
        web.post().uri("/api/v1/invitations/accept").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("token", InvitationOutbox.lastTokenFor(invitedEmail), "password", IssuanceFixtures.PASSWORD))
                .exchange().expectStatus().isCreated();
        String invitedApplication = fixtures.redeem(fixtures.login(invitedEmail), fixtures.oneCode(admin, "CQS-2Y-PPT"));

        web.get().uri("/api/v1/operator/applications/{id}", invitedApplication).headers(h -> h.setBearerAuth(foreignOperator))
                .exchange().expectStatus().isNotFound();
        web.post().uri("/api/v1/operator/applications/{id}/verification-decision", invitedApplication)
                .headers(h -> h.setBearerAuth(foreignOperator)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("result", "HELD")).exchange().expectStatus().isNotFound();
        web.get().uri("/api/v1/operator/applications").headers(h -> h.setBearerAuth(foreignOperator)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$[*].id").value(ids -> assertThat((List<Object>) ids)
                        .doesNotContain(invitedApplication));
        String own = fixtures.newOperator(admin).token();
        web.get().uri("/api/v1/operator/applications/{id}", invitedApplication).headers(h -> h.setBearerAuth(own))
                .exchange().expectStatus().isOk();
    }

    /**
     * Someone invited who already has an account accepts with its password (as the vendor sends them to log in and go
     * on) and becomes the point of sale's client: the operator sees their next application. A wrong password takes
     * nothing and is counted as a wrong login; an operator's own address cannot become a client.
     */
    @Test
    void someoneWithAnAccountAcceptsAnInvitationWithItsPassword() {
        IssuanceFixtures.Operator operator = fixtures.newOperator(admin);
        String email = IssuanceFixtures.unique("returning") + "@test.local";
        web.post().uri("/api/v1/accounts/register").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", IssuanceFixtures.PASSWORD)).exchange().expectStatus().isCreated();
        web.post().uri("/api/v1/operator/invitations").headers(h -> h.setBearerAuth(operator.token()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("email", email)).exchange().expectStatus().isAccepted();
        String token = InvitationOutbox.lastTokenFor(email);

        web.post().uri("/api/v1/invitations/accept").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("token", token, "password", "not the password at all")).exchange().expectStatus().isUnauthorized();
        web.post().uri("/api/v1/invitations/accept").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("token", token, "password", IssuanceFixtures.PASSWORD)).exchange().expectStatus().is2xxSuccessful()
                .expectBody().jsonPath("$.email").isEqualTo(email).jsonPath("$.pointOfSaleId").isNotEmpty();
        String application = fixtures.redeem(fixtures.login(email), fixtures.oneCode(admin, "CQS-2Y-PPT"));
        web.get().uri("/api/v1/operator/applications/{id}", application).headers(h -> h.setBearerAuth(operator.token()))
                .exchange().expectStatus().isOk();

        IssuanceFixtures.Operator colleague = fixtures.newOperator(admin);
        web.post().uri("/api/v1/operator/invitations").headers(h -> h.setBearerAuth(operator.token()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("email", colleague.email())).exchange()
                .expectStatus().isAccepted();
        web.post().uri("/api/v1/invitations/accept").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("token", InvitationOutbox.lastTokenFor(colleague.email()), "password", IssuanceFixtures.PASSWORD))
                .exchange().expectStatus().isEqualTo(HttpStatus.CONFLICT).expectBody().jsonPath("$.code").isEqualTo("email_taken");
    }

    @Test
    void anOperatorSeesAndActsOnTheApplicationsOfItsPointOfSaleAndUnplacedOnesOfItsOrganisationOnly() {
        String operatorEmail = IssuanceFixtures.unique("operator") + "@test.local";
        web.post().uri("/api/v1/org/operators").headers(h -> h.setBearerAuth(admin)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", operatorEmail, "password", IssuanceFixtures.PASSWORD, "pointOfSale", "Szczecin"))
                .exchange().expectStatus().isCreated();
        String operator = fixtures.login(operatorEmail);
        String invitedEmail = IssuanceFixtures.unique("invited") + "@test.local";
        web.post().uri("/api/v1/operator/invitations").headers(h -> h.setBearerAuth(operator))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("email", invitedEmail)).exchange()
                .expectStatus().isAccepted();
        String token = InvitationOutbox.lastTokenFor(invitedEmail);
        web.post().uri("/api/v1/invitations/accept").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("token", token, "password", IssuanceFixtures.PASSWORD)).exchange().expectStatus().isCreated();
        web.post().uri("/api/v1/invitations/accept").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("token", token, "password", IssuanceFixtures.PASSWORD)).exchange().expectStatus().isNotFound();
        String invited = fixtures.login(invitedEmail);
        String invitedApplication = fixtures.redeem(invited, fixtures.oneCode(admin, "CQS-2Y-PPT"));

        // its point of sale's application, and the organisation's one that came without a point of sale
        web.get().uri("/api/v1/operator/applications").headers(h -> h.setBearerAuth(operator)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$[*].id").isEqualTo(List.of(invitedApplication, id));
        web.get().uri("/api/v1/operator/applications/{id}", invitedApplication).headers(h -> h.setBearerAuth(operator))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.product.operatorCountersign").isEqualTo(true);
        web.get().uri("/api/v1/operator/applications/{id}", id).headers(h -> h.setBearerAuth(operator)).exchange()
                .expectStatus().isOk();
        web.get().uri("/api/v1/operator/applications").headers(h -> h.setBearerAuth(applicant)).exchange()
                .expectStatus().isForbidden();

        // an operator of another point of sale of the same organisation neither reads nor acts on the invited one
        String elsewhere = fixtures.newOperator(admin).token();
        web.get().uri("/api/v1/operator/applications").headers(h -> h.setBearerAuth(elsewhere)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$[*].id").isEqualTo(List.of(id));
        web.get().uri("/api/v1/operator/applications/{id}", invitedApplication).headers(h -> h.setBearerAuth(elsewhere))
                .exchange().expectStatus().isNotFound();
        web.post().uri("/api/v1/operator/applications/{id}/verification-decision", invitedApplication)
                .headers(h -> h.setBearerAuth(elsewhere)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("result", "POSITIVE")).exchange().expectStatus().isNotFound();
        web.post().uri("/api/v1/operator/applications/{id}/approve", invitedApplication)
                .headers(h -> h.setBearerAuth(elsewhere)).exchange().expectStatus().isNotFound();
        // nor does an operator of another organisation reach the one without a point of sale
        String otherOrganisation = fixtures.newOperator(fixtures.newOrganisationAdmin()).token();
        web.get().uri("/api/v1/operator/applications/{id}", id).headers(h -> h.setBearerAuth(otherOrganisation))
                .exchange().expectStatus().isNotFound();
        web.post().uri("/api/v1/operator/applications/{id}/verification-decision", id)
                .headers(h -> h.setBearerAuth(otherOrganisation)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("result", "POSITIVE")).exchange().expectStatus().isNotFound();
        web.get().uri("/api/v1/applications/{id}/history", invitedApplication).headers(h -> h.setBearerAuth(invited))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(1);
    }

    private static void problem(WebTestClient.ResponseSpec response, String field) {
        response.expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains(field));
    }

    private void fillIn() {
        put("certificate-parameters", IssuanceFixtures.parameters("MOBILE_SELF_ID")).expectStatus().isOk();
        put("applicant-data", IssuanceFixtures.polishApplicant()).expectStatus().isOk();
    }

    private String pdfText(String type, String query) throws Exception {
        byte[] pdf = web.get().uri("/api/v1/applications/" + id + "/documents/" + type + ".pdf" + query)
                .headers(h -> h.setBearerAuth(applicant)).exchange().expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_PDF).expectBody(byte[].class).returnResult()
                .getResponseBody();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }

    private WebTestClient.ResponseSpec get() {
        return web.get().uri("/api/v1/applications/{id}", id).headers(h -> h.setBearerAuth(applicant)).exchange()
                .expectStatus().isOk();
    }

    private WebTestClient.ResponseSpec put(String section, Object body) {
        return put(section, body, null);
    }

    private WebTestClient.ResponseSpec put(String section, Object body, String key) {
        return send(web.put(), section, body, key);
    }

    private WebTestClient.ResponseSpec post(String action, Object body) {
        return post(action, body, null);
    }

    private WebTestClient.ResponseSpec post(String action, Object body, String key) {
        return send(web.post(), action, body, key);
    }

    /** A call on this application, with the applicant's token, a JSON body when there is one and a key when given. */
    private WebTestClient.ResponseSpec send(WebTestClient.RequestBodyUriSpec method, String path, Object body, String key) {
        WebTestClient.RequestBodySpec request = method.uri("/api/v1/applications/{id}/" + path, id)
                .headers(h -> h.setBearerAuth(applicant));
        if (key != null) {
            request = request.header("Idempotency-Key", key);
        }
        return body == null ? request.exchange()
                : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }
}
