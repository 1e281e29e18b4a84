package io.sigillum.gateway.issuance.verification;

import io.sigillum.gateway.issuance.application.Applicant;
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

/**
 * The 1 PLN verification transfer: the applicant sends it from a Polish account in their own name with our reference
 * in the title; the payment provider's webhook brings it, and its amount, account and payer's name decide.
 */
@Component
class BankTransferVerification implements VerificationStrategy {

    private static final Pattern TRANSFER_REFERENCE = Pattern.compile("SGL[0-9A-F]{10}");
    private static final BigDecimal VERIFICATION_AMOUNT = new BigDecimal("1.00");

    private final VerificationRepository attempts;
    private final VerificationDecisions decisions;
    private final VerificationProperties properties;

    BankTransferVerification(VerificationRepository attempts, VerificationDecisions decisions,
            VerificationProperties properties) {
        this.attempts = attempts;
        this.decisions = decisions;
        this.properties = properties;
    }

    @Override
    public VerificationMethod method() {
        return VerificationMethod.BANK_TRANSFER;
    }

    @Override
    public Mono<Attempt> open(ApplicationView application, Optional<ZonedDateTime> slot) {
        return attempts.open(application.id(), method(), "SGL" + Randomness.hex(5).toUpperCase(Locale.ROOT), null);
    }

    @Override
    public Optional<IdentityVerificationService.Transfer> transfer(ApplicationView application, Attempt attempt) {
        return Optional.of(new IdentityVerificationService.Transfer(properties.transferAccount(), "1.00", "PLN",
                "SIGILLUM " + application.number() + " " + attempt.reference()));
    }

    /** The verification reference a transfer's title carries, if it carries one. */
    static Optional<String> reference(PaymentEvent payment) {
        Matcher reference = TRANSFER_REFERENCE.matcher(payment.title().toUpperCase(Locale.ROOT));
        return reference.find() ? Optional.of(reference.group()) : Optional.empty();
    }

    /** Passes or fails the pending attempt by the transfer's amount, account and payer. */
    Mono<ApplicationView> decide(ApplicationView application, Attempt attempt, PaymentEvent payment) {
        Applicant applicant = application.submittedApplicant();
        Map<String, Object> checks = new LinkedHashMap<>();
        checks.put("amountOk", "PLN".equals(payment.currency()) && payment.amount().compareTo(VERIFICATION_AMOUNT) == 0);
        checks.put("polishAccount", PolishIban.isValid(payment.payerAccount()));
        checks.put("nameMatches", PayerNameMatcher.matches(payment.payerName(), applicant.firstName(),
                applicant.secondName().orElse(""), applicant.surname()));
        boolean passed = checks.values().stream().allMatch(Boolean.TRUE::equals);
        return passed ? decisions.pass(application, attempt, Optional.empty(), checks, null)
                : decisions.fail(application, attempt, VerificationOutcome.DATA_ERROR, Optional.empty(), checks);
    }
}
