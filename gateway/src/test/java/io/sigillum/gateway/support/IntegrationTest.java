package io.sigillum.gateway.support;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Base of the gateway's integration tests: the whole application on a random port over real PostgreSQL and Redis. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // cheap Argon2 in tests; production keeps the OWASP setting
        "sigillum.secret-hashing.argon2-memory-kib=1024", "sigillum.secret-hashing.argon2-iterations=1",
        "sigillum.dev-data.enabled=false"})
@AutoConfigureWebTestClient(timeout = "30s") // a 2-core CI machine can stall a request for seconds under load
@ExtendWith(InfrastructureExtension.class)
public abstract class IntegrationTest {

    static {
        TestInfrastructure.install();
    }

    @Autowired
    protected WebTestClient web;
}
