package io.sigillum.gateway.issuance.application;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads invitation tokens from the dev outbox file, as a person or a script would. */
final class InvitationOutbox {

    private InvitationOutbox() {
    }

    static String lastTokenFor(String email) {
        try {
            List<String> lines = Files.readAllLines(io.sigillum.gateway.support.TestInfrastructure.outboxFile());
            JsonMapper json = JsonMapper.builder().build();
            for (int i = lines.size() - 1; i >= 0; i--) {
                JsonNode message = json.readTree(lines.get(i));
                if (email.equals(message.path("to").asString())) {
                    return message.path("code").asString();
                }
            }
            throw new AssertionError("No message to " + email + " in the outbox");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
