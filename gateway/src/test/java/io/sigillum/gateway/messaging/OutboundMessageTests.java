package io.sigillum.gateway.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a message must have to leave: an e-mail its one-line subject, an SMS none. */
class OutboundMessageTests {

    @Test
    void anEmailHasASubjectAndAnSmsNone() {
        assertThat(OutboundMessage.email("jan@example.com", "Wynik weryfikacji", "Tekst").subject()).contains("Wynik weryfikacji");
        assertThat(OutboundMessage.sms("+48600000000", "Tekst").subject()).isEmpty();
    }

    @Test
    void anEmailWithoutASubjectIsRefused() {
        assertThatThrownBy(() -> new OutboundMessage(OutboundMessage.Channel.EMAIL, "jan@example.com", Optional.empty(), "Tekst",
                Optional.empty())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subject");
        assertThatThrownBy(() -> OutboundMessage.email("jan@example.com", " ", "Tekst"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subject");
    }

    @Test
    void anSmsWithASubjectIsRefused() {
        assertThatThrownBy(() -> new OutboundMessage(OutboundMessage.Channel.SMS, "+48600000000", Optional.of("Temat"), "Tekst",
                Optional.empty())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subject");
    }

    @Test
    void aSubjectOnMoreThanOneLineIsRefused() {
        // a line break in a subject would let its text write further headers of the e-mail
        assertThatThrownBy(() -> OutboundMessage.email("jan@example.com", "Temat\r\nBcc: someone@example.com", "Tekst"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one line");
    }
}
