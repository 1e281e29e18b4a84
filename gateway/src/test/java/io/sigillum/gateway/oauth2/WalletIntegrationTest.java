package io.sigillum.gateway.oauth2;

import io.sigillum.gateway.account.AccountService;
import io.sigillum.gateway.auth.PlatformClient;
import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.support.PlatformIntegrationTest;
import io.sigillum.gateway.support.SigningFixtures;
import io.sigillum.signer.algorithm.KeyAlgorithm;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A test of the code flow: a wallet (an oauth2code platform) and a holder's credential linked to it. */
abstract class WalletIntegrationTest extends PlatformIntegrationTest {

    /** The wallet's registered redirect URI; a loopback one, so any port of it is registered too. */
    static final String REGISTERED = "http://127.0.0.1/callback";

    /** Where the test's platform says it waits for the holder's return. */
    static final String CALLBACK = "http://127.0.0.1:43210/callback";
    static final String PASSWORD = "holder-password-1";

    @Autowired
    AccountService accounts;

    protected PlatformClient wallet;
    protected Credential credential;
    /** The account that holds {@code credential}, once {@link #holderEmail} made it. */
    String email;

    @BeforeEach
    void aWalletAndAHolder() {
        wallet = fixtures.wallet(List.of(REGISTERED));
        credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        fixtures.link(credential, wallet);
    }

    /** The holder's account (its CSC userID is the credential's) and a page with scope=service opened for it. */
    PageVisitor serviceLogin() {
        holderEmail();
        PageVisitor browser = visitor(wallet);
        browser.open(browser.push(Map.of("scope", "service")));
        return browser;
    }

    /** The sign-in of the account that holds {@code credential}, made on first use. */
    String holderEmail() {
        if (email == null) {
            email = "holder-" + UUID.randomUUID() + "@example.com";
            accounts.ensureSigner(email, PASSWORD, credential.userId()).block();
        }
        return email;
    }

    /** Signs the holder in on a page opened by {@link #serviceLogin}: the code the platform receives. */
    String signIn(PageVisitor browser) {
        return browser.codeFrom(browser.post(Map.of("action", "login", "email", email, "password", PASSWORD)));
    }

    /** The wallet's refresh grant with {@code token}. */
    WebTestClient.ResponseSpec refresh(String token) {
        return web.post().uri("/oauth2/token").headers(h -> h.setBasicAuth(wallet.clientId(), SigningFixtures.secretOf(wallet.clientId())))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("grant_type=refresh_token&refresh_token=" + token).exchange();
    }

    PageVisitor visitor(PlatformClient client) {
        return new PageVisitor(web, client.clientId(), CALLBACK);
    }
}
