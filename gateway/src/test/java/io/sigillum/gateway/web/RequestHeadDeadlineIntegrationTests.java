package io.sigillum.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.gateway.support.GatewayInstance;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A connection has {@code sigillum.http.request-head-timeout} (here 1 s) to deliver each request head whole, from being
 * accepted or answered: an idle keep-alive connection and one trickling its head a byte at a time are both closed, while
 * a request whose head has come is served however slowly its body follows.
 */
class RequestHeadDeadlineIntegrationTests {

    private static final Duration DEADLINE = Duration.ofSeconds(1);
    /** What closing may take beyond the deadline on a loaded 2-core machine. */
    private static final Duration SLACK = Duration.ofMillis(1500);
    private static final String INFO = "POST /csc/v2/info HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Content-Length: 2\r\n\r\n{}";

    private static GatewayInstance gateway;

    @BeforeAll
    static void start() {
        gateway = GatewayInstance.start(Map.of("sigillum.http.request-head-timeout", DEADLINE.toMillis() + "ms"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAtTheDeadline() throws Exception {
        try (Socket socket = connect()) {
            long start = System.nanoTime();
            assertThat(socket.getInputStream().read()).as("closed without an answer").isEqualTo(-1);
            assertThat(since(start)).isBetween(DEADLINE.minusMillis(100), DEADLINE.plus(SLACK));
        }
    }

    @Test
    void aHeadTrickledInByteByByteIsCutOffAtTheDeadline() throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            long start = System.nanoTime();
            byte[] head = "GET /csc/v2/info HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
            boolean closed = false;
            for (int i = 0; i < 40 && !closed; i++) { // 40 × 100 ms would outlast the deadline four times over
                closed = !send(out, new byte[] {head[Math.min(i, head.length - 1)]}) || peerClosed(socket, 100);
            }
            assertThat(closed).as("the trickling connection was closed").isTrue();
            assertThat(since(start)).isLessThanOrEqualTo(DEADLINE.plus(SLACK));
        }
    }

    @Test
    void aKeptAliveConnectionServesWithinTheDeadlineAndIsClosedWhenIdlePastIt() throws Exception {
        try (Socket socket = connect()) {
            for (int i = 0; i < 3; i++) {
                socket.getOutputStream().write(INFO.getBytes(StandardCharsets.US_ASCII));
                assertThat(readResponseHead(socket.getInputStream())).startsWith("HTTP/1.1 200");
                Thread.sleep(DEADLINE.toMillis() / 2); // each wait alone is within the deadline, all three beyond it
            }
            long start = System.nanoTime();
            assertThat(drainToEnd(socket.getInputStream())).as("closed once idle past the deadline").isTrue();
            assertThat(since(start)).isLessThanOrEqualTo(DEADLINE.plus(SLACK));
        }
    }

    @Test
    void aRequestWhoseHeadHasComeIsServedHoweverSlowlyItsBodyFollows() throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write("POST /csc/v2/info HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 14\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            for (byte b : "{\"lang\":\"en\"} ".getBytes(StandardCharsets.US_ASCII)) {
                Thread.sleep(150); // 14 × 150 ms: twice the deadline
                out.write(b);
                out.flush();
            }
            assertThat(readResponseHead(socket.getInputStream())).startsWith("HTTP/1.1 200");
        }
    }

    /**
     * Pipelined requests wait behind the answers before them, so a client that takes none of its answers would hold its
     * connection for good: once the answers waiting for it have not moved for a deadline, the connection is closed.
     */
    @Test
    void aClientThatTakesNoneOfItsAnswersWhileMoreOfItsRequestsWaitIsCutOff() throws Exception {
        int requests = 5000; // ~6 MB of answers, more than the socket buffers of both ends hold
        ByteArrayOutputStream answers = new ByteArrayOutputStream();
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()));
            socket.getOutputStream().write("GET /csc/v2/info HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".repeat(requests)
                    .getBytes(StandardCharsets.US_ASCII));
            Thread.sleep(DEADLINE.multipliedBy(3).plus(SLACK).toMillis()); // the client reads nothing meanwhile
            socket.setSoTimeout(10_000);
            socket.getInputStream().transferTo(answers);
        } catch (SocketException reset) {
            // closed with requests unread: a reset after the answers that were already on their way
        }
        int served = answers.toString(StandardCharsets.UTF_8).split("HTTP/1\\.1 200 ", -1).length - 1;
        assertThat(served).as("answers before the connection was cut").isPositive().isLessThan(requests);
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", gateway.port());
        socket.setSoTimeout((int) DEADLINE.plus(SLACK).multipliedBy(2).toMillis());
        return socket;
    }

    private static boolean send(OutputStream out, byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return true;
        } catch (IOException closedByPeer) {
            return false;
        }
    }

    /** Whether the peer has closed the connection, waiting up to {@code millis} for it. */
    private static boolean peerClosed(Socket socket, int millis) throws IOException {
        int timeout = socket.getSoTimeout();
        socket.setSoTimeout(millis);
        try {
            return socket.getInputStream().read() == -1;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        } finally {
            socket.setSoTimeout(timeout);
        }
    }

    /** Reads until the peer closes (true) or the socket's timeout passes (false), skipping whatever comes first. */
    private static boolean drainToEnd(InputStream in) throws IOException {
        try {
            while (in.read() != -1) {
                // nothing more is expected; read through anything until the end
            }
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        }
    }

    /** The status line and headers of one response, and its Content-Length body consumed. */
    private static String readResponseHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("the connection ended inside a response head: " + head).isNotEqualTo(-1);
            head.append((char) b);
        }
        int length = head.toString().lines().filter(line -> line.toLowerCase().startsWith("content-length:"))
                .mapToInt(line -> Integer.parseInt(line.substring(line.indexOf(':') + 1).strip())).findFirst().orElse(0);
        assertThat(in.readNBytes(length)).hasSize(length);
        return head.toString();
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
