package io.sigillum.gateway.issuance;

import io.sigillum.gateway.account.AccountService;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Accounts, stock and e-codes for issuance tests, each in a fresh organisation so tests never see each other's data. */
public final class IssuanceFixtures {

    public static final String PASSWORD = "test password 123";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
    };

    private final WebTestClient web;
    private final AccountService accounts;

    public IssuanceFixtures(WebTestClient web, AccountService accounts) {
        this.web = web;
        this.accounts = accounts;
    }

    public static String unique(String prefix) {
        return prefix + "-" + System.nanoTime() + "-" + SEQUENCE.incrementAndGet();
    }

    /** A new organisation with an admin; returns the admin's bearer token. */
    public String newOrganisationAdmin() {
        String email = unique("admin") + "@test.local";
        // test set-up on the JUnit thread, not an event loop
        accounts.createOrganisationAdmin(unique("Organisation"), email, PASSWORD).block();
        return login(email);
    }

    /** An operator's e-mail and bearer token. */
    public record Operator(String email, String token) {
    }

    /** A new operator of the organisation of {@code admin}. */
    public Operator newOperator(String admin) {
        String email = unique("operator") + "@test.local";
        web.post().uri("/api/v1/org/operators").headers(h -> h.setBearerAuth(admin)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", PASSWORD, "pointOfSale", "Warszawa"))
                .exchange().expectStatus().isCreated();
        return new Operator(email, login(email));
    }

    public String newApplicant() {
        String email = unique("applicant") + "@test.local";
        web.post().uri("/api/v1/accounts/register").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", PASSWORD)).exchange().expectStatus().isCreated();
        return login(email);
    }

    public String login(String email) {
        Map<String, Object> session = web.post().uri("/api/v1/sessions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", PASSWORD)).exchange()
                .expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody();
        return (String) session.get("token");
    }

    public void addStock(String admin, String productId, int quantity) {
        web.post().uri("/api/v1/org/stock").headers(h -> h.setBearerAuth(admin)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("productId", productId, "quantity", quantity)).exchange().expectStatus().isOk();
    }

    @SuppressWarnings("unchecked")
    public List<String> generate(String admin, String productId, int quantity) {
        Map<String, Object> generated = web.post().uri("/api/v1/org/ecodes").headers(h -> h.setBearerAuth(admin))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("productId", productId, "quantity", quantity))
                .exchange().expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody();
        return ((List<Map<String, Object>>) generated.get("codes")).stream().map(c -> (String) c.get("code")).toList();
    }

    /** Stock of one unit and one code from it. */
    public String oneCode(String admin, String productId) {
        addStock(admin, productId, 1);
        return generate(admin, productId, 1).getFirst();
    }

    /** Redeems a code; returns the new application's id. */
    public String redeem(String applicant, String code) {
        Map<String, Object> application = web.post().uri("/api/v1/applications").headers(h -> h.setBearerAuth(applicant))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("code", code)).exchange()
                .expectStatus().isCreated().expectBody(MAP).returnResult().getResponseBody();
        return (String) application.get("id");
    }

    public static Map<String, Object> parameters(String method) {
        return parameters(method, "pl");
    }

    /** The certificate's parameters with the documents (and the messages about the application) in {@code language}. */
    public static Map<String, Object> parameters(String method, String language) {
        return Map.of("validityStart", "IMMEDIATELY", "cardName", "Jan Nowak", "documentLanguage", language,
                "verificationMethod", method);
    }

    /** Valid data of a Polish citizen (the seed's example: PESEL 84042003432, ID card ALU842672). */
    public static Map<String, Object> polishApplicant() {
        return Map.ofEntries(
                Map.entry("firstName", "Jan"), Map.entry("secondName", "Adam"), Map.entry("surname", "Nowak"),
                Map.entry("citizenship", "PL"), Map.entry("pesel", "84042003432"), Map.entry("sex", "MALE"),
                Map.entry("dateOfBirth", "1984-04-20"), Map.entry("placeOfBirth", "Szczecin"),
                Map.entry("identityDocument", Map.of("type", "ID_CARD", "issuingCountry", "PL",
                        "seriesAndNumber", "ALU842672", "expiryDate", LocalDate.now().plusYears(4).toString(),
                        "issuingAuthority", "Prezydent Szczecina")),
                Map.entry("phone", "+48 605 935 754"), Map.entry("email", "jan.nowak@example.com"),
                Map.entry("address", Map.of("street", "Królowej Korony Polskiej", "buildingNumber", "21",
                        "flatNumber", "222", "postalCode", "70-486", "city", "Szczecin", "country", "PL")));
    }

    public static ParameterizedTypeReference<Map<String, Object>> map() {
        return MAP;
    }
}
