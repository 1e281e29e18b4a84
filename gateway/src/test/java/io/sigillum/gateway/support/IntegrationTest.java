package io.sigillum.gateway.support;

import java.time.Duration;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** Base of the gateway's integration tests: the whole application on a random port over real PostgreSQL and Redis. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // cheap Argon2 in tests; production keeps the OWASP setting
        "sigillum.secret-hashing.argon2-memory-kib=1024", "sigillum.secret-hashing.argon2-iterations=1",
        "sigillum.dev-data.enabled=false", "sigillum.metrics.scrape-token=" + IntegrationTest.SCRAPE_TOKEN,
        // the tests that leave abandoned issuances retry or sweep them themselves, at a moment of their choosing
        "sigillum.certificate.abandoned-sweep=0s"})
@AutoConfigureWebTestClient(timeout = "30s") // a 2-core CI machine can stall a request for seconds under load
@ExtendWith(InfrastructureExtension.class)
public abstract class IntegrationTest {

    /** The metrics' scrape token in every integration test's gateway. */
    protected static final String SCRAPE_TOKEN = "integration-tests-scrape-token-0123456789";

    static {
        TestInfrastructure.install();
    }

    @Autowired
    protected WebTestClient web;

    @Value("${local.server.port}")
    protected int port;

    /**
     * A client whose connections are its own and used once, for a request the server refuses before reading its body
     * (413, 431): the server then closes the connection, and had it gone back to the shared client's pool, the next
     * test to take it would meet a reset.
     */
    protected WebTestClient unpooled() {
        return WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.newConnection())))
                .baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(30)).build();
    }

    /**
     * Runs {@code exchange}, a request whose body the server refuses part-way (413), until its answer is read, at most
     * five times: the server answers as soon as the limit is crossed and closes the connection, and a client still
     * sending its body may meet the reset before it reads the answer.
     */
    protected static void evenIfCutShort(Runnable exchange) {
        for (int attempt = 1; ; attempt++) {
            try {
                exchange.run();
                return;
            } catch (WebClientRequestException cut) {
                if (attempt == 5) {
                    throw cut;
                }
            }
        }
    }
}
