package io.sigillum.gateway.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.gateway.support.GatewayInstance;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.event.ContextClosedEvent;

/**
 * A kept-alive connection that sends its next request once the gateway has begun to shut down gets 503 with
 * {@code Connection: close} and is closed, on the real server: such requests were served on until the stores closed.
 */
class ShutdownAdmissionIntegrationTests {

    @Test
    void aKeptAliveConnectionIsRefusedAndClosedOnceTheGatewayShutsDown() throws Exception {
        try (GatewayInstance gateway = GatewayInstance.start(Map.of());
                Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(10_000);
            String info = "POST /csc/v2/info HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 2\r\n\r\n{}";

            socket.getOutputStream().write(info.getBytes(StandardCharsets.US_ASCII));
            Response before = Response.read(socket.getInputStream());
            assertThat(before.status()).isEqualTo(200);
            assertThat(before.head()).doesNotContain("connection: close");

            gateway.context().publishEvent(new ContextClosedEvent(gateway.context()));

            socket.getOutputStream().write(info.getBytes(StandardCharsets.US_ASCII));
            Response refused = Response.read(socket.getInputStream());
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.head()).contains("connection: close").contains("retry-after: 1");
            assertThat(refused.body()).contains("\"error\":\"temporarily_unavailable\"").contains("shutting down");
            assertThat(socket.getInputStream().read()).as("the server closed the connection").isEqualTo(-1);
        }
    }

    /** An HTTP/1.1 response read off a socket: its head in lower case, and its body of Content-Length bytes. */
    private record Response(int status, String head, String body) {

        static Response read(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int next = in.read();
                assertThat(next).as("the response's head is complete").isNotEqualTo(-1);
                head.write(next);
            }
            String text = head.toString(StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
            int length = text.lines().filter(line -> line.startsWith("content-length:"))
                    .mapToInt(line -> Integer.parseInt(line.substring("content-length:".length()).strip()))
                    .findFirst().orElse(0);
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            return new Response(Integer.parseInt(text.substring(9, 12)), text, body);
        }
    }
}
