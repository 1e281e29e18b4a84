package io.sigillum.gateway.issuance.certificate;

import io.sigillum.gateway.account.CurrentAccount;
import io.sigillum.gateway.account.Role;
import io.sigillum.gateway.issuance.DocumentMessages;
import io.sigillum.gateway.issuance.DocumentText;
import io.sigillum.gateway.issuance.application.ApplicationProgress;
import io.sigillum.gateway.issuance.application.ApplicationService;
import io.sigillum.gateway.issuance.application.ApplicationState;
import io.sigillum.gateway.issuance.application.ApplicationTransition;
import io.sigillum.gateway.issuance.application.ApplicationView;
import io.sigillum.gateway.issuance.application.CertificateParameters;
import io.sigillum.gateway.issuance.application.DocumentRenderer;
import io.sigillum.gateway.issuance.application.PhoneNumber;
import io.sigillum.gateway.otp.OtpChallenges;
import io.sigillum.gateway.secret.Sha256;
import io.sigillum.gateway.web.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signing the statement by SMS code: the code goes to the application's phone through the shared {@link OtpChallenges}
 * (3 tries per code, cooldown and rate limits); a right code renders the statement and seals it in the applicant's place
 * with the evidence (with no lock held, see {@link StatementSeals}), then a short transaction keeps the sealed PDF and its
 * digest and moves VERIFIED → STATEMENT_SIGNED with the code's verification in the history. An operator countersigns
 * where the product requires it: a second seal in the representative's place, kept as the transition is recorded.
 */
@Service
public class StatementService {

    /** The audience of a statement's code: the applicant, who signs the statement with it. */
    private static final String APPLICANT = "applicant";
    /** The states an application is in once its statement is signed. */
    private static final Set<ApplicationState> STATEMENT_SIGNED_OR_LATER = EnumSet.of(ApplicationState.STATEMENT_SIGNED,
            ApplicationState.OPERATOR_APPROVED, ApplicationState.CERTIFICATE_ISSUED, ApplicationState.ACTIVE, ApplicationState.REVOKED);

    private final ApplicationService applications;
    private final ApplicationProgress progress;
    private final OtpChallenges otp;
    private final DocumentRenderer documents;
    private final DocumentMessages messages;
    private final StatementSeals seals;
    private final StatementRepository statements;
    private final JsonMapper json;
    private final Clock clock;

    StatementService(ApplicationService applications, ApplicationProgress progress, OtpChallenges otp,
            DocumentRenderer documents, DocumentMessages messages, StatementSeals seals, StatementRepository statements,
            JsonMapper json, Clock clock) {
        this.applications = applications;
        this.progress = progress;
        this.otp = otp;
        this.documents = documents;
        this.messages = messages;
        this.seals = seals;
        this.statements = statements;
        this.json = json;
        this.clock = clock;
    }

    /** Where the code went. */
    public record CodeSent(String phone) {
    }

    /** A sealed statement, waiting to be kept. */
    private record Statement(byte[] pdf, String sha256, PhoneNumber phone) {
    }

    /** A countersigned statement, waiting to replace {@code previousSha256}. */
    private record Countersigned(byte[] pdf, String sha256, String previousSha256) {
    }

    /** Sends a code to the application's phone; only while VERIFIED. */
    public Mono<CodeSent> requestCode(CurrentAccount applicant, UUID id) {
        return verified(applicant, id).flatMap(application -> {
            String phone = application.submittedApplicant().phone().value();
            DocumentText text = messages.in(application.applicantLanguage());
            return otp.send(subject(id), APPLICANT, phone, code -> text.get("notification.statementCode", application.number(), code))
                    .thenReturn(new CodeSent(masked(phone)));
        });
    }

    /**
     * Checks the code and signs the statement: rendered and sealed first, then kept in the transition's transaction,
     * where the state check under the row lock lets only one of two concurrent signatures record.
     */
    public Mono<ApplicationView> sign(CurrentAccount applicant, UUID id, String code) {
        return verified(applicant, id)
                .flatMap(application -> otp.verify(subject(id), APPLICANT, code).flatMap(verdict -> switch (verdict) {
                    // the data cannot change while VERIFIED, so the statement rendered from this read is the one signed
                    case ACCEPTED -> seal(application, clock.instant()).flatMap(statement -> progress.advance(id,
                            Optional.of(applicant.id()), ApplicationTransition.SIGN_STATEMENT,
                            Optional.of(applicant.id()), locked -> keep(locked, statement)));
                    // the tries left, as the vendors' dialogs show them ("Pozostało prób: 2")
                    case WRONG -> otp.attemptsLeft(subject(id)).flatMap(left -> Mono.error(new ApiException(
                            HttpStatus.BAD_REQUEST, "wrong_code", "The code is wrong; tries left: " + left,
                            Map.of("attemptsLeft", left), Optional.empty())));
                    case BURNED -> Mono.error(new ApiException(HttpStatus.BAD_REQUEST, "code_burned",
                            "Too many wrong codes: ask for a new code"));
                    case NONE -> Mono.error(new ApiException(HttpStatus.BAD_REQUEST, "no_code",
                            "No valid code: ask for a new code"));
                }));
    }

    /**
     * STATEMENT_SIGNED → OPERATOR_APPROVED by an operator of the e-code's organisation (countersigning products): the
     * statement sealed again in the representative's place, on the operator's behalf (outside any lock), then kept as
     * the transition is recorded.
     */
    public Mono<ApplicationView> approve(CurrentAccount operator, UUID id) {
        operator.require(Role.OPERATOR);
        return progress.findForOperator(operator, id)
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("No such application")))
                .flatMap(application -> application.nextTransitions().contains(ApplicationTransition.APPROVE_BY_OPERATOR)
                        ? countersign(application, operator) : Mono.error(illegal(application,
                                ApplicationTransition.APPROVE_BY_OPERATOR, application.product().operatorCountersign()
                                        ? "Only a signed statement can be countersigned"
                                        : "Product " + application.product().id() + " needs no countersignature: the "
                                                + "certificate is issued on the applicant's signed statement alone")))
                .flatMap(countersigned -> progress.advance(id, Optional.empty(), ApplicationTransition.APPROVE_BY_OPERATOR,
                        Optional.of(operator.id()), locked -> statements.countersign(id, countersigned.pdf(),
                                        countersigned.sha256(), countersigned.previousSha256(), operator.id())
                                .thenReturn(Optional.of(json.writeValueAsString(Map.of("countersignedWith", "QTSP_SEAL",
                                        "statementSha256", countersigned.sha256()))))));
    }

    /** The statement as kept, sealed (and countersigned when it is), for the applicant who signed it; 404 before. */
    public Mono<SignedStatement> signedStatement(CurrentAccount applicant, UUID id) {
        return applications.get(applicant, id)
                .flatMap(application -> statements.find(id)
                        .map(stored -> new SignedStatement(application.number(), stored.pdf())))
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("The statement is not signed yet")));
    }

    /** A signed statement file and the application number it belongs to. */
    public record SignedStatement(String applicationNumber, byte[] pdf) {
    }

    /** Renders on the PDF scheduler and seals on the signDoc one, outside any transaction. */
    private Mono<Statement> seal(ApplicationView application, Instant verifiedAt) {
        CertificateParameters.DocumentLanguage language = application.certificateParameters()
                .map(CertificateParameters::documentLanguage).orElse(CertificateParameters.DocumentLanguage.pl);
        PhoneNumber phone = application.submittedApplicant().phone();
        return documents.render(DocumentRenderer.DocumentType.STATEMENT, application, language)
                .flatMap(pdf -> seals.applicant(pdf, application, masked(phone.value()), verifiedAt))
                .map(pdf -> new Statement(pdf, sha256(pdf), phone));
    }

    private Mono<Countersigned> countersign(ApplicationView application, CurrentAccount operator) {
        // one statement at a time: with an Idempotency-Key this runs in the key's transaction, on its one connection
        return statements.find(application.id()).zipWhen(stored -> statements.representative(operator.id()))
                .flatMap(found -> seals.representative(found.getT1().pdf(), application, found.getT2(), clock.instant())
                        .map(pdf -> new Countersigned(pdf, sha256(pdf), found.getT1().sha256())));
    }

    /** Under the lock, once SIGN_STATEMENT is legal: keeps the statement and returns the history details. */
    private Mono<Optional<String>> keep(ApplicationView locked, Statement statement) {
        String phone = statement.phone().value();
        return statements.keep(locked.id(), statement.pdf(), statement.sha256(), phone)
                .thenReturn(Optional.of(json.writeValueAsString(Map.of("signedWith", "SMS_CODE",
                        "codeVerification", "ACCEPTED", "phone", masked(phone), "sealedAs", "PAdES-BASELINE-T",
                        "statementSha256", statement.sha256()))));
    }

    private Mono<ApplicationView> verified(CurrentAccount applicant, UUID id) {
        applicant.require(Role.APPLICANT);
        return applications.get(applicant, id).flatMap(application -> application.state() == ApplicationState.VERIFIED
                ? Mono.just(application)
                : Mono.error(illegal(application, ApplicationTransition.SIGN_STATEMENT, STATEMENT_SIGNED_OR_LATER
                        .contains(application.state()) ? "The statement is already signed"
                        : "The statement can be signed only once the identity is VERIFIED")));
    }

    private static ApiException illegal(ApplicationView application, ApplicationTransition transition, String detail) {
        return ApiException.conflict("illegal_transition", detail,
                Map.of("currentState", application.state().name(), "transition", transition.name()));
    }

    static String subject(UUID application) {
        return "application-statement:" + application;
    }

    private static String masked(String phone) {
        return phone.substring(0, Math.min(3, phone.length())) + "•••••" + phone.substring(Math.max(3, phone.length() - 3));
    }

    private static String sha256(byte[] data) {
        return HexFormat.of().formatHex(Sha256.of(data));
    }
}
