package io.sigillum.gateway.issuance.certificate;

import io.sigillum.gateway.issuance.idempotency.IdempotentTransitions;
import io.sigillum.gateway.issuance.idempotency.IdempotentRequest;
import io.sigillum.gateway.account.Acting;
import io.sigillum.gateway.account.CurrentAccount;
import io.sigillum.gateway.account.Role;
import io.sigillum.gateway.issuance.application.ApplicationView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.util.UUID;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The statement signed by SMS code, the operator's countersignature, and the certificate. */
@RestController
@Tag(name = "Statement and certificate", description = "Sign the statement by SMS code; issue the certificate")
@SecurityRequirement(name = CurrentAccount.SECURITY_SCHEME)
class CertificateController {

    private final StatementService statements;
    private final CertificateIssuer issuer;
    private final IdempotentTransitions idempotency;

    CertificateController(StatementService statements, CertificateIssuer issuer, IdempotentTransitions idempotency) {
        this.statements = statements;
        this.issuer = issuer;
        this.idempotency = idempotency;
    }

    record Code(@Schema(example = "123456") @NotBlank String code) {
    }

    @PostMapping("/api/v1/applications/{id}/statement/code")
    @Operation(summary = "Send the SMS code that signs the statement to the application's phone (APPLICANT, VERIFIED)",
            description = "A new code only after the cooldown (429 with Retry-After); each code allows 3 attempts.")
    @ApiResponse(responseCode = "202", description = "Sent")
    @ApiResponse(responseCode = "429", description = "Cooldown or rate limit")
    Mono<ResponseEntity<StatementService.CodeSent>> code(CurrentAccount caller, @PathVariable UUID id) {
        return statements.requestCode(caller, id).map(sent -> ResponseEntity.status(HttpStatus.ACCEPTED).body(sent));
    }

    @PostMapping("/api/v1/applications/{id}/statement/sign")
    @Operation(summary = "Sign the statement with the SMS code: VERIFIED → STATEMENT_SIGNED (APPLICANT)",
            description = "The gateway seals the statement with the QTSP's seal (PAdES-BASELINE-T) in the applicant's "
                    + "signature place; the seal states the masked phone, when the code was verified and the application.")
    @ApiResponse(responseCode = "200", description = "Signed; the sealed statement PDF and its digest are kept")
    @ApiResponse(responseCode = "400", description = "wrong_code (with attemptsLeft), code_burned (3 wrong tries) or no_code")
    Mono<ResponseEntity<ApplicationView>> sign(@Acting(Role.APPLICANT) CurrentAccount caller, @PathVariable UUID id,
            @Valid @RequestBody Code code, IdempotentRequest request) {
        return idempotency.ok(caller.id(), request, ApplicationView.class, () -> statements.sign(caller, id, code.code()));
    }

    @GetMapping(path = "/api/v1/applications/{id}/statement/signed.pdf", produces = MediaType.APPLICATION_PDF_VALUE)
    @Operation(summary = "The signed statement (APPLICANT): sealed at the SMS step, and countersigned once the operator has",
            description = "Each signature is PAdES-BASELINE-T by the QTSP's seal; the countersignature is an incremental "
                    + "update, so the first signature stays valid. Open it in a PDF reader or the EU DSS validator.")
    @ApiResponse(responseCode = "200", description = "PDF", content = @Content(mediaType = MediaType.APPLICATION_PDF_VALUE,
            schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "404", description = "Not signed yet")
    Mono<ResponseEntity<byte[]>> signedStatement(CurrentAccount caller, @PathVariable UUID id) {
        return statements.signedStatement(caller, id).map(signed -> ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("statement-" + signed.applicationNumber() + "-signed.pdf").build().toString())
                .body(signed.pdf()));
    }

    @PostMapping("/api/v1/operator/applications/{id}/approve")
    @Operation(summary = "Countersign the statement: STATEMENT_SIGNED → OPERATOR_APPROVED (OPERATOR, countersigning products)",
            description = "A second PAdES-BASELINE-T seal in the representative's place. An operator has no personal "
                    + "certificate: the QTSP seals on their behalf, naming them, their point of sale and the identity "
                    + "document they confirm.")
    Mono<ResponseEntity<ApplicationView>> approve(@Acting(Role.OPERATOR) CurrentAccount caller,
            @PathVariable UUID id, IdempotentRequest request) {
        return idempotency.ok(caller.id(), request, ApplicationView.class, () -> statements.approve(caller, id));
    }

    @PostMapping("/api/v1/applications/{id}/certificate")
    @Operation(summary = "Issue the certificate: key in the HSM, CSR, built-in CA → CERTIFICATE_ISSUED (APPLICANT)",
            description = "The credential is PENDING until the PIN is set.")
    @ApiResponse(responseCode = "200", description = "Issued")
    @ApiResponse(responseCode = "409", description = "Illegal transition (e.g. the operator has not countersigned)")
    Mono<ResponseEntity<ApplicationView>> issue(@Acting(Role.APPLICANT) CurrentAccount caller,
            @PathVariable UUID id, IdempotentRequest request) {
        // the key and the token work are not held in one transaction: the issuer claims, works, then records
        return idempotency.okAfterOwnTransactions(caller.id(), request, ApplicationView.class,
                () -> issuer.issue(caller, id), () -> issuer.issued(caller, id));
    }

    @GetMapping("/api/v1/applications/{id}/certificate")
    @ApiResponse(responseCode = "409", description = "no_certificate: not issued yet")
    @Operation(summary = "The issued certificate, its chain (PEM), the credential id and the CSC userID (APPLICANT)")
    Mono<CertificateIssuer.IssuedCertificate> certificate(CurrentAccount caller, @PathVariable UUID id) {
        return issuer.certificate(caller, id);
    }
}
