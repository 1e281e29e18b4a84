package io.sigillum.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.ConnectionFactories;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** A PostgreSQL that takes connections and answers nothing (frozen) is DOWN within the store deadline, not never. */
class PostgresHealthTests {

    @Test
    void aServerThatAnswersNothingIsDownWithinTheStoreDeadline() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket frozen = new ServerSocket(0)) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        held.add(frozen.accept()); // connected, and never a byte back
                    }
                } catch (Exception closed) {
                    // the test is over
                }
            });
            var connections = ConnectionFactories.get("r2dbc:postgresql://nobody:secret@127.0.0.1:" + frozen.getLocalPort() + "/db");

            Health health = new PostgresHealth().r2dbcHealthIndicator(connections, new StoreProperties(Duration.ofMillis(500)))
                    .health().block(Duration.ofSeconds(10));

            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails().get("error").toString()).contains("did not answer within 500 ms");
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }
}
