package io.sigillum.gateway.issuance.application;

import io.sigillum.gateway.account.Acting;
import io.sigillum.gateway.account.CurrentAccount;
import io.sigillum.gateway.account.Role;
import io.sigillum.gateway.issuance.DocumentMessages;
import io.sigillum.gateway.issuance.DocumentText;
import io.sigillum.gateway.issuance.InvalidValueException;
import io.sigillum.gateway.issuance.application.CertificateParameters.DocumentLanguage;
import io.sigillum.gateway.issuance.idempotency.IdempotentRequest;
import io.sigillum.gateway.issuance.idempotency.IdempotentTransitions;
import io.sigillum.gateway.issuance.ecode.ECode;
import io.sigillum.gateway.web.ApiException;
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
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The applicant's wizard: redeem an e-code, certificate parameters, applicant data, summary, documents, acceptance. Every
 * state change is a POST that accepts an {@code Idempotency-Key}; an illegal one answers 409 with {@code currentState}.
 * Another applicant's application answers 404.
 */
@RestController
@Tag(name = "Applications", description = "The applicant's certificate application wizard")
@SecurityRequirement(name = CurrentAccount.SECURITY_SCHEME)
class ApplicationController {

    private final ApplicationService service;
    private final DocumentRenderer documents;
    private final DocumentMessages messages;
    private final IdempotentTransitions idempotency;

    ApplicationController(ApplicationService service, DocumentRenderer documents, DocumentMessages messages,
            IdempotentTransitions idempotency) {
        this.service = service;
        this.documents = documents;
        this.messages = messages;
        this.idempotency = idempotency;
    }

    record Redeem(@Schema(example = "Djfw 9mAN vhXk GWiX", description = "With or without spaces; case-exact")
            @NotBlank String code) {
    }

    @Schema(name = "DocumentsAcceptance")
    record Acceptance(@Schema(example = "true") boolean statementAccepted,
            @Schema(example = "true") boolean termsAccepted) {
    }

    record DocumentLink(DocumentRenderer.DocumentType type, String title, String href) {
    }

    record Documents(@Schema(example = "2026-000082") String applicationNumber, DocumentLanguage language,
            List<DocumentLink> documents) {
    }

    @PostMapping(path = "/api/v1/applications", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Redeem an e-code: opens a DRAFT application for its product (APPLICANT)",
            description = "A code is redeemed exactly once; of two concurrent redemptions one wins, the other gets 409.")
    @ApiResponse(responseCode = "201", description = "Application created")
    @ApiResponse(responseCode = "404", description = "No such e-code")
    @ApiResponse(responseCode = "409", description = "The code is used, expired or disposed (currentState)",
            content = @Content(mediaType = "application/problem+json", examples = @ExampleObject(value = """
                    {"type":"https://sigillum.io/problems/ecode-used","title":"Conflict","status":409,
                     "detail":"This e-code cannot be redeemed: it is USED","instance":"/api/v1/applications",
                     "code":"ecode_used","currentState":"USED"}""")))
    Mono<ResponseEntity<ApplicationView>> redeem(@Acting(Role.APPLICANT) CurrentAccount caller,
            @Valid @RequestBody Redeem redeem, IdempotentRequest request) {
        ECode code = parse(redeem.code());
        return idempotency.respond(caller.id(), request, ApplicationView.class,
                view -> ResponseEntity.created(URI.create("/api/v1/applications/" + view.id())),
                () -> service.redeem(caller, code));
    }

    @PostMapping("/api/v1/applications/from-invitation")
    @Operation(summary = "Open a DRAFT application paid from the point of sale's pool (APPLICANT)",
            description = "For a person an operator invited to apply for a product (the invitation's productId): one unit "
                    + "of the inviting organisation's stock pays for it, as the vendors' \"kod z puli\" does, so no e-code "
                    + "is needed. Each such accepted invitation opens one application. Idempotency-Key makes a retry safe.")
    @ApiResponse(responseCode = "201", description = "Application created")
    @ApiResponse(responseCode = "404", description = "No accepted invitation naming a product waits for an application "
            + "(no_invitation_to_apply)")
    @ApiResponse(responseCode = "409", description = "The organisation's stock of the product has run out "
            + "(insufficient_stock); the invitation still waits")
    Mono<ResponseEntity<ApplicationView>> openFromInvitation(@Acting(Role.APPLICANT) CurrentAccount caller,
            IdempotentRequest request) {
        return idempotency.respond(caller.id(), request, ApplicationView.class,
                view -> ResponseEntity.created(URI.create("/api/v1/applications/" + view.id())),
                () -> service.openFromInvitation(caller));
    }

    @GetMapping("/api/v1/applications")
    @Operation(summary = "The caller's applications, newest first (APPLICANT)")
    Flux<ApplicationView> list(CurrentAccount caller) {
        return service.list(caller);
    }

    @GetMapping("/api/v1/applications/{id}")
    @Operation(summary = "An application with all its data: the summary (APPLICANT)")
    @ApiResponse(responseCode = "200", description = "The application")
    @ApiResponse(responseCode = "404", description = "No such application of the caller's")
    Mono<ApplicationView> get(CurrentAccount caller, @PathVariable UUID id) {
        return service.get(caller, id);
    }

    @GetMapping("/api/v1/applications/{id}/history")
    @Operation(summary = "The append-only history of the application's transitions and edits (APPLICANT)")
    Flux<ApplicationService.HistoryView> history(CurrentAccount caller, @PathVariable UUID id) {
        return service.history(caller, id);
    }

    @PutMapping(path = "/api/v1/applications/{id}/certificate-parameters", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Certificate parameters: validity start, card name, documents' language, verification method",
            description = "Only in DRAFT. Validity length comes from the product.")
    @ApiResponse(responseCode = "200", description = "Saved")
    @ApiResponse(responseCode = "400", description = "Field errors", content = @Content(
            mediaType = "application/problem+json", examples = @ExampleObject(value = """
                    {"status":400,"code":"invalid_request","errors":[{"field":"certificateParameters.verificationMethod",
                     "code":"NotOffered","message":"this product offers [VIDEO_CALL, BANK_TRANSFER]"}]}""")))
    @ApiResponse(responseCode = "409", description = "Not in DRAFT (currentState)")
    Mono<ResponseEntity<ApplicationView>> parameters(@Acting(Role.APPLICANT) CurrentAccount caller, @PathVariable UUID id,
            @RequestBody CertificateParameters parameters, IdempotentRequest request) {
        return transition(caller, request, () -> service.updateParameters(caller, id, parameters));
    }

    @PutMapping(path = "/api/v1/applications/{id}/applicant-data", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Applicant data: names, document, birth, PESEL, citizenship, contact, address",
            description = "Only in DRAFT. Names ≤ 64 characters; PESEL (checksum, birth date and sex agree) for Polish "
                    + "citizens; foreigners use a passport and Latin characters only; an ID card only from the countries "
                    + "the verification method supports; a mobile phone number (E.164), since the statement is signed by SMS.")
    @ApiResponse(responseCode = "200", description = "Saved")
    @ApiResponse(responseCode = "400", description = "Field errors", content = @Content(
            mediaType = "application/problem+json", examples = @ExampleObject(value = """
                    {"status":400,"code":"invalid_request","errors":[{"field":"applicantData.pesel",
                     "code":"BirthDateMismatch","message":"the PESEL encodes another date of birth"}]}""")))
    @ApiResponse(responseCode = "409", description = "Not in DRAFT (currentState)")
    Mono<ResponseEntity<ApplicationView>> applicantData(@Acting(Role.APPLICANT) CurrentAccount caller, @PathVariable UUID id,
            @RequestBody ApplicantData data, IdempotentRequest request) {
        return transition(caller, request, () -> service.updateApplicantData(caller, id, data));
    }

    @PostMapping("/api/v1/applications/{id}/submit")
    @Operation(summary = "Submit the data: DRAFT → DATA_SUBMITTED (the summary)",
            description = "Validates both sections again; documents become available.")
    @ApiResponse(responseCode = "200", description = "Submitted")
    @ApiResponse(responseCode = "400", description = "A section is missing or invalid")
    @ApiResponse(responseCode = "409", description = "Illegal transition", content = @Content(
            mediaType = "application/problem+json", examples = @ExampleObject(value = """
                    {"status":409,"code":"illegal_transition","detail":"SUBMIT_DATA is not possible from DOCUMENTS_ACCEPTED",
                     "currentState":"DOCUMENTS_ACCEPTED","transition":"SUBMIT_DATA"}""")))
    Mono<ResponseEntity<ApplicationView>> submit(@Acting(Role.APPLICANT) CurrentAccount caller,
            @PathVariable UUID id, IdempotentRequest request) {
        return transition(caller, request, () -> service.submit(caller, id));
    }

    @PostMapping("/api/v1/applications/{id}/correct")
    @Operation(summary = "Correct data from the summary: DATA_SUBMITTED → DRAFT")
    @ApiResponse(responseCode = "200", description = "Back to editing")
    @ApiResponse(responseCode = "409", description = "Illegal transition (currentState)")
    Mono<ResponseEntity<ApplicationView>> correct(@Acting(Role.APPLICANT) CurrentAccount caller,
            @PathVariable UUID id, IdempotentRequest request) {
        return transition(caller, request, () -> service.correct(caller, id));
    }

    @GetMapping("/api/v1/applications/{id}/documents")
    @Operation(summary = "The application number and the documents to accept (from DATA_SUBMITTED on)")
    @ApiResponse(responseCode = "200", description = "Links to the PDFs", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = Documents.class), examples = @ExampleObject(value = """
            {"applicationNumber":"2026-000082","language":"pl","documents":[
             {"type":"STATEMENT","title":"Oświadczenie","href":"/api/v1/applications/…/documents/statement.pdf"},
             {"type":"TERMS","title":"Regulamin Kwalifikowanych Usług Zaufania","href":"/api/v1/applications/…/documents/terms.pdf"}]}""")))
    @ApiResponse(responseCode = "409", description = "Still a DRAFT (currentState)")
    Mono<Documents> documents(CurrentAccount caller, @PathVariable UUID id) {
        return service.forDocuments(caller, id).map(view -> {
            DocumentLanguage language = language(view);
            String base = "/api/v1/applications/" + id + "/documents/";
            DocumentText text = messages.in(language.locale());
            return new Documents(view.number(), language, List.of(
                    new DocumentLink(DocumentRenderer.DocumentType.STATEMENT, text.get("statement.name"),
                            base + "statement.pdf"),
                    new DocumentLink(DocumentRenderer.DocumentType.TERMS, text.get("terms.title"),
                            base + "terms.pdf")));
        });
    }

    @GetMapping(path = "/api/v1/applications/{id}/documents/{type}.pdf", produces = MediaType.APPLICATION_PDF_VALUE)
    @Operation(summary = "A document as PDF: statement or terms, in the chosen language or another one")
    @ApiResponse(responseCode = "200", description = "PDF", content = @Content(mediaType = MediaType.APPLICATION_PDF_VALUE,
            schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "409", description = "documents_not_available: not before the application's data is submitted")
    Mono<ResponseEntity<byte[]>> document(CurrentAccount caller, @PathVariable UUID id,
            @Parameter(example = "statement", description = "statement or terms",
                    schema = @Schema(allowableValues = {"statement", "terms"})) @PathVariable String type,
            @Parameter(description = "Change the documents' language") @RequestParam Optional<DocumentLanguage> language) {
        DocumentRenderer.DocumentType documentType = switch (type) {
            case "statement" -> DocumentRenderer.DocumentType.STATEMENT;
            case "terms" -> DocumentRenderer.DocumentType.TERMS;
            default -> throw ApiException.notFound("No document " + type);
        };
        return service.forDocuments(caller, id)
                .flatMap(view -> documents.render(documentType, view, language.orElse(language(view)))
                        .map(pdf -> ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
                                        .filename(type + "-" + view.number() + ".pdf").build().toString())
                                .body(pdf)));
    }

    @PostMapping(path = "/api/v1/applications/{id}/accept-documents", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Accept the statement and the terms: DATA_SUBMITTED → DOCUMENTS_ACCEPTED",
            description = "Both must be explicitly true. Next: identity verification (POST .../verification).")
    @ApiResponse(responseCode = "200", description = "Accepted")
    @ApiResponse(responseCode = "400", description = "Not both accepted")
    @ApiResponse(responseCode = "409", description = "Illegal transition (currentState)")
    Mono<ResponseEntity<ApplicationView>> accept(@Acting(Role.APPLICANT) CurrentAccount caller, @PathVariable UUID id,
            @RequestBody Acceptance acceptance, IdempotentRequest request) {
        return transition(caller, request,
                () -> service.acceptDocuments(caller, id, acceptance.statementAccepted(), acceptance.termsAccepted()));
    }

    @PostMapping("/api/v1/applications/{id}/cancel")
    @Operation(summary = "Cancel the application (before identity verification succeeds)")
    @ApiResponse(responseCode = "200", description = "Cancelled")
    @ApiResponse(responseCode = "409", description = "Illegal transition (currentState)")
    Mono<ResponseEntity<ApplicationView>> cancel(@Acting(Role.APPLICANT) CurrentAccount caller,
            @PathVariable UUID id, IdempotentRequest request) {
        return transition(caller, request, () -> service.cancel(caller, id));
    }

    @GetMapping("/api/v1/operator/applications")
    @Operation(summary = "Applications of the operator's point of sale, and its organisation's without one (OPERATOR)",
            description = "The newest hundred. An operator decides and countersigns exactly these.")
    Flux<ApplicationView> pointOfSale(CurrentAccount caller) {
        return service.listAtPointOfSale(caller);
    }

    @GetMapping("/api/v1/operator/applications/{id}")
    @Operation(summary = "An application the operator may act on (as the list; OPERATOR); others answer 404")
    Mono<ApplicationView> pointOfSaleApplication(CurrentAccount caller, @PathVariable UUID id) {
        return service.getAtPointOfSale(caller, id);
    }

    private Mono<ResponseEntity<ApplicationView>> transition(CurrentAccount caller, IdempotentRequest request,
            Supplier<Mono<ApplicationView>> transition) {
        caller.require(Role.APPLICANT);
        return idempotency.ok(caller.id(), request, ApplicationView.class, transition);
    }

    private static DocumentLanguage language(ApplicationView view) {
        return view.certificateParameters().map(CertificateParameters::documentLanguage)
                .orElse(DocumentLanguage.pl);
    }

    private static ECode parse(String code) {
        try {
            return ECode.parse(code);
        } catch (InvalidValueException e) {
            throw ApiException.invalidField("code", e.code(), e.getMessage());
        }
    }
}
