package io.sigillum.gateway.messaging;

import java.util.Objects;
import java.util.Optional;

/**
 * One message to a person: an SMS or an e-mail.
 *
 * @param channel how it travels
 * @param to the E.164 phone number or the e-mail address
 * @param text the full text the person reads
 * @param code the one-time code the text carries, when it carries one (the dev outbox shows it so scripts can read it)
 */
public record OutboundMessage(Channel channel, String to, String text, Optional<String> code) {

    /** How a message travels. */
    public enum Channel { SMS, EMAIL }

    public OutboundMessage {
        Objects.requireNonNull(channel);
        if (to.isBlank() || text.isBlank()) {
            throw new IllegalArgumentException("A message needs a recipient and a text");
        }
    }

    public static OutboundMessage sms(String to, String text) {
        return new OutboundMessage(Channel.SMS, to, text, Optional.empty());
    }

    public static OutboundMessage smsWithCode(String to, String text, String code) {
        return new OutboundMessage(Channel.SMS, to, text, Optional.of(code));
    }

    public static OutboundMessage email(String to, String text) {
        return new OutboundMessage(Channel.EMAIL, to, text, Optional.empty());
    }

    @Override
    public String toString() {
        // the code and text are secrets in transit: never in logs
        return "OutboundMessage[" + channel + " to " + to + "]";
    }
}
