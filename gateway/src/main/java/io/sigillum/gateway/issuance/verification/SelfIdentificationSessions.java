package io.sigillum.gateway.issuance.verification;

import io.sigillum.gateway.issuance.DocumentMessages;
import io.sigillum.gateway.issuance.application.ApplicationView;
import io.sigillum.gateway.notify.Notification;
import io.sigillum.gateway.notify.NotificationOutbox;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The vendor's mobile self-identification sessions (photos of the document, then a selfie) and their links, sent by SMS
 * to the phone in the application as well as shown in it (Certum: the link that starts the identification comes by SMS):
 * for self-identification itself, and for the transfer method's second stage.
 */
@Component
class SelfIdentificationSessions {

    private final MobileIdVendor vendor;
    private final VerificationProperties properties;
    private final NotificationOutbox outbox;
    private final DocumentMessages messages;

    SelfIdentificationSessions(MobileIdVendor vendor, VerificationProperties properties, NotificationOutbox outbox,
            DocumentMessages messages) {
        this.vendor = vendor;
        this.properties = properties;
        this.outbox = outbox;
        this.messages = messages;
    }

    /** A session for our {@code reference}, whose verdict comes to the identity webhook under that reference. */
    Mono<MobileIdVendor.Session> open(String reference) {
        return vendor.createSession(reference, properties.callbackBaseUrl() + "/api/v1/webhooks/identity-verification");
    }

    /** The session's link to the applicant's phone, in the caller's transaction. */
    Mono<Void> sendLink(ApplicationView application, String link) {
        return outbox.add(Notification.sms(Notification.Kind.VERIFICATION_LINK, application.submittedApplicant().phone().value(),
                messages.in(application.applicantLanguage()).get("notification.selfId.link", application.number(), link),
                application.id()));
    }
}
