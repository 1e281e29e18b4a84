package io.sigillum.gateway.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.sigillum.gateway.issuance.IssuanceFixtures;
import io.sigillum.gateway.support.DevOutbox;
import io.sigillum.gateway.support.IntegrationTest;
import io.sigillum.gateway.web.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

class AccountIntegrationTests extends IntegrationTest {

    @Autowired
    AccountService accounts;
    @Autowired
    DatabaseClient db;
    @Autowired
    ReactiveStringRedisTemplate redis;

    @Test
    void anApplicantRegistersLogsInSeesItselfAndLogsOut() {
        String email = IssuanceFixtures.unique("Person") + "@Test.local";
        web.post().uri("/api/v1/accounts/register").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", IssuanceFixtures.PASSWORD)).exchange()
                .expectStatus().isCreated().expectBody().jsonPath("$.role").isEqualTo("APPLICANT")
                .jsonPath("$.email").isEqualTo(email.toLowerCase());
        String token = (String) login(email.toLowerCase(), IssuanceFixtures.PASSWORD).expectStatus().isCreated()
                .expectHeader().cacheControl(CacheControl.noStore())
                .expectBody(IssuanceFixtures.map()).returnResult().getResponseBody().get("token");
        web.get().uri("/api/v1/accounts/me").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.role").isEqualTo("APPLICANT");
        web.delete().uri("/api/v1/sessions").headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isNoContent();
        web.get().uri("/api/v1/accounts/me").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isUnauthorized().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void registrationRefusesADuplicateEmailAShortPasswordAndABadEmail() {
        String email = IssuanceFixtures.unique("dup") + "@test.local";
        register(email, IssuanceFixtures.PASSWORD).expectStatus().isCreated();
        register(email.toUpperCase(), IssuanceFixtures.PASSWORD).expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectBody().jsonPath("$.code").isEqualTo("email_taken");
        register(IssuanceFixtures.unique("short") + "@test.local", "short").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("password");
        register("not-an-email", IssuanceFixtures.PASSWORD).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("email");
        // the address shows in the operators' history and every e-mail: what is seen must be where the mail goes
        for (String hidden : List.of("a\u202efqhemc@example.com", "a\u200b@example.com", "a@b", "<b>a</b>@example.com")) {
            register(hidden, IssuanceFixtures.PASSWORD).expectStatus().isBadRequest().expectBody()
                    .jsonPath("$.errors[0].field").isEqualTo("email").jsonPath("$.errors[0].code").isEqualTo("Mailbox");
        }
    }

    /** NIST SP 800-63B §5.1.1.2: the passwords an attacker tries first are refused, whatever their length. */
    @Test
    void passwordsTriedFirstAreRefused() {
        for (String guessable : List.of("password123", "Password123", "haslo12345", "aaaaaaaaaa", "abcabcabcabc", "1234567890",
                "0987654321", "qwertyuiop", "ABCDEFGHIJK", "1qaz2wsx3edc")) {
            register(IssuanceFixtures.unique("weak") + "@test.local", guessable).expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo("password")
                    .jsonPath("$.errors[0].code").isEqualTo("Guessable");
        }
        register(IssuanceFixtures.unique("strong") + "@test.local", "plum tram 1984 violet").expectStatus().isCreated();
    }

    /**
     * NIST SP 800-63B §5.1.1.2: not the account's address nor its name; characters counted as a person counts them (five
     * emoji are five, not ten); and one password whichever Unicode form a keyboard sends it in.
     */
    @Test
    void passwordsAreNotTheAddressAreCountedInCharactersAndComparedInOneForm() {
        String email = "zenon.kowalczyk." + System.nanoTime() + "@test.local";
        register(email, email).expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].code").isEqualTo("ContextSpecific");
        register(email, "my " + email.substring(0, email.indexOf('@')) + " pass").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].code").isEqualTo("ContextSpecific");
        register(email, "\uD83D\uDE00\uD83D\uDE01\uD83D\uDE02\uD83E\uDD23\uD83D\uDE03").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].code").isEqualTo("Size");

        String composed = java.text.Normalizer.normalize("zażółć gęślą jaźń", java.text.Normalizer.Form.NFC);
        String decomposed = java.text.Normalizer.normalize(composed, java.text.Normalizer.Form.NFD);
        assertThat(decomposed).isNotEqualTo(composed);
        register(email, composed).expectStatus().isCreated();
        login(email, decomposed).expectStatus().isCreated();
    }

    @Test
    void repeatedWrongPasswordsLockTheAccountEvenForTheRightPassword() {
        String email = IssuanceFixtures.unique("lock") + "@test.local";
        register(email, IssuanceFixtures.PASSWORD).expectStatus().isCreated();
        login(email, IssuanceFixtures.PASSWORD).expectStatus().isCreated();
        for (int i = 0; i < 5; i++) {
            // the answer says how many more wrong ones lock the account: none after the fifth, which locked it
            login(email, "wrong password " + i).expectStatus().isUnauthorized()
                    .expectBody().jsonPath("$.code").isEqualTo("invalid_credentials")
                    .jsonPath("$.attemptsLeft").isEqualTo(4 - i);
        }
        login(email, IssuanceFixtures.PASSWORD).expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                .expectHeader().exists("Retry-After")
                .expectBody().jsonPath("$.code").isEqualTo("account_locked");
    }

    @Test
    void anUnknownEmailAndAWrongPasswordLookTheSameUpToTheLockout() {
        String known = IssuanceFixtures.unique("known") + "@test.local";
        register(known, IssuanceFixtures.PASSWORD).expectStatus().isCreated();
        String unknown = IssuanceFixtures.unique("nobody") + "@test.local";
        for (int i = 0; i < 5; i++) {
            List<Map<String, Object>> answers = new ArrayList<>();
            for (String email : List.of(known, unknown)) {
                answers.add(login(email, "wrong password " + i).expectStatus().isUnauthorized()
                        .expectBody(IssuanceFixtures.map()).returnResult().getResponseBody());
            }
            assertThat(answers.get(0)).containsEntry("code", "invalid_credentials").containsEntry("attemptsLeft", 4 - i);
            assertThat(answers.get(1)).isEqualTo(answers.get(0));
        }

        // the sixth try: an address with no account is locked as the account is, with the same answer
        EntityExchangeResult<Map<String, Object>> knownLocked = login(known, IssuanceFixtures.PASSWORD)
                .expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS).expectBody(IssuanceFixtures.map()).returnResult();
        EntityExchangeResult<Map<String, Object>> unknownLocked = login(unknown.toUpperCase(Locale.ROOT), "any password")
                .expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS).expectBody(IssuanceFixtures.map()).returnResult();
        assertThat(unknownLocked.getResponseBody()).isEqualTo(knownLocked.getResponseBody());
        assertThat(Long.parseLong(unknownLocked.getResponseHeaders().getFirst("Retry-After")))
                .isCloseTo(Long.parseLong(knownLocked.getResponseHeaders().getFirst("Retry-After")), within(1L));
    }

    /**
     * Wrong passwords are forgotten a day after the last one, for an account as for an address with none: otherwise a
     * wrong password after a quiet day would tell them apart. Before that, they stay counted.
     */
    @Test
    void wrongPasswordsAreForgottenADayAfterTheLastForAnAccountAsForAnUnknownAddress() {
        String known = IssuanceFixtures.unique("quiet") + "@test.local";
        register(known, IssuanceFixtures.PASSWORD).expectStatus().isCreated();
        String unknown = IssuanceFixtures.unique("quiet-nobody") + "@test.local";
        for (String email : List.of(known, unknown)) {
            for (int i = 0; i < 3; i++) {
                login(email, "wrong password " + i).expectStatus().isUnauthorized();
            }
        }
        // almost a day later, the count holds
        db.sql("UPDATE user_account SET failed_login_at = now() - interval '23 hours' WHERE email = :email")
                .bind("email", known).then().block();
        login(known, "wrong password 3").expectStatus().isUnauthorized().expectBody().jsonPath("$.attemptsLeft").isEqualTo(1);
        login(unknown, "wrong password 3").expectStatus().isUnauthorized().expectBody().jsonPath("$.attemptsLeft").isEqualTo(1);

        // a day after the last wrong password (the unknown address's count expires in Redis, as its TTL would have it)
        db.sql("UPDATE user_account SET failed_login_at = now() - interval '24 hours 1 second' WHERE email = :email")
                .bind("email", known).then().block();
        redis.delete(UnknownAddressLockout.failuresKey(unknown)).block();
        List<Map<String, Object>> answers = new ArrayList<>();
        for (String email : List.of(known, unknown)) {
            answers.add(login(email, "wrong password 4").expectStatus().isUnauthorized()
                    .expectBody(IssuanceFixtures.map()).returnResult().getResponseBody());
        }
        assertThat(answers.get(0)).containsEntry("attemptsLeft", 4);
        assertThat(answers.get(1)).isEqualTo(answers.get(0));
    }

    /**
     * Wrong passwords sent together are counted one by one: of 20 at once, 5 are checked and the other 15 find the
     * account locked, for an account and for an address with none alike; the lock then holds for the right password.
     */
    @Test
    void wrongPasswordsSentTogetherAreCheckedNoMoreThanTheLimit() throws Exception {
        String known = IssuanceFixtures.unique("burst") + "@test.local";
        register(known, IssuanceFixtures.PASSWORD).expectStatus().isCreated();
        String unknown = IssuanceFixtures.unique("burst-nobody") + "@test.local";
        for (String email : List.of(known, unknown)) {
            ExecutorService pool = Executors.newFixedThreadPool(20);
            List<Future<Integer>> tries = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String password = "wrong password " + i;
                tries.add(pool.submit(() -> login(email, password).expectBody().returnResult().getStatus().value()));
            }
            Map<Integer, Integer> statuses = new TreeMap<>();
            for (Future<Integer> attempt : tries) {
                statuses.merge(attempt.get(), 1, Integer::sum);
            }
            pool.shutdown();
            assertThat(statuses).as(email).isEqualTo(Map.of(401, 5, 429, 15));
        }
        login(known, IssuanceFixtures.PASSWORD).expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
    }

    /** An operator refused for a taken e-mail leaves no point of sale behind. */
    @Test
    void anOperatorRefusedForATakenEmailLeavesNoPointOfSale() {
        String suffix = IssuanceFixtures.unique("pos");
        UUID organisation = accounts.createOrganisationAdmin("Org " + suffix, suffix + "-admin@test.local",
                IssuanceFixtures.PASSWORD).block().organisationId().orElseThrow();
        String email = suffix + "-operator@test.local";
        accounts.createOperator(organisation, email, IssuanceFixtures.PASSWORD, "Shop A").block();

        assertThatThrownBy(() -> accounts.createOperator(organisation, email, IssuanceFixtures.PASSWORD, "Shop B").block())
                .isInstanceOfSatisfying(ApiException.class, refused -> assertThat(refused.code()).isEqualTo("email_taken"));
        assertThat(db.sql("SELECT name FROM point_of_sale WHERE organisation_id = :org").bind("org", organisation)
                .map(row -> row.get("name", String.class)).all().collectList().block()).containsExactly("Shop A");
    }

    @Test
    void onlyAnOrganisationAdminCreatesOperatorsAndOnlyOperatorsInvite() {
        String email = IssuanceFixtures.unique("plain") + "@test.local";
        register(email, IssuanceFixtures.PASSWORD).expectStatus().isCreated();
        String token = (String) login(email, IssuanceFixtures.PASSWORD).expectBody(IssuanceFixtures.map())
                .returnResult().getResponseBody().get("token");
        web.post().uri("/api/v1/org/operators").headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", "x@test.local", "password", IssuanceFixtures.PASSWORD, "pointOfSale", "X"))
                .exchange().expectStatus().isForbidden();
        web.post().uri("/api/v1/operator/invitations").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("email", "y@test.local")).exchange()
                .expectStatus().isForbidden();
        web.post().uri("/api/v1/invitations/accept").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("token", "no-such-token", "password", IssuanceFixtures.PASSWORD)).exchange()
                .expectStatus().isNotFound();
    }

    /**
     * A point of sale's name goes into invitation e-mails and countersigned statements: a line break (a forged e-mail
     * line), a bidirectional override (text that reads backwards) or markup is refused, and no point of sale is made.
     */
    @Test
    void aPointOfSaleNameIsOneLineOfVisibleText() {
        IssuanceFixtures fixtures = new IssuanceFixtures(web, accounts);
        String admin = fixtures.newOrganisationAdmin();
        for (String name : List.of("Shop\r\nBcc: someone@example.com", "Shop \u202Eabc", "Shop\u200B", "<script>x</script>",
                "Shop\u2028Call +48 600 000 000", "Shop\u2029x")) {
            web.post().uri("/api/v1/org/operators").headers(h -> h.setBearerAuth(admin)).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("email", IssuanceFixtures.unique("op") + "@test.local", "password", IssuanceFixtures.PASSWORD,
                            "pointOfSale", name))
                    .exchange().expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo("pointOfSale");
        }
        web.post().uri("/api/v1/org/operators").headers(h -> h.setBearerAuth(admin)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", IssuanceFixtures.unique("op") + "@test.local", "password", IssuanceFixtures.PASSWORD,
                        "pointOfSale", "Łódź, ul. Piotrkowska 1"))
                .exchange().expectStatus().isCreated();
        // names that look the same are one point of sale: a no-break space, a doubled one, spaces at the ends
        List<Object> points = List.of("Szczecin POS", "Szczecin\u00A0POS", " Szczecin  POS ").stream()
                .map(name -> web.post().uri("/api/v1/org/operators").headers(h -> h.setBearerAuth(admin))
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("email", IssuanceFixtures.unique("op")
                                + "@test.local", "password", IssuanceFixtures.PASSWORD, "pointOfSale", name))
                        .exchange().expectStatus().isCreated().expectBody(IssuanceFixtures.map()).returnResult().getResponseBody()
                        .get("pointOfSaleId")).toList();
        assertThat(points).doesNotContainNull().containsOnly(points.getFirst());
    }

    /**
     * An operator cannot flood one person, or the world, with invitation e-mails: an organisation sends an address 3
     * and an operator sends 50 a day.
     */
    @Test
    void invitationsAreLimitedPerAddressAndPerOperator() {
        IssuanceFixtures fixtures = new IssuanceFixtures(web, accounts);
        String admin = fixtures.newOrganisationAdmin();
        String operator = fixtures.newOperator(admin).token();
        String other = fixtures.newOperator(admin).token();
        String person = IssuanceFixtures.unique("person") + "@test.local";
        for (int i = 0; i < 3; i++) {
            invite(i % 2 == 0 ? operator : other, person).expectStatus().isAccepted();
        }
        invite(operator, person.toUpperCase()).expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                .expectHeader().exists("Retry-After")
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("e-mail address"));
        // another organisation's invitations are its own business
        invite(fixtures.newOperator(fixtures.newOrganisationAdmin()).token(), person).expectStatus().isAccepted();

        // the refused invitation did not use up one of the operator's 50: it has sent 2
        for (int i = 0; i < 48; i++) {
            invite(operator, IssuanceFixtures.unique("many") + "@test.local").expectStatus().isAccepted();
        }
        invite(operator, IssuanceFixtures.unique("one-more") + "@test.local").expectStatus()
                .isEqualTo(HttpStatus.TOO_MANY_REQUESTS).expectHeader().exists("Retry-After");
        invite(other, IssuanceFixtures.unique("from-another") + "@test.local").expectStatus().isAccepted();
    }

    /** The invited person's language is not on record: the e-mail speaks Polish, then English, its subject too. */
    @Test
    void anInvitationEmailHasASubjectAndTextInPolishThenEnglish() {
        IssuanceFixtures fixtures = new IssuanceFixtures(web, accounts);
        String person = IssuanceFixtures.unique("invited") + "@test.local";

        IssuanceFixtures.Operator operator = fixtures.newOperator(fixtures.newOrganisationAdmin());
        invite(operator.token(), person).expectStatus().isAccepted();

        JsonNode email = DevOutbox.lastTo(person);
        assertThat(email.path("channel").asString()).isEqualTo("EMAIL");
        assertThat(email.path("subject").asString())
                .isEqualTo("Zaproszenie do złożenia wniosku o certyfikat kwalifikowany / Invitation to apply for a qualified certificate");
        String link = "\\S+/invitations#" + Pattern.quote(email.path("code").asString());
        String until = "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}";
        assertThat(email.path("text").asString()).matches("Zaproszenie do złożenia wniosku o certyfikat kwalifikowany\\. Otwórz " + link
                + " – ustawisz tam hasło \\(albo, jeśli masz już konto z tym adresem, wpiszesz jego hasło\\) i wypełnisz wniosek "
                + "\\(link ważny do " + until + " czasu polskiego\\)\\. Nadawca zaproszenia: " + Pattern.quote(operator.email())
                + ", punkt sprzedaży Warszawa\\.\n\n"
                + "You are invited to apply for a qualified certificate\\. Open " + link
                + " to set your password \\(or, if you already have an account with this address, to enter its password\\) "
                + "and fill in the application \\(the link is valid until " + until + ", Polish time\\)\\. Sent by "
                + Pattern.quote(operator.email()) + ", point of sale Warszawa\\.");
    }

    private WebTestClient.ResponseSpec invite(String operator, String email) {
        return web.post().uri("/api/v1/operator/invitations").headers(h -> h.setBearerAuth(operator))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("email", email)).exchange();
    }

    private WebTestClient.ResponseSpec register(String email, String password) {
        return web.post().uri("/api/v1/accounts/register").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", password)).exchange();
    }

    private WebTestClient.ResponseSpec login(String email, String password) {
        return web.post().uri("/api/v1/sessions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", password)).exchange();
    }
}
