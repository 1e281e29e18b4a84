package io.sigillum.gateway.issuance.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigillum.gateway.account.AccountService;
import io.sigillum.gateway.issuance.IssuanceFixtures;
import io.sigillum.gateway.support.DevOutbox;
import io.sigillum.gateway.support.IntegrationTest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The point of sale's pool ("kod z puli"): an operator invites a person to apply for a product, and the person opens the
 * application without an e-code, paid with one unit of the organisation's stock, once per such invitation.
 */
class PoolInvitationIntegrationTests extends IntegrationTest {

    private static final String PRODUCT = "CQS-1Y";

    @Autowired
    AccountService accounts;

    @Test
    void anInvitationNamingAProductOpensOneApplicationPaidFromStock() {
        IssuanceFixtures fixtures = new IssuanceFixtures(web, accounts);
        String admin = fixtures.newOrganisationAdmin();
        fixtures.addStock(admin, PRODUCT, 2);
        IssuanceFixtures.Operator operator = fixtures.newOperator(admin);
        String person = IssuanceFixtures.unique("pooled") + "@test.local";

        invite(operator.token(), Map.of("email", person, "productId", PRODUCT)).expectStatus().isAccepted()
                .expectBody().jsonPath("$.productId").isEqualTo(PRODUCT);
        String text = DevOutbox.lastTo(person).path("text").asString();
        assertThat(text).contains("e-kod nie jest potrzebny").contains("no e-code is needed");
        String applicant = acceptAndLogIn(fixtures, person);

        Map<String, Object> application = openFromInvitation(applicant).expectStatus().isCreated()
                .expectHeader().exists("Location")
                .expectBody(IssuanceFixtures.map()).returnResult().getResponseBody();
        assertThat(application).containsEntry("state", "DRAFT");
        assertThat(((Map<?, ?>) application.get("product")).get("id")).isEqualTo(PRODUCT);
        assertThat(stock(admin)).isEqualTo(1);
        // the operator of the inviting point of sale sees it, and the panel's history shows the pool's code used
        web.get().uri("/api/v1/operator/applications/" + application.get("id")).headers(h -> h.setBearerAuth(operator.token()))
                .exchange().expectStatus().isOk();
        web.get().uri("/api/v1/org/ecodes?status=USED").headers(h -> h.setBearerAuth(admin)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.items.length()").isEqualTo(1);

        // one application per invitation: a second try finds none waiting, and takes nothing
        openFromInvitation(applicant).expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("no_invitation_to_apply");
        assertThat(stock(admin)).isEqualTo(1);
    }

    @Test
    void withoutSuchAnInvitationNothingIsOpenedAndNoStockIsTaken() {
        IssuanceFixtures fixtures = new IssuanceFixtures(web, accounts);
        String admin = fixtures.newOrganisationAdmin();
        fixtures.addStock(admin, PRODUCT, 1);
        IssuanceFixtures.Operator operator = fixtures.newOperator(admin);

        // registered on their own: no invitation
        openFromInvitation(fixtures.newApplicant()).expectStatus().isNotFound();
        // invited without a product: they redeem an e-code as before
        String plain = IssuanceFixtures.unique("plain-invited") + "@test.local";
        invite(operator.token(), Map.of("email", plain)).expectStatus().isAccepted();
        assertThat(DevOutbox.lastTo(plain).path("text").asString()).doesNotContain("e-kod");
        openFromInvitation(acceptAndLogIn(fixtures, plain)).expectStatus().isNotFound();
        // invited, but not yet accepted: the invitation is not theirs until they prove the address
        String pending = IssuanceFixtures.unique("pending") + "@test.local";
        invite(operator.token(), Map.of("email", pending, "productId", PRODUCT)).expectStatus().isAccepted();
        web.post().uri("/api/v1/accounts/register").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", pending, "password", IssuanceFixtures.PASSWORD)).exchange().expectStatus().isCreated();
        openFromInvitation(fixtures.login(pending)).expectStatus().isNotFound();
        assertThat(stock(admin)).isEqualTo(1);
    }

    @Test
    void anOperatorCannotInviteToAProductOutOfStockOrUnknown() {
        IssuanceFixtures fixtures = new IssuanceFixtures(web, accounts);
        String admin = fixtures.newOrganisationAdmin();
        IssuanceFixtures.Operator operator = fixtures.newOperator(admin);
        String person = IssuanceFixtures.unique("nostock") + "@test.local";

        invite(operator.token(), Map.of("email", person, "productId", PRODUCT))
                .expectStatus().isEqualTo(HttpStatus.CONFLICT).expectBody().jsonPath("$.code").isEqualTo("insufficient_stock");
        invite(operator.token(), Map.of("email", person, "productId", "NO-SUCH-PRODUCT"))
                .expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo("product_not_found");
        invite(operator.token(), Map.of("email", person, "productId", "")).expectStatus().isBadRequest();
        assertThatThrownBy(() -> DevOutbox.lastTo(person)).as("no e-mail was sent").isInstanceOf(AssertionError.class);
    }

    /**
     * The stock ran out between the invitation and the application: 409, and the invitation still waits, so a top-up
     * lets the person go on. Two people invited for one unit: one gets it.
     */
    @Test
    void theStockIsTakenWhenTheApplicationOpensAndOnlyOnce() throws Exception {
        IssuanceFixtures fixtures = new IssuanceFixtures(web, accounts);
        String admin = fixtures.newOrganisationAdmin();
        fixtures.addStock(admin, PRODUCT, 1);
        IssuanceFixtures.Operator operator = fixtures.newOperator(admin);
        List<String> applicants = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String person = IssuanceFixtures.unique("race") + "@test.local";
            invite(operator.token(), Map.of("email", person, "productId", PRODUCT)).expectStatus().isAccepted();
            applicants.add(acceptAndLogIn(fixtures, person));
        }

        assertThat(atOnce(applicants.stream().map(applicant -> (Callable<WebTestClient.ResponseSpec>) () -> openFromInvitation(applicant))
                .toList())).isEqualTo(Map.of(201, 1, 409, 1));
        assertThat(stock(admin)).isZero();

        fixtures.addStock(admin, PRODUCT, 1);
        List<Integer> again = new ArrayList<>();
        for (String applicant : applicants) {
            again.add(openFromInvitation(applicant).expectBody().returnResult().getStatus().value());
        }
        assertThat(again).containsExactlyInAnyOrder(201, 404);
        assertThat(stock(admin)).isZero();
    }

    /**
     * Two invitations from two points of sale accepted at once by one existing account: it joins one of them, and only
     * that one's invitation can be drawn.
     */
    @Test
    void anAccountAcceptingTwoPointsOfSalesInvitationsAtOnceJoinsOneAndDrawsFromItOnly() throws Exception {
        IssuanceFixtures fixtures = new IssuanceFixtures(web, accounts);
        List<String> admins = List.of(fixtures.newOrganisationAdmin(), fixtures.newOrganisationAdmin());
        String person = IssuanceFixtures.unique("two-shops") + "@test.local";
        web.post().uri("/api/v1/accounts/register").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", person, "password", IssuanceFixtures.PASSWORD)).exchange().expectStatus().isCreated();
        List<String> tokens = new ArrayList<>();
        for (String admin : admins) {
            fixtures.addStock(admin, PRODUCT, 1);
            invite(fixtures.newOperator(admin).token(), Map.of("email", person, "productId", PRODUCT)).expectStatus().isAccepted();
            tokens.add(DevOutbox.lastTo(person).path("code").asString());
        }

        assertThat(atOnce(tokens.stream().map(token -> (Callable<WebTestClient.ResponseSpec>) () -> web.post()
                        .uri("/api/v1/invitations/accept").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("token", token, "password", IssuanceFixtures.PASSWORD)).exchange()).toList()))
                .isEqualTo(Map.of(201, 1, 409, 1));

        String applicant = fixtures.login(person);
        openFromInvitation(applicant).expectStatus().isCreated();
        openFromInvitation(applicant).expectStatus().isNotFound();
        assertThat(stock(admins.get(0)) + stock(admins.get(1))).isEqualTo(1);
    }

    /**
     * Draws sent together while another is in flight wait for it rather than skip its invitation: with two invitations
     * and one unit, one opens an application and every other is told the stock ran out, never "no invitation".
     */
    @Test
    void drawsSentTogetherWaitForEachOtherAndTellTheStockRanOut() throws Exception {
        IssuanceFixtures fixtures = new IssuanceFixtures(web, accounts);
        String admin = fixtures.newOrganisationAdmin();
        fixtures.addStock(admin, PRODUCT, 2);
        IssuanceFixtures.Operator operator = fixtures.newOperator(admin);
        String person = IssuanceFixtures.unique("burst") + "@test.local";
        for (int i = 0; i < 2; i++) {
            invite(operator.token(), Map.of("email", person, "productId", PRODUCT)).expectStatus().isAccepted();
            web.post().uri("/api/v1/invitations/accept").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("token", DevOutbox.lastTo(person).path("code").asString(), "password",
                            IssuanceFixtures.PASSWORD)).exchange().expectStatus().isCreated();
        }
        // one unit left for two invitations
        String other = IssuanceFixtures.unique("other") + "@test.local";
        invite(operator.token(), Map.of("email", other, "productId", PRODUCT)).expectStatus().isAccepted();
        openFromInvitation(acceptAndLogIn(fixtures, other)).expectStatus().isCreated();
        String applicant = fixtures.login(person);

        assertThat(atOnce(Collections.nCopies(8, () -> openFromInvitation(applicant)))).isEqualTo(Map.of(201, 1, 409, 7));
        assertThat(stock(admin)).isZero();
    }

    /**
     * The point of sale's operators list its invitations with their status, and withdraw one that has not opened an
     * application: a withdrawn invitation can be neither accepted nor drawn. Another point of sale sees none of them.
     */
    @Test
    void anOperatorListsThePointOfSalesInvitationsAndWithdrawsOneNotYetUsed() {
        IssuanceFixtures fixtures = new IssuanceFixtures(web, accounts);
        String admin = fixtures.newOrganisationAdmin();
        fixtures.addStock(admin, PRODUCT, 3);
        IssuanceFixtures.Operator operator = fixtures.newOperator(admin);
        String applied = IssuanceFixtures.unique("applied") + "@test.local";
        String accepted = IssuanceFixtures.unique("accepted") + "@test.local";
        String pending = IssuanceFixtures.unique("pending") + "@test.local";
        invite(operator.token(), Map.of("email", applied, "productId", PRODUCT)).expectStatus().isAccepted();
        openFromInvitation(acceptAndLogIn(fixtures, applied)).expectStatus().isCreated();
        invite(operator.token(), Map.of("email", accepted, "productId", PRODUCT)).expectStatus().isAccepted();
        String acceptedApplicant = acceptAndLogIn(fixtures, accepted);
        String pendingId = (String) invite(operator.token(), Map.of("email", pending, "productId", PRODUCT)).expectStatus()
                .isAccepted().expectBody(IssuanceFixtures.map()).returnResult().getResponseBody().get("id");
        String pendingToken = DevOutbox.lastTo(pending).path("code").asString();

        List<Map<String, Object>> listed = invitations(operator.token());
        assertThat(listed).extracting(entry -> entry.get("email") + " " + entry.get("status") + " " + entry.get("productId"))
                .containsExactly(pending + " PENDING " + PRODUCT, accepted + " ACCEPTED " + PRODUCT, applied + " APPLIED " + PRODUCT);
        assertThat(listed.getFirst()).containsEntry("invitedBy", operator.email()).doesNotContainKey("token");
        assertThat(listed.toString()).doesNotContain(pendingToken);
        Map<String, String> ids = new java.util.HashMap<>();
        listed.forEach(entry -> ids.put((String) entry.get("status"), (String) entry.get("id")));
        // the invitation's answer names it as the list does, and the list finds it by its address, however old it is
        assertThat(pendingId).isEqualTo(ids.get("PENDING"));
        assertThat(web.get().uri(b -> b.path("/api/v1/operator/invitations").queryParam("email", "{e}").build(pending.toUpperCase()))
                .headers(h -> h.setBearerAuth(operator.token())).exchange().expectStatus().isOk()
                .expectBodyList(IssuanceFixtures.map()).returnResult().getResponseBody())
                .extracting(entry -> entry.get("id")).containsExactly(pendingId);

        // another point of sale sees none of them, and cannot withdraw them
        IssuanceFixtures.Operator stranger = fixtures.newOperator(fixtures.newOrganisationAdmin());
        assertThat(invitations(stranger.token())).isEmpty();
        withdraw(stranger.token(), ids.get("PENDING")).expectStatus().isNotFound();

        withdraw(operator.token(), ids.get("PENDING")).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("WITHDRAWN");
        withdraw(operator.token(), ids.get("PENDING")).expectStatus().isOk();
        web.post().uri("/api/v1/invitations/accept").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("token", pendingToken, "password", IssuanceFixtures.PASSWORD)).exchange()
                .expectStatus().isNotFound();
        withdraw(operator.token(), ids.get("ACCEPTED")).expectStatus().isOk();
        openFromInvitation(acceptedApplicant).expectStatus().isNotFound();
        withdraw(operator.token(), ids.get("APPLIED")).expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectBody().jsonPath("$.currentState").isEqualTo("APPLIED");
        assertThat(stock(admin)).isEqualTo(2);

        // accepted, naming no product: the person has joined the point of sale, which withdrawing would not undo
        String joined = IssuanceFixtures.unique("joined") + "@test.local";
        invite(operator.token(), Map.of("email", joined)).expectStatus().isAccepted();
        acceptAndLogIn(fixtures, joined);
        String joinedId = (String) invitations(operator.token()).stream().filter(entry -> joined.equals(entry.get("email")))
                .findFirst().orElseThrow().get("id");
        withdraw(operator.token(), joinedId).expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectBody().jsonPath("$.currentState").isEqualTo("ACCEPTED");
    }

    private List<Map<String, Object>> invitations(String operator) {
        return web.get().uri("/api/v1/operator/invitations").headers(h -> h.setBearerAuth(operator)).exchange()
                .expectStatus().isOk().expectBodyList(IssuanceFixtures.map()).returnResult().getResponseBody();
    }

    private WebTestClient.ResponseSpec withdraw(String operator, String id) {
        return web.post().uri("/api/v1/operator/invitations/{id}/withdraw", id).headers(h -> h.setBearerAuth(operator)).exchange();
    }

    /** Sends the requests at once; how many answers had each status. */
    private static Map<Integer, Integer> atOnce(List<Callable<WebTestClient.ResponseSpec>> requests) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(requests.size());
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (Callable<WebTestClient.ResponseSpec> request : requests) {
                answers.add(senders.submit(() -> request.call().expectBody().returnResult().getStatus().value()));
            }
            Map<Integer, Integer> statuses = new TreeMap<>();
            for (Future<Integer> answer : answers) {
                statuses.merge(answer.get(), 1, Integer::sum);
            }
            return statuses;
        } finally {
            senders.shutdown();
        }
    }

    private WebTestClient.ResponseSpec invite(String operator, Map<String, Object> body) {
        return web.post().uri("/api/v1/operator/invitations").headers(h -> h.setBearerAuth(operator))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private WebTestClient.ResponseSpec openFromInvitation(String applicant) {
        return web.post().uri("/api/v1/applications/from-invitation").headers(h -> h.setBearerAuth(applicant)).exchange();
    }

    private String acceptAndLogIn(IssuanceFixtures fixtures, String person) {
        web.post().uri("/api/v1/invitations/accept").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("token", DevOutbox.lastTo(person).path("code").asString(), "password", IssuanceFixtures.PASSWORD))
                .exchange().expectStatus().isCreated();
        return fixtures.login(person);
    }

    private int stock(String admin) {
        List<Map<String, Object>> lines = web.get().uri("/api/v1/org/stock").headers(h -> h.setBearerAuth(admin)).exchange()
                .expectStatus().isOk().expectBodyList(IssuanceFixtures.map()).returnResult().getResponseBody();
        return lines.stream().filter(line -> PRODUCT.equals(((Map<?, ?>) line.get("product")).get("id")))
                .mapToInt(line -> (Integer) line.get("quantity")).findFirst().orElseThrow();
    }
}
