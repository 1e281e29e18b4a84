package io.sigillum.gateway.issuance.verification;

import io.sigillum.gateway.issuance.application.Applicant;
import io.sigillum.gateway.issuance.application.ApplicationProgress;
import io.sigillum.gateway.issuance.application.ApplicationTransition;
import io.sigillum.gateway.issuance.application.ApplicationView;
import io.sigillum.gateway.issuance.product.VerificationMethod;
import io.sigillum.gateway.issuance.verification.VerificationRepository.Attempt;
import io.sigillum.gateway.secret.Randomness;
import java.math.BigDecimal;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The 1 PLN verification transfer, then remote identification by the document (Certum's remote process: "Po poprawnym
 * wykonaniu przelewu weryfikacyjnego i identyfikacji zdalnej"). The applicant sends the transfer from a Polish account in
 * their own name with our reference in the title; the payment provider's webhook brings it, and its amount, account and
 * payer's name decide whether it is accepted. A transfer shows that an account is held in the applicant's name, not
 * that the applicant holds the document, whose number and PESEL the certificate will carry: once it is accepted, a
 * self-identification session under the same reference (the document's photos and a selfie) decides the attempt.
 */
@Component
class BankTransferVerification implements VerificationStrategy {

    private static final Pattern TRANSFER_REFERENCE = Pattern.compile("SGL[0-9A-F]{10}");
    private static final BigDecimal VERIFICATION_AMOUNT = new BigDecimal("1.00");

    private final VerificationRepository attempts;
    private final VerificationDecisions decisions;
    private final VerificationProperties properties;
    private final SelfIdentificationSessions sessions;
    private final ApplicationProgress progress;
    private final JsonMapper json;

    BankTransferVerification(VerificationRepository attempts, VerificationDecisions decisions,
            VerificationProperties properties, SelfIdentificationSessions sessions, ApplicationProgress progress,
            JsonMapper json) {
        this.attempts = attempts;
        this.decisions = decisions;
        this.properties = properties;
        this.sessions = sessions;
        this.progress = progress;
        this.json = json;
    }

    @Override
    public VerificationMethod method() {
        return VerificationMethod.BANK_TRANSFER;
    }

    @Override
    public Mono<Attempt> open(ApplicationView application, Optional<ZonedDateTime> slot) {
        return attempts.open(application.id(), method(), "SGL" + Randomness.hex(5).toUpperCase(Locale.ROOT), null);
    }

    /** Where to send the transfer, until one is accepted. */
    @Override
    public Optional<IdentityVerificationService.Transfer> transfer(ApplicationView application, Attempt attempt) {
        return !attempt.awaitsTransfer() ? Optional.empty() : Optional.of(new IdentityVerificationService.Transfer(
                properties.transferAccount(), "1.00", "PLN", "SIGILLUM " + application.number() + " " + attempt.reference()));
    }

    /** The verification reference a transfer's title carries, if it carries one. */
    static Optional<String> reference(PaymentEvent payment) {
        Matcher reference = TRANSFER_REFERENCE.matcher(payment.title().toUpperCase(Locale.ROOT));
        return reference.find() ? Optional.of(reference.group()) : Optional.empty();
    }

    /**
     * Accepts the transfer by its amount, account and payer, and opens the identification by the document (its link to
     * the applicant's phone); or fails the attempt.
     */
    Mono<ApplicationView> decide(ApplicationView application, Attempt attempt, PaymentEvent payment) {
        Applicant applicant = application.submittedApplicant();
        Map<String, Object> checks = new LinkedHashMap<>();
        checks.put("amountOk", "PLN".equals(payment.currency()) && payment.amount().compareTo(VERIFICATION_AMOUNT) == 0);
        checks.put("polishAccount", PolishIban.isValid(payment.payerAccount()));
        checks.put("nameMatches", PayerNameMatcher.matches(payment.payerName(), applicant.firstName(),
                applicant.secondName().orElse(""), applicant.surname()));
        boolean passed = checks.values().stream().allMatch(Boolean.TRUE::equals);
        return passed ? identifyByDocument(application, attempt, checks)
                : decisions.fail(application, attempt, VerificationOutcome.DATA_ERROR, Optional.empty(), checks);
    }

    private Mono<ApplicationView> identifyByDocument(ApplicationView application, Attempt attempt, Map<String, Object> checks) {
        String details = json.writeValueAsString(VerificationDecisions.withMethod(attempt, checks));
        return sessions.open(attempt.reference())
                .flatMap(session -> progress.advance(application.id(), Optional.empty(), ApplicationTransition.ACCEPT_TRANSFER,
                        Optional.empty(), current -> attempts.acceptTransfer(attempt.id(), session.link())
                                .then(sessions.sendLink(current, session.link())).thenReturn(Optional.of(details))));
    }
}
