package io.sigillum.gateway.issuance.verification.simulator;

import io.sigillum.gateway.issuance.application.Applicant;
import io.sigillum.gateway.issuance.verification.DocumentData;
import io.sigillum.gateway.issuance.verification.IdentityEvent;
import io.sigillum.gateway.issuance.verification.IdentityVerificationService;
import io.sigillum.gateway.issuance.verification.PaymentEvent;
import io.sigillum.gateway.issuance.verification.VerificationOutcome;
import io.sigillum.gateway.issuance.verification.VerificationProperties;
import io.sigillum.gateway.issuance.verification.WebhookSignature;
import io.sigillum.gateway.secret.Randomness;
import io.sigillum.gateway.tls.SelfConnection;
import io.sigillum.gateway.web.ApiException;
import io.sigillum.gateway.web.PublicBaseUrl;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Dev only: "the applicant finished the self-identification" or "the transfer arrived". Builds the vendor's or payment
 * provider's event, signs its raw bytes with the configured webhook secret and POSTs it to this gateway's real webhook
 * endpoint over HTTP; answers with what the webhook answered.
 */
@RestController
@Profile("!prod")
@Tag(name = "Dev vendor simulator", description = "Plays the identity vendor and the payment provider (dev only)")
class VendorSimulator {

    private final IdentityVerificationService verification;
    private final VerificationProperties properties;
    private final PublicBaseUrl gateway;
    private final JsonMapper json;
    private final WebClient client;
    private final Clock clock;

    VendorSimulator(IdentityVerificationService verification, VerificationProperties properties, PublicBaseUrl gateway,
            SelfConnection self, JsonMapper json, ObjectProvider<WebClient.Builder> builders, Clock clock) {
        this.verification = verification;
        this.properties = properties;
        this.gateway = gateway;
        this.json = json;
        this.client = self.configure(builders.getIfAvailable(WebClient::builder)).build();
        this.clock = clock;
    }

    /** The result to report; by default POSITIVE with the document exactly as the application states it. */
    record IdentityResult(IdentityEvent.@Nullable Result result, @Nullable VerificationOutcome reason,
            @Nullable DocumentData document) {
    }

    /** The transfer to report; by default 1.00 PLN from the applicant's name and a valid Polish account. */
    @Schema(name = "SimulatedTransfer")
    record Transfer(@NotBlank String reference, @Nullable String payerName, @Nullable String payerAccount,
            @Nullable BigDecimal amount) {
    }

    @PostMapping(path = "/dev/simulator/identity/{reference}")
    @Operation(summary = "Simulate the vendor's result for a mobile self-identification session (dev only)")
    Mono<ResponseEntity<String>> identity(@PathVariable String reference,
            @RequestBody(required = false) @Nullable IdentityResult request) {
        IdentityResult result = request == null ? new IdentityResult(null, null, null) : request;
        return verification.applicationByReference(reference)
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("No verification " + reference)))
                .flatMap(application -> {
                    IdentityEvent.Result verdict = result.result() == null ? IdentityEvent.Result.POSITIVE : result.result();
                    DocumentData document = result.document() != null ? result.document()
                            : DocumentData.of(application.submittedApplicant());
                    IdentityEvent event = new IdentityEvent("sim-" + Randomness.hex(12), reference, verdict,
                            result.reason(), document);
                    return post("/api/v1/webhooks/identity-verification", properties.identityWebhookSecret(), event);
                });
    }

    @PostMapping(path = "/dev/simulator/payments", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Simulate an incoming verification transfer (dev only)")
    Mono<ResponseEntity<String>> payment(@Valid @RequestBody Transfer transfer) {
        return verification.applicationByReference(transfer.reference())
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("No verification " + transfer.reference())))
                .flatMap(application -> {
                    Applicant applicant = application.submittedApplicant();
                    PaymentEvent event = new PaymentEvent("sim-" + Randomness.hex(12),
                            "SIGILLUM " + application.number() + " " + transfer.reference(),
                            transfer.amount() == null ? new BigDecimal("1.00") : transfer.amount(), "PLN",
                            transfer.payerName() == null ? applicant.firstName() + " " + applicant.surname() : transfer.payerName(),
                            transfer.payerAccount() == null ? "PL61109010140000071219812874" : transfer.payerAccount());
                    return post("/api/v1/webhooks/payments", properties.paymentWebhookSecret(), event);
                });
    }

    private Mono<ResponseEntity<String>> post(String path, String secret, Object event) {
        byte[] body = json.writeValueAsBytes(event);
        long timestamp = clock.instant().getEpochSecond();
        return client.post().uri(gateway.listening() + path)
                .contentType(MediaType.APPLICATION_JSON)
                .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(WebhookSignature.SIGNATURE_HEADER,
                        WebhookSignature.sign(secret.getBytes(StandardCharsets.UTF_8), timestamp, body))
                .bodyValue(body)
                .exchangeToMono(response -> response.bodyToMono(String.class).defaultIfEmpty("")
                        .map(text -> ResponseEntity.status(response.statusCode())
                                .contentType(MediaType.APPLICATION_JSON).body(text)));
    }

}
