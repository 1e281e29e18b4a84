package io.sigillum.gateway.devdata;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.gateway.account.AccountService;
import io.sigillum.gateway.auth.PlatformClientRepository;
import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.credential.CredentialRepository;
import io.sigillum.gateway.credential.CredentialStatus;
import io.sigillum.gateway.issuance.IssuanceFixtures;
import io.sigillum.gateway.support.CscClient;
import io.sigillum.gateway.support.IntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** {@code sigillum.dev-data.load-users}: N more users made like demo-user, each with a credential and phone of its own. */
@TestPropertySource(properties = {"sigillum.dev-data.enabled=true", "sigillum.dev-data.load-users=3",
        "sigillum.dev-data.admin-password=load-users-test-admin"})
class LoadUsersIntegrationTests extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    DemoDataBootstrap bootstrap;

    @Autowired
    CredentialRepository credentials;

    @Autowired
    PlatformClientRepository platforms;

    @Autowired
    AccountService accountService;

    @Autowired
    DatabaseClient db;

    @Test
    void everyLoadUserHasItsOwnActiveCredentialAndPhoneUsableByBothDemoPlatforms() {
        UUID platform = platforms.findByClientId(DevDataProperties.PLATFORM).block(WAIT).id();
        UUID wallet = platforms.findByClientId(DevDataProperties.WALLET).block(WAIT).id();

        List<Credential> made = IntStream.rangeClosed(1, 3).mapToObj(n -> only(DevDataProperties.loadUser(n), platform)).toList();

        assertThat(made).extracting(Credential::status).containsOnly(CredentialStatus.ACTIVE);
        assertThat(made).extracting(Credential::phone).containsExactly("+48601000001", "+48601000002", "+48601000003")
                .doesNotContain(DevDataProperties.PHONE);
        assertThat(made).extracting(Credential::id).doesNotHaveDuplicates()
                .doesNotContain(only(DevDataProperties.USER, platform).id());
        assertThat(made).allSatisfy(credential -> assertThat(credential.certificate()).isPresent());
        IntStream.rangeClosed(1, 3).forEach(n -> assertThat(only(DevDataProperties.loadUser(n), wallet).id())
                .isEqualTo(made.get(n - 1).id()));
        CscClient platformClient = CscClient.login(web, DevDataProperties.PLATFORM, DevDataProperties.PLATFORM_SECRET);
        assertThat(platformClient.ok("credentials/list", Map.of("userID", "load-user-2")).get("credentialIDs").get(0).asString())
                .isEqualTo(made.get(1).id());
    }

    @Test
    void aLoadUserSignsInWithTheDemoPassword() {
        web.post().uri("/api/v1/sessions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", "load-user-3@demo.local", "password", DevDataProperties.USER_PASSWORD))
                .exchange().expectStatus().isCreated().expectBody().jsonPath("$.token").isNotEmpty();
    }

    @Test
    void aSecondStartMakesNoSecondCredential() {
        UUID platform = platforms.findByClientId(DevDataProperties.PLATFORM).block(WAIT).id();
        String before = only("load-user-1", platform).id();

        bootstrap.run(new DefaultApplicationArguments());

        assertThat(only("load-user-1", platform).id()).isEqualTo(before);
    }

    /** A holder who locked the demo credential with wrong PINs can have it unlocked by an operator of the demo organisation. */
    @Test
    void anOperatorOfTheDemoOrganisationUnlocksTheDemoCredential() {
        Credential demo = only(DevDataProperties.USER, platforms.findByClientId(DevDataProperties.PLATFORM).block(WAIT).id());
        IssuanceFixtures accounts = new IssuanceFixtures(web, accountService);
        String admin = web.post().uri("/api/v1/sessions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", "admin@demo.local", "password", "load-users-test-admin"))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("token").asString();
        String operator = accounts.newOperator(admin).token();
        String foreignOperator = accounts.newOperator(accounts.newOrganisationAdmin()).token();
        db.sql("UPDATE credential SET status = 'LOCKED' WHERE id = :id")
                .bind("id", demo.id()).then().block(WAIT);

        web.post().uri("/api/v1/operator/credentials/{id}/unlock", demo.id()).headers(h -> h.setBearerAuth(foreignOperator))
                .exchange().expectStatus().isNotFound();
        web.post().uri("/api/v1/operator/credentials/{id}/unlock", demo.id()).headers(h -> h.setBearerAuth(operator))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("ACTIVE");
    }

    private Credential only(String user, UUID platform) {
        List<Credential> found = credentials.findByUserForPlatform(user, platform).collectList().block(WAIT);
        assertThat(found).as(user + "'s credentials").hasSize(1);
        return found.getFirst();
    }
}
