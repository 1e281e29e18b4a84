package io.sigillum.gateway.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class FileOutboxSenderTests {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void appendsOneJsonObjectPerLineWithTheCodeAndAnEmailsSubject(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("dev-outbox/sms.jsonl");
        FileOutboxSender sender = new FileOutboxSender(file, json, Schedulers.boundedElastic(),
                Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC));

        StepVerifier.create(sender.send(OutboundMessage.smsWithCode("+48600000000", "Your code: 123456", "123456"))
                        .then(sender.send(OutboundMessage.email("jan@example.com", "Witamy / Welcome", "Welcome"))))
                .verifyComplete();

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        JsonNode first = json.readTree(lines.get(0));
        assertThat(first.get("to").asString()).isEqualTo("+48600000000");
        assertThat(first.get("text").asString()).isEqualTo("Your code: 123456");
        assertThat(first.get("code").asString()).isEqualTo("123456");
        assertThat(first.get("channel").asString()).isEqualTo("SMS");
        assertThat(first.has("subject")).isFalse();
        JsonNode second = json.readTree(lines.get(1));
        assertThat(second.path("channel").asString()).isEqualTo("EMAIL");
        assertThat(second.path("subject").asString()).isEqualTo("Witamy / Welcome");
        assertThat(second.has("code")).isFalse();
    }

    @Test
    void concurrentSendsNeverInterleaveLines(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sms.jsonl");
        FileOutboxSender sender = new FileOutboxSender(file, json, Schedulers.newBoundedElastic(4, 1000, "t"),
                Clock.systemUTC());

        StepVerifier.create(Flux.range(0, 200)
                        .flatMap(i -> sender.send(OutboundMessage.smsWithCode("+4860000" + String.format("%04d", i),
                                "code " + i, String.valueOf(i))), 16)
                        .then())
                .verifyComplete();

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(200);
        assertThat(lines).allSatisfy(line -> assertThat(json.readTree(line).get("code")).isNotNull());
    }

    @Test
    void toStringNeverShowsTheCode() {
        assertThat(OutboundMessage.smsWithCode("+48600000000", "Your code: 654321", "654321").toString())
                .doesNotContain("654321");
    }
}
