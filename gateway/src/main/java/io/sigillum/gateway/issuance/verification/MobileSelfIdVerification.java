package io.sigillum.gateway.issuance.verification;

import io.sigillum.gateway.issuance.DocumentMessages;
import io.sigillum.gateway.issuance.application.ApplicationView;
import io.sigillum.gateway.issuance.product.VerificationMethod;
import io.sigillum.gateway.issuance.verification.VerificationRepository.Attempt;
import io.sigillum.gateway.notify.Notification;
import io.sigillum.gateway.notify.NotificationOutbox;
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

    private final MobileIdVendor vendor;
    private final VerificationRepository attempts;
    private final VerificationProperties properties;
    private final NotificationOutbox outbox;
    private final DocumentMessages messages;

    MobileSelfIdVerification(MobileIdVendor vendor, VerificationRepository attempts, VerificationProperties properties,
            NotificationOutbox outbox, DocumentMessages messages) {
        this.vendor = vendor;
        this.attempts = attempts;
        this.properties = properties;
        this.outbox = outbox;
        this.messages = messages;
    }

    @Override
    public VerificationMethod method() {
        return VerificationMethod.MOBILE_SELF_ID;
    }

    @Override
    public Mono<Attempt> open(ApplicationView application, Optional<ZonedDateTime> slot) {
        String reference = "MID" + Randomness.hex(12).toUpperCase(Locale.ROOT);
        return vendor.createSession(reference, properties.callbackBaseUrl() + "/api/v1/webhooks/identity-verification")
                .flatMap(session -> attempts.open(application.id(), method(), reference, session.link())
                        .flatMap(attempt -> outbox.add(Notification.sms(Notification.Kind.VERIFICATION_LINK,
                                        application.submittedApplicant().phone().value(),
                                        messages.in(application.applicantLanguage()).get("notification.selfId.link",
                                                application.number(), session.link()), application.id()))
                                .thenReturn(attempt)));
    }
}
