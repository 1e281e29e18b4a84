package io.sigillum.gateway.issuance.ecode;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.gateway.account.AccountService;
import io.sigillum.gateway.issuance.IssuanceFixtures;
import io.sigillum.gateway.support.IntegrationTest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

class ECodeIntegrationTests extends IntegrationTest {

    @Autowired
    AccountService accounts;

    @Autowired
    DatabaseClient db;

    IssuanceFixtures fixtures;
    String admin;

    @BeforeEach
    void organisation() {
        fixtures = new IssuanceFixtures(web, accounts);
        admin = fixtures.newOrganisationAdmin();
    }

    /** A stock does not grow past its limit (nor overflow its counter into a "value cannot be stored" 400). */
    @Test
    void stockBeyondItsLimitIsRefusedAndNothingIsAdded() {
        fixtures.addStock(admin, "CQS-3Y", 1);
        String organisation = (String) web.get().uri("/api/v1/accounts/me").headers(h -> h.setBearerAuth(admin)).exchange()
                .expectStatus().isOk().expectBody(IssuanceFixtures.map()).returnResult().getResponseBody().get("organisationId");
        db.sql("UPDATE product_stock SET quantity = 9999990 WHERE organisation_id = :org AND product_id = 'CQS-3Y'")
                .bind("org", java.util.UUID.fromString(organisation)).then().block();
        for (int quantity : new int[] {11, 100_000}) {
            web.post().uri("/api/v1/org/stock").headers(h -> h.setBearerAuth(admin)).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("productId", "CQS-3Y", "quantity", quantity)).exchange()
                    .expectStatus().isEqualTo(HttpStatus.CONFLICT).expectBody().jsonPath("$.code").isEqualTo("stock_limit");
        }
        web.post().uri("/api/v1/org/stock").headers(h -> h.setBearerAuth(admin)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("productId", "CQS-3Y", "quantity", 10)).exchange().expectStatus().is2xxSuccessful();
        assertThat(db.sql("SELECT quantity FROM product_stock WHERE organisation_id = :org AND product_id = 'CQS-3Y'")
                .bind("org", java.util.UUID.fromString(organisation)).map(row -> row.get("quantity", Integer.class)).one().block())
                .isEqualTo(10_000_000);
    }

    @Test
    void concurrentGenerationNeverDrivesStockBelowZeroAndAllCodesAreDistinct() {
        fixtures.addStock(admin, "CQS-1Y", 100);
        ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> codes = new ConcurrentLinkedQueue<>();
        Flux.range(0, 10).parallel(10).runOn(Schedulers.boundedElastic()).doOnNext(i -> {
            EntityExchangeResult<Map<String, Object>> result = web.post().uri("/api/v1/org/ecodes")
                    .headers(h -> h.setBearerAuth(admin)).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("productId", "CQS-1Y", "quantity", 30)).exchange()
                    .expectBody(IssuanceFixtures.map()).returnResult();
            statuses.add(result.getStatus().value());
            if (result.getStatus() == HttpStatus.CREATED) {
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> generated = (List<Map<String, Object>>) result.getResponseBody().get("codes");
                generated.forEach(code -> codes.add((String) code.get("code")));
            } else {
                assertThat(result.getResponseBody()).containsEntry("code", "insufficient_stock");
            }
        }).sequential().blockLast();

        assertThat(statuses).filteredOn(s -> s == 201).hasSize(3);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(7);
        assertThat(codes).hasSize(90);
        assertThat(new HashSet<>(codes)).hasSize(90);
        assertThat(codes).allMatch(code -> code.matches("[2-9A-HJ-NP-Za-km-np-z]{4}( [2-9A-HJ-NP-Za-km-np-z]{4}){3}"));
        web.get().uri("/api/v1/org/stock").headers(h -> h.setBearerAuth(admin)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[?(@.product.id == 'CQS-1Y')].quantity").isEqualTo(10);
    }

    @Test
    @SuppressWarnings("unchecked")
    void generationBeyondStockIsRefusedAndGenerationOverTheLimitIsAFieldError() {
        fixtures.addStock(admin, "CQS-2Y", 2);
        web.post().uri("/api/v1/org/ecodes").headers(h -> h.setBearerAuth(admin)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("productId", "CQS-2Y", "quantity", 3)).exchange()
                .expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectBody().jsonPath("$.code").isEqualTo("insufficient_stock").jsonPath("$.available").isEqualTo(2);
        web.post().uri("/api/v1/org/ecodes").headers(h -> h.setBearerAuth(admin)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("productId", "CQS-2Y", "quantity", 1001)).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("quantity");
        // what is missing is named, each field of it
        for (String path : List.of("/api/v1/org/ecodes", "/api/v1/org/stock")) {
            web.post().uri(path).headers(h -> h.setBearerAuth(admin)).contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                    .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.errors[*].field")
                    .value(fields -> assertThat((List<Object>) fields).containsExactlyInAnyOrder("productId", "quantity"));
        }
    }

    @Test
    void generationWithTheSameIdempotencyKeyReturnsTheSameCodesAndTakesStockOnce() {
        fixtures.addStock(admin, "CQS-1Y", 5);
        Map<String, Object> first = generateWithKey("gen-1");
        Map<String, Object> second = generateWithKey("gen-1");
        assertThat(second.get("codes")).isEqualTo(first.get("codes"));
        // the same content written otherwise (members in another order, other whitespace) is the same request
        web.post().uri("/api/v1/org/ecodes").headers(h -> h.setBearerAuth(admin)).header("Idempotency-Key", "gen-1")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{ \"quantity\" : 2,\n  \"productId\" : \"CQS-1Y\" }")
                .exchange().expectStatus().isCreated().expectHeader().valueEquals("Idempotent-Replayed", "true");
        web.get().uri("/api/v1/org/stock").headers(h -> h.setBearerAuth(admin)).exchange()
                .expectBody().jsonPath("$[?(@.product.id == 'CQS-1Y')].quantity").isEqualTo(3);
    }

    private Map<String, Object> generateWithKey(String key) {
        return web.post().uri("/api/v1/org/ecodes").headers(h -> h.setBearerAuth(admin)).header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("productId", "CQS-1Y", "quantity", 2))
                .exchange().expectStatus().isCreated().expectBody(IssuanceFixtures.map()).returnResult()
                .getResponseBody();
    }

    @Test
    void concurrentRedemptionsOfOneCodeHaveExactlyOneWinner() {
        String code = fixtures.oneCode(admin, "CQS-1Y");
        List<String> applicants = List.of(fixtures.newApplicant(), fixtures.newApplicant(), fixtures.newApplicant(),
                fixtures.newApplicant());
        ConcurrentLinkedQueue<EntityExchangeResult<Map<String, Object>>> results = new ConcurrentLinkedQueue<>();
        Flux.fromIterable(applicants).parallel(4).runOn(Schedulers.boundedElastic())
                .doOnNext(applicant -> results.add(web.post().uri("/api/v1/applications")
                        .headers(h -> h.setBearerAuth(applicant)).contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("code", code)).exchange().expectBody(IssuanceFixtures.map()).returnResult()))
                .sequential().blockLast();

        assertThat(results).filteredOn(r -> r.getStatus() == HttpStatus.CREATED).hasSize(1);
        assertThat(results).filteredOn(r -> r.getStatus() == HttpStatus.CONFLICT).hasSize(3)
                .allSatisfy(r -> assertThat(r.getResponseBody())
                        .containsEntry("code", "ecode_used").containsEntry("currentState", "USED"));
    }

    /** A guesser is stopped: an account tries 10 codes an hour, and then even a right one waits (429, Retry-After). */
    @Test
    void anAccountTriesAtMostTenCodesAnHour() {
        String code = fixtures.oneCode(admin, "CQS-1Y");
        String guesser = fixtures.newApplicant();
        for (int guess = 0; guess < 10; guess++) {
            web.post().uri("/api/v1/applications").headers(h -> h.setBearerAuth(guesser))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("code", "AAAA BBBB CCCC DD2" + ECode.ALPHABET.charAt(guess)))
                    .exchange().expectStatus().isNotFound();
        }
        web.post().uri("/api/v1/applications").headers(h -> h.setBearerAuth(guesser))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("code", code)).exchange()
                .expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS).expectHeader().exists(HttpHeaders.RETRY_AFTER);
        // the code was not spent on the refused try: its owner redeems it
        fixtures.redeem(fixtures.newApplicant(), code);
    }

    @Test
    void aCodeIsAcceptedWithoutSpacesButNotInAnotherCase() {
        String code = fixtures.oneCode(admin, "CQS-1Y");
        String applicant = fixtures.newApplicant();
        String swapped = swapCase(code);
        web.post().uri("/api/v1/applications").headers(h -> h.setBearerAuth(applicant))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("code", swapped)).exchange()
                .expectStatus().value(status -> assertThat(status).isIn(400, 404));
        fixtures.redeem(applicant, code.replace(" ", ""));
    }

    private static String swapCase(String code) {
        StringBuilder out = new StringBuilder();
        for (char c : code.toCharArray()) {
            out.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
        }
        return out.toString();
    }

    @Test
    void aCodeStaysRedeemableThroughTheWholeDayItsVoucherPrints() {
        fixtures.addStock(admin, "CQS-2Y", 1);
        String code = fixtures.generate(admin, "CQS-2Y", 1).getFirst();
        ZoneId warsaw = ZoneId.of("Europe/Warsaw");
        Instant expires = db.sql("SELECT expires_at FROM ecode WHERE code = :code").bind("code", code.replace(" ", ""))
                .map(row -> row.get("expires_at", Instant.class)).one().block();

        // "by <today in Warsaw + 24 months>": until that day ends there, not at the hour the code was made
        LocalDate printed = LocalDate.now(warsaw).plusMonths(24);
        assertThat(LocalDate.ofInstant(expires, warsaw)).isEqualTo(printed);
        assertThat(expires).isEqualTo(printed.plusDays(1).atStartOfDay(warsaw).toInstant().minus(1, ChronoUnit.MICROS));
    }

    @Test
    void aCodePastItsDateIsExpiredWhenReadAndCannotBeRedeemed() {
        fixtures.addStock(admin, "CQS-1Y", 2);
        List<String> codes = fixtures.generate(admin, "CQS-1Y", 2);
        String expired = codes.getFirst();
        db.sql("UPDATE ecode SET expires_at = now() - interval '1 minute' WHERE code = :code")
                .bind("code", expired.replace(" ", "")).then().block();

        web.post().uri("/api/v1/applications").headers(h -> h.setBearerAuth(fixtures.newApplicant()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("code", expired)).exchange()
                .expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectBody().jsonPath("$.currentState").isEqualTo("EXPIRED");
        assertThat(tab("EXPIRED", "")).containsExactly(expired);
        assertThat(tab("ACTIVE", "")).containsExactly(codes.get(1));
        assertThat(operations()).contains("EXPIRED");
    }

    @Test
    void everyStatusTabListsOnlyItsCodes() {
        fixtures.addStock(admin, "CQS-1Y", 4);
        List<String> codes = fixtures.generate(admin, "CQS-1Y", 4);
        fixtures.redeem(fixtures.newApplicant(), codes.get(0));
        dispose(codes.get(1)).expectStatus().isOk();
        db.sql("UPDATE ecode SET expires_at = now() - interval '1 day' WHERE code = :code")
                .bind("code", codes.get(2).replace(" ", "")).then().block();

        assertThat(tab("USED", "")).containsExactly(codes.get(0));
        assertThat(tab("DISPOSED", "")).containsExactly(codes.get(1));
        assertThat(tab("EXPIRED", "")).containsExactly(codes.get(2));
        assertThat(tab("ACTIVE", "")).containsExactly(codes.get(3));
    }

    @Test
    void theListFiltersByCodeProductAndCreationDate() {
        fixtures.addStock(admin, "CQS-1Y", 2);
        fixtures.addStock(admin, "CQS-3Y", 1);
        List<String> oneYear = fixtures.generate(admin, "CQS-1Y", 2);
        String threeYears = fixtures.generate(admin, "CQS-3Y", 1).getFirst();
        db.sql("UPDATE ecode SET created_at = now() - interval '40 days' WHERE code = :code")
                .bind("code", oneYear.get(1).replace(" ", "")).then().block();
        LocalDate today = LocalDate.now(java.time.ZoneId.of("Europe/Warsaw"));

        assertThat(tab("ACTIVE", "&productId=CQS-3Y")).containsExactly(threeYears);
        String spacedPrefix = oneYear.get(0).substring(0, 9);
        assertThat(codes(web.get().uri(b -> b.path("/api/v1/org/ecodes").queryParam("q", "{q}").build(spacedPrefix))
                .headers(h -> h.setBearerAuth(admin)).exchange().expectStatus().isOk()
                .expectBody(IssuanceFixtures.map()).returnResult().getResponseBody())).containsExactly(oneYear.get(0));
        assertThat(tab("ACTIVE", "&q=" + oneYear.get(0).replace(" ", "").substring(0, 8))).containsExactly(oneYear.get(0));
        // a whole code, or more than two groups of it, does not belong in a URL: proxies and access logs keep those
        web.get().uri("/api/v1/org/ecodes?q={q}", oneYear.get(0).replace(" ", "").substring(0, 9)).headers(h -> h.setBearerAuth(admin))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("q");
        web.get().uri("/api/v1/org/ecodes/report.csv?q={q}", oneYear.get(0).replace(" ", "")).headers(h -> h.setBearerAuth(admin))
                .exchange().expectStatus().isBadRequest();
        assertThat(tab("ACTIVE", "&createdFrom=" + today.minusDays(1) + "&createdTo=" + today))
                .containsExactlyInAnyOrder(oneYear.get(0), threeYears);
        assertThat(tab("ACTIVE", "&createdTo=" + today.minusDays(30))).containsExactly(oneYear.get(1));
        web.get().uri("/api/v1/org/ecodes?q=0OIl").headers(h -> h.setBearerAuth(admin)).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("q");
        // a range that ends before it begins is a mistake to point out, not an empty tab
        web.get().uri("/api/v1/org/ecodes?createdFrom=" + today + "&createdTo=" + today.minusDays(1))
                .headers(h -> h.setBearerAuth(admin)).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("createdTo");
    }

    @Test
    void keysetPagesStayStableWhenCodesAreInsertedBetweenRequests() {
        fixtures.addStock(admin, "CQS-1Y", 10);
        List<String> codes = fixtures.generate(admin, "CQS-1Y", 5);
        Map<String, Object> first = page("");
        List<String> firstItems = codes(first);
        assertThat(firstItems).hasSize(2);

        List<String> inserted = fixtures.generate(admin, "CQS-1Y", 3);
        List<String> seen = new ArrayList<>(firstItems);
        Map<String, Object> next = first;
        while (next.get("nextCursor") != null) {
            next = page("&cursor=" + next.get("nextCursor"));
            seen.addAll(codes(next));
        }
        assertThat(seen).hasSize(5).containsExactlyInAnyOrderElementsOf(codes).doesNotContainAnyElementsOf(inserted);
        assertThat(codes(page(""))).hasSize(2).containsAnyElementsOf(inserted);
    }

    @SuppressWarnings("unchecked")
    private static List<String> codes(Map<String, Object> page) {
        return ((List<Map<String, Object>>) page.get("items")).stream().map(i -> (String) i.get("code")).toList();
    }

    private Map<String, Object> page(String query) {
        return web.get().uri("/api/v1/org/ecodes?limit=2" + query).headers(h -> h.setBearerAuth(admin)).exchange()
                .expectStatus().isOk().expectBody(IssuanceFixtures.map()).returnResult().getResponseBody();
    }

    @Test
    void theCsvReportHoldsTheFilteredCodes() {
        fixtures.addStock(admin, "CQS-2Y", 2);
        List<String> codes = fixtures.generate(admin, "CQS-2Y", 2);
        String csv = web.get().uri("/api/v1/org/ecodes/report.csv?status=ACTIVE&productId=CQS-2Y")
                .headers(h -> h.setBearerAuth(admin)).exchange()
                .expectStatus().isOk().expectHeader().contentTypeCompatibleWith("text/csv")
                .expectHeader().valueMatches("Content-Disposition", "attachment; filename=\"ecodes-active.csv\"")
                .expectBody(String.class).returnResult().getResponseBody();
        String[] lines = csv.split("\r\n");
        assertThat(lines[0]).isEqualTo("code,product_id,product,status,created,expires,days_left");
        assertThat(lines).hasSize(3);
        String today = LocalDate.now(java.time.ZoneId.of("Europe/Warsaw")).toString();
        assertThat(lines[1]).matches("(" + codes.get(0) + "|" + codes.get(1) + "),CQS-2Y,Cloud qualified signature 2 years,"
                + "ACTIVE," + today + "," + LocalDate.parse(today).plusMonths(24) + ",7\\d\\d");
    }

    @Test
    void theVoucherPdfOpensAndCarriesTheCodeAndMarksItHandedOut() throws Exception {
        String code = fixtures.oneCode(admin, "CQS-2Y");
        long id = idOf(code);
        byte[] pdf = web.get().uri("/api/v1/org/ecodes/{id}/voucher.pdf", id)
                .headers(h -> h.setBearerAuth(admin)).exchange()
                .expectStatus().isOk().expectHeader().contentType(MediaType.APPLICATION_PDF)
                // the file is named by the reference too: the code itself is for the PDF's reader only
                .expectHeader().valueEquals("Content-Disposition", "attachment; filename=\"voucher-" + id + ".pdf\"")
                .expectBody(byte[].class).returnResult().getResponseBody();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains(code).contains("Kwalifikowany podpis w chmurze na 2 lata")
                    .contains("Cloud qualified signature 2 years")
                    // no applicant portal is configured: the voucher names no page the gateway does not serve
                    .contains("Zrealizuj, składając wniosek", "Redeem it when you apply").doesNotContain("/redeem");
        }
        assertThat(operations()).contains("HANDED_OUT");
        dispose(code).expectStatus().isOk().expectBody().jsonPath("$.returnedToStock").isEqualTo(false);
        web.get().uri("/api/v1/org/stock").headers(h -> h.setBearerAuth(admin)).exchange()
                .expectBody().jsonPath("$[?(@.product.id == 'CQS-2Y')].quantity").isEqualTo(0);
    }

    @Test
    void disposingACodeNeverHandedOutReturnsItsUnitAndOnlyActiveCodesCanBeDisposed() {
        String code = fixtures.oneCode(admin, "CQS-1Y");
        // a HEAD of its voucher (a link checker's) hands nothing out
        web.head().uri("/api/v1/org/ecodes/{id}/voucher.pdf", idOf(code)).headers(h -> h.setBearerAuth(admin))
                .exchange().expectStatus().isOk().expectHeader().contentType(MediaType.APPLICATION_PDF);
        web.head().uri("/api/v1/org/ecodes/{id}/voucher.pdf", Long.MAX_VALUE).headers(h -> h.setBearerAuth(admin))
                .exchange().expectStatus().isNotFound();
        dispose(code).expectStatus().isOk().expectBody().jsonPath("$.returnedToStock").isEqualTo(true);
        web.get().uri("/api/v1/org/stock").headers(h -> h.setBearerAuth(admin)).exchange()
                .expectBody().jsonPath("$[?(@.product.id == 'CQS-1Y')].quantity").isEqualTo(1);
        // a disposed code has no days left, however far its date
        web.get().uri("/api/v1/org/ecodes?status=DISPOSED&q={code}", code.substring(0, 9)).headers(h -> h.setBearerAuth(admin))
                .exchange().expectBody().jsonPath("$.items[0].daysLeft").isEqualTo(0);
        dispose(code).expectStatus().isEqualTo(HttpStatus.CONFLICT)
                .expectBody().jsonPath("$.currentState").isEqualTo("DISPOSED");
        web.post().uri("/api/v1/applications").headers(h -> h.setBearerAuth(fixtures.newApplicant()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("code", code)).exchange()
                .expectStatus().isEqualTo(HttpStatus.CONFLICT).expectBody().jsonPath("$.code").isEqualTo("ecode_disposed");
    }

    /** Every state change of the warehouse honours Idempotency-Key: a retry gets the first answer and changes nothing. */
    @Test
    void stockTopUpsAndDisposalsWithAKeyHappenOnce() {
        int before = stockOf("CQS-3Y");
        for (int attempt = 0; attempt < 2; attempt++) {
            web.post().uri("/api/v1/org/stock").headers(h -> h.setBearerAuth(admin)).header("Idempotency-Key", "top-up-1")
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("productId", "CQS-3Y", "quantity", 1))
                    .exchange().expectStatus().isOk().expectBody().jsonPath("$.quantity").isEqualTo(before + 1);
        }
        assertThat(stockOf("CQS-3Y")).isEqualTo(before + 1);

        String code = fixtures.oneCode(admin, "CQS-1Y");
        for (int attempt = 0; attempt < 2; attempt++) {
            web.post().uri("/api/v1/org/ecodes/{id}/dispose", idOf(code)).headers(h -> h.setBearerAuth(admin))
                    .header("Idempotency-Key", "dispose-1").exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("DISPOSED");
        }
        // the same key on another endpoint is refused, and that endpoint does nothing
        web.post().uri("/api/v1/org/stock").headers(h -> h.setBearerAuth(admin)).header("Idempotency-Key", "dispose-1")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("productId", "CQS-3Y", "quantity", 1))
                .exchange().expectStatus().isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
                .expectBody().jsonPath("$.code").isEqualTo("idempotency_key_reused");
        assertThat(stockOf("CQS-3Y")).isEqualTo(before + 1);
    }

    private int stockOf(String productId) {
        List<Map<String, Object>> lines = web.get().uri("/api/v1/org/stock").headers(h -> h.setBearerAuth(admin)).exchange()
                .expectStatus().isOk().expectBody(new org.springframework.core.ParameterizedTypeReference<List<Map<String, Object>>>() { })
                .returnResult().getResponseBody();
        return lines.stream().filter(line -> productId.equals(((Map<?, ?>) line.get("product")).get("id")))
                .mapToInt(line -> ((Number) line.get("quantity")).intValue()).findFirst().orElse(0);
    }

    @Test
    void theHistoryNamesWhoDidWhat() {
        String code = fixtures.oneCode(admin, "CQS-1Y");
        fixtures.redeem(fixtures.newApplicant(), code);
        assertThat(operations()).containsExactly("REDEEMED", "GENERATED", "STOCK_ADDED");
        web.get().uri("/api/v1/org/ecodes/operations").headers(h -> h.setBearerAuth(admin)).exchange()
                .expectBody().jsonPath("$.items[0].code").isEqualTo(code)
                .jsonPath("$.items[1].actor").value(actor -> assertThat((String) actor).startsWith("admin-"));
    }

    @Test
    void applicantsAndAnonymousCallersCannotUseTheOrganisationPanel() {
        String applicant = fixtures.newApplicant();
        web.get().uri("/api/v1/org/ecodes").headers(h -> h.setBearerAuth(applicant)).exchange()
                .expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("forbidden");
        web.post().uri("/api/v1/org/ecodes").headers(h -> h.setBearerAuth(applicant))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("productId", "CQS-1Y", "quantity", 1))
                .exchange().expectStatus().isForbidden();
        web.post().uri("/api/v1/org/stock").headers(h -> h.setBearerAuth(applicant))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("productId", "CQS-1Y", "quantity", 1))
                .exchange().expectStatus().isForbidden();
        web.get().uri("/api/v1/org/ecodes").exchange().expectStatus().isUnauthorized();
        web.get().uri("/api/v1/org/ecodes").headers(h -> h.setBearerAuth("not-a-session")).exchange()
                .expectStatus().isUnauthorized();
    }

    @Test
    void anotherOrganisationsCodesAreInvisible() {
        String code = fixtures.oneCode(admin, "CQS-1Y");
        String otherAdmin = fixtures.newOrganisationAdmin();
        assertThat(codes(web.get().uri("/api/v1/org/ecodes").headers(h -> h.setBearerAuth(otherAdmin)).exchange()
                .expectBody(IssuanceFixtures.map()).returnResult().getResponseBody())).isEmpty();
        long id = idOf(code);
        web.post().uri("/api/v1/org/ecodes/{id}/dispose", id).headers(h -> h.setBearerAuth(otherAdmin))
                .exchange().expectStatus().isNotFound();
        web.get().uri("/api/v1/org/ecodes/{id}/voucher.pdf", id).headers(h -> h.setBearerAuth(otherAdmin))
                .exchange().expectStatus().isNotFound();
        assertThat(tab("ACTIVE", "&q=" + code.replace(" ", "").substring(0, 8))).containsExactly(code);
    }

    /** The code is a secret: the panel names it in URLs by its reference, and a code there is not one. */
    @Test
    void urlsNameACodeByItsReferenceNeverByTheCode() {
        String code = fixtures.oneCode(admin, "CQS-1Y");
        web.get().uri("/api/v1/org/ecodes/{code}/voucher.pdf", code.replace(" ", "")).headers(h -> h.setBearerAuth(admin))
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        web.post().uri("/api/v1/org/ecodes/{code}/dispose", code.replace(" ", "")).headers(h -> h.setBearerAuth(admin))
                .exchange().expectStatus().isBadRequest();
        assertThat(tab("ACTIVE", "&q=" + code.replace(" ", "").substring(0, 8))).containsExactly(code);
        assertThat(operations()).doesNotContain("HANDED_OUT", "DISPOSED");
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec dispose(String code) {
        return web.post().uri("/api/v1/org/ecodes/{id}/dispose", idOf(code))
                .headers(h -> h.setBearerAuth(admin)).exchange();
    }

    /** The code's reference, from the panel's list (whichever tab it is on). */
    @SuppressWarnings("unchecked")
    private long idOf(String code) {
        return java.util.Arrays.stream(ECodeStatus.values()).flatMap(status -> {
            Map<String, Object> page = web.get().uri("/api/v1/org/ecodes?status={status}&q={code}", status, code.substring(0, 9))
                    .headers(h -> h.setBearerAuth(admin)).exchange().expectStatus().isOk()
                    .expectBody(IssuanceFixtures.map()).returnResult().getResponseBody();
            return ((List<Map<String, Object>>) page.get("items")).stream();
        }).map(item -> ((Number) item.get("id")).longValue()).findFirst().orElseThrow();
    }

    private List<String> tab(String status, String filters) {
        return codes(web.get().uri("/api/v1/org/ecodes?status=" + status + filters).headers(h -> h.setBearerAuth(admin))
                .exchange().expectStatus().isOk().expectBody(IssuanceFixtures.map()).returnResult().getResponseBody());
    }

    @SuppressWarnings("unchecked")
    private List<String> operations() {
        Map<String, Object> page = web.get().uri("/api/v1/org/ecodes/operations").headers(h -> h.setBearerAuth(admin))
                .exchange().expectStatus().isOk().expectBody(IssuanceFixtures.map()).returnResult().getResponseBody();
        return ((List<Map<String, Object>>) page.get("items")).stream().map(i -> (String) i.get("operation")).toList();
    }
}
