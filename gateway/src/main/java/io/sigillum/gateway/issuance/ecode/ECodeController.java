package io.sigillum.gateway.issuance.ecode;

import io.sigillum.gateway.issuance.idempotency.IdempotentTransitions;
import io.sigillum.gateway.issuance.idempotency.IdempotentRequest;
import io.sigillum.gateway.account.Acting;
import io.sigillum.gateway.account.CurrentAccount;
import io.sigillum.gateway.account.Role;
import io.sigillum.gateway.issuance.IssuanceProperties;
import io.sigillum.gateway.issuance.product.ProductCatalogue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The organisation panel's e-codes: generate, list (tabs, search, filters), report, history, voucher, dispose. */
@RestController
@RequestMapping("/api/v1/org/ecodes")
@Tag(name = "E-codes", description = "Organisation panel: e-codes (vouchers) generated from stock")
@SecurityRequirement(name = CurrentAccount.SECURITY_SCHEME)
class ECodeController {

    /** The longest code prefix a search takes: two groups, which find a code, and never enough to redeem it. */
    private static final int MAX_PREFIX = 8;
    private static final String FILTERS = "Filters: status tab, code prefix (q: up to its first 8 characters, spaces ignored, "
            + "case-exact), product, creation date range (inclusive, in the gateway's zone).";
    private static final String ID = "The code is named by its id from the list, never by itself: an e-code is a secret "
            + "(whoever holds it can redeem it), and a URL is written down by proxies, access logs and browser histories.";

    private final ECodeService service;
    private final VoucherRenderer vouchers;
    private final ProductCatalogue catalogue;
    private final IdempotentTransitions idempotency;
    private final IssuanceProperties properties;

    ECodeController(ECodeService service, VoucherRenderer vouchers, ProductCatalogue catalogue,
            IdempotentTransitions idempotency, IssuanceProperties properties) {
        this.service = service;
        this.vouchers = vouchers;
        this.catalogue = catalogue;
        this.idempotency = idempotency;
        this.properties = properties;
    }

    record GenerateRequest(@Schema(example = "CQS-2Y") @NotBlank String productId,
            @Schema(example = "5", minimum = "1", maximum = "1000",
                    description = "1 to sigillum.issuance.max-codes-per-request (1000 by default)") @NotNull Integer quantity) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Generate e-codes from stock (ORG_ADMIN)",
            description = "Takes the units from the warehouse atomically (never below zero, also under concurrent calls) "
                    + "and returns the new codes, valid 24 months. Send an Idempotency-Key to make retries safe.")
    @ApiResponse(responseCode = "201", description = "Generated", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = ECodeService.Generated.class), examples = @ExampleObject(value = """
            {"productId":"CQS-2Y","quantity":1,"codes":[{"id":1042,"code":"Djfw 9mAN vhXk GWiX","productId":"CQS-2Y",
             "productName":"Cloud qualified signature 2 years","status":"ACTIVE","createdAt":"2026-11-24T10:00:00Z",
             "expiresAt":"2028-11-24T10:00:00Z","daysLeft":730}]}""")))
    @ApiResponse(responseCode = "400", description = "Quantity out of range")
    @ApiResponse(responseCode = "403", description = "Caller is not an organisation admin")
    @ApiResponse(responseCode = "409", description = "Not enough stock (insufficient_stock, with available)")
    Mono<ResponseEntity<ECodeService.Generated>> generate(@Acting(Role.ORG_ADMIN) CurrentAccount caller,
            @Valid @RequestBody GenerateRequest request, IdempotentRequest idempotent) {
        return idempotency.respond(caller.id(), idempotent, ECodeService.Generated.class,
                generated -> ResponseEntity.status(HttpStatus.CREATED),
                () -> service.generate(caller, request.productId(), request.quantity()));
    }

    @GetMapping
    @Operation(summary = "List e-codes by status tab, newest first, with keyset pagination (ORG_ADMIN)",
            description = FILTERS + " Expiry is applied on read. Pass nextCursor as cursor for the next page.")
    @ApiResponse(responseCode = "200", description = "A page: items and, when there are more, nextCursor")
    Mono<ECodeService.Page<ECodeView>> list(@Acting(Role.ORG_ADMIN) CurrentAccount caller,
            @RequestParam(defaultValue = "ACTIVE") ECodeStatus status,
            @Parameter(example = "Djfw 9mAN") @RequestParam Optional<String> q,
            @Parameter(example = "CQS-2Y") @RequestParam Optional<String> productId,
            @Parameter(example = "2026-11-01") @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) Optional<LocalDate> createdFrom,
            @Parameter(example = "2026-11-30") @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) Optional<LocalDate> createdTo,
            @RequestParam Optional<String> cursor,
            @RequestParam(defaultValue = "50") int limit) {
        return service.list(caller.organisation(),
                query(status, q, productId, createdFrom, createdTo, Cursors.decode(cursor), pageSize(limit)));
    }

    @GetMapping(path = "/report.csv", produces = "text/csv")
    @Operation(summary = "CSV report of the filtered list (ORG_ADMIN)", description = FILTERS)
    @ApiResponse(responseCode = "200", description = "CSV", content = @Content(mediaType = "text/csv",
            schema = @Schema(type = "string"), examples = @ExampleObject(value = """
                    code,product_id,product,status,created,expires,days_left
                    Djfw 9mAN vhXk GWiX,CQS-2Y,Cloud qualified signature 2 years,ACTIVE,2026-11-24,2028-11-24,730""")))
    @ApiResponse(responseCode = "422", description = "More e-codes match than one report holds "
            + "(sigillum.issuance.max-report-rows, 10,000 by default): narrow the filters (dates, product, status)",
            content = @Content(mediaType = "application/problem+json"))
    Mono<ResponseEntity<Flux<String>>> report(@Acting(Role.ORG_ADMIN) CurrentAccount caller,
            @RequestParam(defaultValue = "ACTIVE") ECodeStatus status,
            @RequestParam Optional<String> q,
            @RequestParam Optional<String> productId,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) Optional<LocalDate> createdFrom,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) Optional<LocalDate> createdTo) {
        ECodeQuery query = query(status, q, productId, createdFrom, createdTo, Optional.empty(), 1);
        return service.report(caller.organisation(), query).map(views -> ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("ecodes-" + status.name().toLowerCase() + ".csv").build().toString())
                .body(Flux.concat(Flux.just(CsvReport.HEADER),
                        Flux.fromIterable(views).map(view -> CsvReport.line(view, properties.zone())))));
    }

    @GetMapping("/operations")
    @Operation(summary = "History of operations: stock added, generated, handed out, redeemed, disposed, expired (ORG_ADMIN)")
    @ApiResponse(responseCode = "200", description = "A page, newest first: items and, when there are more, nextCursor")
    Mono<ECodeService.Page<OperationView>> operations(@Acting(Role.ORG_ADMIN) CurrentAccount caller, @RequestParam Optional<String> cursor,
            @RequestParam(defaultValue = "50") int limit) {
        return service.operations(caller.organisation(), Cursors.decode(cursor), pageSize(limit));
    }

    @GetMapping(path = "/{id}/voucher.pdf", produces = MediaType.APPLICATION_PDF_VALUE)
    @Operation(summary = "Voucher (gift card) PDF of an active e-code; the first one marks the code handed out (ORG_ADMIN)",
            description = ID)
    @ApiResponse(responseCode = "200", description = "PDF", content = @Content(mediaType = MediaType.APPLICATION_PDF_VALUE,
            schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "404", description = "No such code in this organisation")
    @ApiResponse(responseCode = "409", description = "The code is not ACTIVE (currentState)")
    Mono<ResponseEntity<byte[]>> voucher(@Acting(Role.ORG_ADMIN) CurrentAccount caller,
            @Parameter(example = "1042") @PathVariable long id, ServerHttpRequest request) {
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("voucher-" + id + ".pdf").build().toString());
        // a HEAD (a link checker, a download manager) is safe: it hands nothing out (RFC 9110 §9.2.1)
        if (HttpMethod.HEAD.equals(request.getMethod())) {
            return service.active(caller, id).map(view -> ok.build());
        }
        return service.handOut(caller, id)
                .flatMap(view -> catalogue.get(view.productId()).flatMap(product -> vouchers.render(view, product)))
                .map(ok::body);
    }

    @PostMapping("/{id}/dispose")
    @Operation(summary = "Dispose an active e-code (ORG_ADMIN)",
            description = "The code can no longer be redeemed. Its unit returns to stock only if it was never handed out "
                    + "(no voucher was produced for it). With an Idempotency-Key a retry gets the first answer. " + ID)
    @ApiResponse(responseCode = "200", description = "Disposed", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = ECodeService.Disposed.class), examples = @ExampleObject(value = """
            {"id":1042,"code":"Djfw 9mAN vhXk GWiX","status":"DISPOSED","returnedToStock":true}""")))
    @ApiResponse(responseCode = "404", description = "No such code in this organisation")
    @ApiResponse(responseCode = "409", description = "The code is not ACTIVE (currentState)")
    Mono<ResponseEntity<ECodeService.Disposed>> dispose(@Acting(Role.ORG_ADMIN) CurrentAccount caller,
            @Parameter(example = "1042") @PathVariable long id, IdempotentRequest idempotent) {
        return idempotency.ok(caller.id(), idempotent, ECodeService.Disposed.class, () -> service.dispose(caller, id));
    }

    private ECodeQuery query(ECodeStatus status, Optional<String> q, Optional<String> productId,
            Optional<LocalDate> from, Optional<LocalDate> to, Optional<Long> after, int limit) {
        Optional<String> prefix = q.map(ECode::withoutSeparators).filter(text -> !text.isEmpty());
        if (prefix.isPresent() && !prefix.get().chars().allMatch(c -> ECode.ALPHABET.indexOf(c) >= 0)) {
            throw ECodeService.fieldError("q", "InvalidCode", "an e-code has characters from " + ECode.ALPHABET);
        }
        if (prefix.isPresent() && prefix.get().length() > MAX_PREFIX) {
            throw ECodeService.fieldError("q", "TooLong", "search by the code's first " + MAX_PREFIX + " characters at most "
                    + "(its first two groups find it): a whole e-code is a secret, and does not belong in a URL");
        }
        if (from.isPresent() && to.isPresent() && to.get().isBefore(from.get())) {
            throw ECodeService.fieldError("createdTo", "Range", "must not be before createdFrom");
        }
        Optional<Instant> fromInstant = from.map(date -> date.atStartOfDay(properties.zone()).toInstant());
        Optional<Instant> beforeInstant = to.map(date -> date.plusDays(1).atStartOfDay(properties.zone()).toInstant());
        return new ECodeQuery(status, prefix, productId.filter(p -> !p.isBlank()), fromInstant, beforeInstant, after,
                limit);
    }

    private int pageSize(int limit) {
        if (limit < 1 || limit > properties.maxPageSize()) {
            throw ECodeService.fieldError("limit", "Range", "must be between 1 and " + properties.maxPageSize());
        }
        return limit;
    }

    /** CSV lines of the report (RFC 4180 quoting). */
    static final class CsvReport {

        static final String HEADER = "code,product_id,product,status,created,expires,days_left\r\n";

        private CsvReport() {
        }

        static String line(ECodeView view, java.time.ZoneId zone) {
            DateTimeFormatter date = DateTimeFormatter.ISO_LOCAL_DATE.withZone(zone);
            return String.join(",", quote(view.code()), quote(view.productId()), quote(view.productName()),
                    view.status().name(), date.format(view.createdAt()), date.format(view.expiresAt()),
                    Long.toString(view.daysLeft())) + "\r\n";
        }

        private static String quote(String value) {
            return value.matches("[^\",\\r\\n]*") ? value : "\"" + value.replace("\"", "\"\"") + "\"";
        }
    }
}
