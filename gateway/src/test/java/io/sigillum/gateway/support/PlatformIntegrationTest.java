package io.sigillum.gateway.support;

import io.sigillum.gateway.auth.PlatformClient;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** An integration test acting as a fresh platform: its own client, logged in, and fixtures to make credentials. */
public abstract class PlatformIntegrationTest extends IntegrationTest {

    @Autowired
    protected ApplicationContext context;

    protected SigningFixtures fixtures;
    protected PlatformClient platform;
    protected CscClient client;

    @BeforeEach
    void actAsANewPlatform() {
        fixtures = new SigningFixtures(context);
        platform = fixtures.platform();
        client = CscClient.login(web, platform.clientId(), SigningFixtures.secretOf(platform.clientId()));
    }
}
