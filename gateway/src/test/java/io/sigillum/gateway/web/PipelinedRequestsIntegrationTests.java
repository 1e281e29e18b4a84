package io.sigillum.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.gateway.support.IntegrationTest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Pipelined requests (RFC 9112 §9.3.2) are answered in order however many come at once, and a client that pipelines
 * without reading its answers is held back by TCP: the server stops reading it, rather than queueing whatever it sends
 * (Reactor Netty's queue of pipelined requests has no bound: 43 MB of small requests filled a 512 MB heap, and the
 * gateway answered nobody any more).
 */
class PipelinedRequestsIntegrationTests extends IntegrationTest {

    private static final String INFO = "GET /csc/v2/info HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    /** Answered 401: a CSC method other than info asks for a token before anything else. */
    private static final String WITHOUT_TOKEN = "GET /csc/v2/credentials/list HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

    @Test
    void manyMoreRequestsThanAreReadAheadAreAllAnsweredInOrder() throws Exception {
        int count = DecodeFailureResponder.MAX_UNANSWERED * 8;
        StringBuilder requests = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < count - 1; i++) {
            requests.append(i % 3 == 2 ? WITHOUT_TOKEN : INFO);
            expected.add(i % 3 == 2 ? "401" : "200");
        }
        requests.append("GET /csc/v2/info HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        expected.add("200");
        String answers;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(requests.toString().getBytes(StandardCharsets.US_ASCII));
            answers = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> statuses = new ArrayList<>();
        for (Matcher status = Pattern.compile("HTTP/1\\.1 (\\d{3}) ").matcher(answers); status.find(); ) {
            statuses.add(status.group(1));
        }
        assertThat(statuses).isEqualTo(expected);
    }

    @Test
    void aClientThatPipelinesWithoutReadingItsAnswersIsHeldBackByTcp() throws Exception {
        byte[] chunk = INFO.repeat(1400).getBytes(StandardCharsets.US_ASCII); // ~64 kB
        long flood = 24L << 20;
        AtomicLong written = new AtomicLong();
        Socket socket = new Socket();
        Thread writer;
        try {
            socket.setReceiveBufferSize(4096); // it reads nothing anyway; its answers pile up in the server's buffers
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            writer = Thread.ofVirtual().start(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    while (written.get() < flood) {
                        out.write(chunk);
                        written.addAndGet(chunk.length);
                    }
                } catch (IOException closed) {
                    // the test closes the socket under a blocked write
                }
            });
            long last = -1;
            for (int i = 0; i < 100 && written.get() != last && written.get() < flood; i++) {
                last = written.get();
                Thread.sleep(1000); // until the writer stops getting anywhere: blocked by TCP, or done
            }
            assertThat(written.get()).as("bytes the server took from a client that reads nothing").isLessThan(flood / 2);
        } finally {
            socket.close();
        }
        writer.join(10_000);
        web.get().uri("/csc/v2/info").exchange().expectStatus().isOk();
    }
}
