package io.sigillum.gateway.issuance.verification;

import jakarta.validation.Valid;
import java.util.function.Supplier;
import io.sigillum.gateway.issuance.idempotency.IdempotentTransitions;
import io.sigillum.gateway.issuance.idempotency.IdempotentRequest;
import io.sigillum.gateway.account.Acting;
import io.sigillum.gateway.account.CurrentAccount;
import io.sigillum.gateway.account.Role;
import io.sigillum.gateway.issuance.application.ApplicantData;
import io.sigillum.gateway.issuance.application.ApplicationView;
import io.sigillum.gateway.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Identity verification: the applicant starts (or retries) it and follows it; the vendor and the payment provider report
 * by signed webhooks; a consultant (OPERATOR) decides video calls and HELD verifications.
 */
@RestController
@Tag(name = "Identity verification", description = "Mobile self-identification, video call, verification transfer")
class VerificationController {

    private final IdentityVerificationService service;
    private final IdempotentTransitions idempotency;
    private final VerificationProperties properties;
    private final JsonMapper json;
    private final Clock clock;

    VerificationController(IdentityVerificationService service, IdempotentTransitions idempotency,
            VerificationProperties properties, JsonMapper json, Clock clock) {
        this.service = service;
        this.idempotency = idempotency;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Starting or retrying: a slot for a video call; a new document after an invalid one; the data corrected after the
     * document was read otherwise (DATA_ERROR).
     */
    record Start(@Schema(example = "2026-12-01T09:20:00+01:00") @Nullable ZonedDateTime slotStart,
            ApplicantData.@Nullable IdentityDocument identityDocument,
            @Schema(description = "After DATA_ERROR only: the applicant's data corrected, whole, as on entry")
            @Nullable ApplicantData applicantData) {
    }

    @PostMapping("/api/v1/applications/{id}/verification")
    @Operation(summary = "Start identity verification: DOCUMENTS_ACCEPTED → VERIFICATION_PENDING (APPLICANT)",
            description = "MOBILE_SELF_ID returns the vendor link; BANK_TRANSFER the transfer details; VIDEO_CALL books "
                    + "slotStart (409 slot_taken when someone was faster).")
    @SecurityRequirement(name = CurrentAccount.SECURITY_SCHEME)
    @ApiResponse(responseCode = "200", description = "Pending; GET .../verification shows the link or transfer details")
    @ApiResponse(responseCode = "409", description = "Illegal transition (currentState) or slot taken")
    Mono<ResponseEntity<ApplicationView>> start(@Acting(Role.APPLICANT) CurrentAccount caller, @PathVariable UUID id,
            @RequestBody(required = false) @Nullable Start start, IdempotentRequest request) {
        return transition(caller, request, () -> service.start(caller, id, slot(start)));
    }

    @PostMapping("/api/v1/applications/{id}/verification/retry")
    @Operation(summary = "Verify again after a failure: VERIFICATION_FAILED → VERIFICATION_PENDING (APPLICANT)",
            description = "A new link (attempts are bounded); after INVALID_DOCUMENT only with a new identityDocument; after "
                    + "DATA_ERROR the applicantData may be corrected first (what was typed differed from the document).")
    @SecurityRequirement(name = CurrentAccount.SECURITY_SCHEME)
    Mono<ResponseEntity<ApplicationView>> retry(@Acting(Role.APPLICANT) CurrentAccount caller, @PathVariable UUID id,
            @RequestBody(required = false) @Nullable Start start, IdempotentRequest request) {
        return transition(caller, request, () -> service.retry(caller, id,
                Optional.ofNullable(start).map(Start::identityDocument), Optional.ofNullable(start).map(Start::applicantData),
                slot(start)));
    }

    @GetMapping("/api/v1/applications/{id}/verification")
    @Operation(summary = "The current verification attempt: link, transfer details or booked slot, outcome (APPLICANT)")
    @SecurityRequirement(name = CurrentAccount.SECURITY_SCHEME)
    Mono<IdentityVerificationService.VerificationView> current(CurrentAccount caller, @PathVariable UUID id) {
        return service.current(caller, id);
    }

    @GetMapping("/api/v1/video-slots")
    @Operation(summary = "Free video-call slots of a day (working days 08:00–17:40, 20 minutes each)")
    @SecurityRequirement(name = CurrentAccount.SECURITY_SCHEME)
    Flux<ZonedDateTime> slots(CurrentAccount caller, @RequestParam LocalDate date) {
        return service.freeSlots(date);
    }

    @PostMapping("/api/v1/operator/applications/{id}/verification-decision")
    @Operation(summary = "A consultant's decision on a video call or a HELD verification (OPERATOR)",
            description = "POSITIVE → VERIFIED; NEGATIVE with a reason → VERIFICATION_FAILED (PRODUCT_RESTRICTION → "
                    + "REFUNDED); HELD waits.")
    @SecurityRequirement(name = CurrentAccount.SECURITY_SCHEME)
    Mono<ApplicationView> decide(@Acting(Role.OPERATOR) CurrentAccount caller, @PathVariable UUID id,
            @Valid @RequestBody IdentityVerificationService.Decision decision) {
        return service.decide(caller, id, decision);
    }

    private static final String WEBHOOK_TIMESTAMP = "Unix seconds of the signing; within the replay window of now";
    private static final String WEBHOOK_SIGNATURE = "v1=<hex HMAC-SHA256 of timestamp + \".\" + the body, with the shared secret>";

    @PostMapping(path = "/api/v1/webhooks/identity-verification", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The identity vendor's result (HMAC-SHA256 signed: Sigillum-Timestamp, Sigillum-Signature)")
    @ApiResponse(responseCode = "200", description = "APPLIED, DUPLICATE (a replay) or IGNORED (already decided)")
    @ApiResponse(responseCode = "401", description = "Bad signature or a timestamp outside the replay window")
    Mono<IdentityVerificationService.WebhookAck> identityWebhook(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = IdentityEvent.class)))
            @RequestBody byte[] body,
            @Parameter(required = true, description = WEBHOOK_TIMESTAMP, schema = @Schema(type = "string"))
            @RequestHeader(name = WebhookSignature.TIMESTAMP_HEADER, defaultValue = "") String timestamp,
            @Parameter(required = true, description = WEBHOOK_SIGNATURE, schema = @Schema(type = "string"))
            @RequestHeader(name = WebhookSignature.SIGNATURE_HEADER, defaultValue = "") String signature) {
        authenticate(properties.identityWebhookSecret(), timestamp, signature, body);
        return service.onIdentityEvent(parse(body, IdentityEvent.class));
    }

    @PostMapping(path = "/api/v1/webhooks/payments", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The payment provider's incoming-transfer event (HMAC-SHA256 signed, as the identity webhook)")
    @ApiResponse(responseCode = "200", description = "APPLIED, DUPLICATE, IGNORED or UNMATCHED (the title names no pending "
            + "verification: acknowledged, left to the back office to refund)")
    @ApiResponse(responseCode = "401", description = "Bad signature or stale timestamp")
    Mono<IdentityVerificationService.WebhookAck> paymentWebhook(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = PaymentEvent.class)))
            @RequestBody byte[] body,
            @Parameter(required = true, description = WEBHOOK_TIMESTAMP, schema = @Schema(type = "string"))
            @RequestHeader(name = WebhookSignature.TIMESTAMP_HEADER, defaultValue = "") String timestamp,
            @Parameter(required = true, description = WEBHOOK_SIGNATURE, schema = @Schema(type = "string"))
            @RequestHeader(name = WebhookSignature.SIGNATURE_HEADER, defaultValue = "") String signature) {
        authenticate(properties.paymentWebhookSecret(), timestamp, signature, body);
        return service.onPayment(parse(body, PaymentEvent.class));
    }

    private void authenticate(String secret, String timestamp, String signature, byte[] body) {
        WebhookSignature.Verdict verdict = WebhookSignature.verify(secret.getBytes(StandardCharsets.UTF_8), timestamp,
                signature, body, clock.instant(), properties.replayWindow());
        switch (verdict) {
            case VALID -> {
            }
            case STALE -> throw new ApiException(HttpStatus.UNAUTHORIZED, "stale_webhook",
                    "The webhook timestamp is outside the replay window");
            default -> throw new ApiException(HttpStatus.UNAUTHORIZED, "invalid_webhook_signature",
                    "The webhook signature does not verify");
        }
    }

    private <T> T parse(byte[] body, Class<T> type) {
        try {
            T event = json.readValue(body, type);
            if (event == null) {
                throw ApiException.badRequest("Malformed webhook body: the event must be a JSON object");
            }
            return event;
        } catch (JacksonException e) {
            String missing = e.getCause() instanceof IllegalArgumentException field ? ": " + field.getMessage() : "";
            throw ApiException.badRequest("Malformed webhook body" + missing);
        }
    }

    private Mono<ResponseEntity<ApplicationView>> transition(CurrentAccount caller, IdempotentRequest request,
            Supplier<Mono<ApplicationView>> transition) {
        caller.require(Role.APPLICANT);
        return idempotency.ok(caller.id(), request, ApplicationView.class, transition);
    }

    private static Optional<ZonedDateTime> slot(@Nullable Start start) {
        return Optional.ofNullable(start).map(Start::slotStart);
    }
}
