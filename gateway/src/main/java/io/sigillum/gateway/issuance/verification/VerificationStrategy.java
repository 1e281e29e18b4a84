package io.sigillum.gateway.issuance.verification;

import io.sigillum.gateway.issuance.application.ApplicationView;
import io.sigillum.gateway.issuance.product.VerificationMethod;
import io.sigillum.gateway.issuance.verification.VerificationRepository.Attempt;
import io.sigillum.gateway.issuance.verification.VerificationRepository.Status;
import java.time.ZonedDateTime;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * One way an applicant proves identity remotely: how its attempt is opened, who decides it, and what the applicant is
 * shown for it. {@link IdentityVerificationService} dispatches to the one the applicant chose.
 */
interface VerificationStrategy {

    VerificationMethod method();

    /** Opens an attempt for the application, in the caller's transaction. */
    Mono<Attempt> open(ApplicationView application, Optional<ZonedDateTime> slot);

    /** Whether a consultant may decide this attempt now (any method's HELD attempt; a pending video call). */
    default boolean decidedByConsultant(Attempt attempt) {
        return attempt.status() == Status.HELD;
    }

    /** Refuses a consultant's {@code result} for this attempt while it cannot be given yet; empty when it can. */
    default Mono<Void> decidable(Attempt attempt, IdentityEvent.Result result) {
        return Mono.empty();
    }

    /** Where to send the verification transfer, for the methods that need one. */
    default Optional<IdentityVerificationService.Transfer> transfer(ApplicationView application, Attempt attempt) {
        return Optional.empty();
    }
}
