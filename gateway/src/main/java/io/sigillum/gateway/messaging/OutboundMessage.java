package io.sigillum.gateway.messaging;

import java.util.Objects;
import java.util.Optional;

/**
 * One message to a person: an SMS or an e-mail.
 *
 * @param channel how it travels
 * @param to the E.164 phone number or the e-mail address
 * @param subject the e-mail's subject, one line (an e-mail without one reads as spam); an SMS has none
 * @param text the full text the person reads
 * @param code the one-time code the text carries, when it carries one (the dev outbox shows it so scripts can read it)
 */
public record OutboundMessage(Channel channel, String to, Optional<String> subject, String text, Optional<String> code) {

    /** How a message travels. */
    public enum Channel { SMS, EMAIL }

    public OutboundMessage {
        Objects.requireNonNull(channel);
        if (to.isBlank() || text.isBlank()) {
            throw new IllegalArgumentException("A message needs a recipient and a text");
        }
        if (channel == Channel.EMAIL && subject.filter(line -> !line.isBlank()).isEmpty()) {
            throw new IllegalArgumentException("An e-mail needs a subject");
        }
        if (channel == Channel.SMS && subject.isPresent()) {
            throw new IllegalArgumentException("An SMS has no subject");
        }
        if (subject.filter(line -> line.contains("\n") || line.contains("\r")).isPresent()) {
            throw new IllegalArgumentException("A subject is one line");
        }
    }

    public static OutboundMessage sms(String to, String text) {
        return new OutboundMessage(Channel.SMS, to, Optional.empty(), text, Optional.empty());
    }

    public static OutboundMessage smsWithCode(String to, String text, String code) {
        return new OutboundMessage(Channel.SMS, to, Optional.empty(), text, Optional.of(code));
    }

    public static OutboundMessage email(String to, String subject, String text) {
        return new OutboundMessage(Channel.EMAIL, to, Optional.of(subject), text, Optional.empty());
    }

    public static OutboundMessage emailWithCode(String to, String subject, String text, String code) {
        return new OutboundMessage(Channel.EMAIL, to, Optional.of(subject), text, Optional.of(code));
    }

    @Override
    public String toString() {
        // the code and text are secrets in transit: never in logs
        return "OutboundMessage[" + channel + " to " + to + "]";
    }
}
