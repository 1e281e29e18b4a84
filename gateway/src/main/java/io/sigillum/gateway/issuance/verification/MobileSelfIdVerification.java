package io.sigillum.gateway.issuance.verification;

import io.sigillum.gateway.issuance.application.ApplicationView;
import io.sigillum.gateway.issuance.product.VerificationMethod;
import io.sigillum.gateway.issuance.verification.VerificationRepository.Attempt;
import io.sigillum.gateway.secret.Randomness;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Mobile self-identification: the vendor opens a session for our reference, whose link goes by SMS to the phone in the
 * application (the Certum instructions: the link that starts the second stage is sent to that number) as well as into
 * the application; the vendor's webhook brings the verdict.
 */
@Component
class MobileSelfIdVerification implements VerificationStrategy {

    private final SelfIdentificationSessions sessions;
    private final VerificationRepository attempts;

    MobileSelfIdVerification(SelfIdentificationSessions sessions, VerificationRepository attempts) {
        this.sessions = sessions;
        this.attempts = attempts;
    }

    @Override
    public VerificationMethod method() {
        return VerificationMethod.MOBILE_SELF_ID;
    }

    @Override
    public Mono<Attempt> open(ApplicationView application, Optional<ZonedDateTime> slot) {
        String reference = "MID" + Randomness.hex(12).toUpperCase(Locale.ROOT);
        return sessions.open(reference)
                .flatMap(session -> attempts.open(application.id(), method(), reference, session.link())
                        .flatMap(attempt -> sessions.sendLink(application, session.link()).thenReturn(attempt)));
    }
}
