package io.sigillum.gateway.notify;

import io.sigillum.gateway.messaging.OutboundMessage;
import java.util.Optional;
import java.util.UUID;

/**
 * One message to a person about issuance or a certificate, as it waits in the outbox.
 *
 * @param subject the e-mail's subject, in the recipient's language; an SMS has none
 */
public record Notification(Kind kind, OutboundMessage.Channel channel, String recipient, Optional<String> subject, String body,
        Optional<UUID> applicationId) {

    /** What the message is about. */
    public enum Kind {
        VERIFICATION_RESULT, CERTIFICATE_ISSUED, VOUCHER_EXPIRES, CERTIFICATE_REVOKED, CERTIFICATE_SUSPENDED, CERTIFICATE_RELEASED,
        VIDEO_CALL_BOOKED, CERTIFICATE_ACTIVATED, PASSWORD_CHANGED, VERIFICATION_LINK
    }

    public Notification {
        if ((channel == OutboundMessage.Channel.EMAIL) != subject.isPresent()) {
            throw new IllegalArgumentException("An e-mail has a subject and an SMS none");
        }
    }

    /** An SMS about a credential rather than an application (e.g. its certificate was revoked). */
    public static Notification sms(Kind kind, String to, String body) {
        return new Notification(kind, OutboundMessage.Channel.SMS, to, Optional.empty(), body, Optional.empty());
    }

    /** An SMS about an application (e.g. the link of its identity verification). */
    public static Notification sms(Kind kind, String to, String body, UUID applicationId) {
        return new Notification(kind, OutboundMessage.Channel.SMS, to, Optional.empty(), body, Optional.of(applicationId));
    }

    /** An e-mail about an account rather than an application (e.g. its password was changed). */
    public static Notification email(Kind kind, String to, String subject, String body) {
        return new Notification(kind, OutboundMessage.Channel.EMAIL, to, Optional.of(subject), body, Optional.empty());
    }

    public static Notification email(Kind kind, String to, String subject, String body, UUID applicationId) {
        return new Notification(kind, OutboundMessage.Channel.EMAIL, to, Optional.of(subject), body, Optional.of(applicationId));
    }

    @Override
    public String toString() {
        return "Notification[" + kind + " " + channel + "]";
    }
}
