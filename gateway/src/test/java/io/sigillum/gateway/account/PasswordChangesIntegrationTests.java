package io.sigillum.gateway.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigillum.gateway.issuance.IssuanceFixtures;
import io.sigillum.gateway.support.DevOutbox;
import io.sigillum.gateway.support.HeadlessChromium;
import io.sigillum.gateway.support.IntegrationTest;
import io.sigillum.gateway.support.TestInfrastructure;
import io.sigillum.gateway.web.ApiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import tools.jackson.databind.JsonNode;

/**
 * A signed-in holder changes the password with the current one: a wrong one is counted as at login, and the change ends
 * every session but the new one it answers with.
 *
 * <p>"I forgot my password": the link e-mailed to an account's own address sets a new password once, ends the account's
 * sessions, spends its other links and clears a lockout; an unknown address is answered alike and written to never; the
 * links one address may get are limited. The pages in a real browser (Debian's headless Chromium) and without a script.
 */
class PasswordChangesIntegrationTests extends IntegrationTest {

    private static final Pattern LINK = Pattern.compile("(\\S+/password-reset/new)#(\\S+)");
    private static final String NEW_PASSWORD = "a new password 12345";

    @Autowired
    AccountService accounts;

    @Autowired
    DatabaseClient db;

    @Autowired
    SessionStore sessions;

    @TempDir
    Path profile;

    private WebDriver browser;

    @BeforeAll
    static void chromiumIsInstalled() {
        HeadlessChromium.assertInstalled();
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theEmailedLinkSetsANewPasswordOnceAndEndsEverySessionOfTheAccount() {
        String email = newAccount();
        String session = new IssuanceFixtures(web, accounts).login(email);

        askForLink(email, "en").expectStatus().isAccepted()
                .expectBody().jsonPath("$.message").isEqualTo("If " + email + " is an account's address, a link to set a new "
                        + "password was sent to it");
        JsonNode message = awaitLink(email, "");
        assertThat(message.path("subject").asString()).isEqualTo("Setting a new password");
        String token = tokenIn(message);
        assertThat(message.path("text").asString()).startsWith("Someone asked to set a new password for the account " + email
                + ". If it was you, open ").contains("the link works once and is valid until");

        // a password against the rules is refused, and the link still works
        complete(token, "short").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("password");
        complete(token, NEW_PASSWORD).expectStatus().isNoContent();

        web.get().uri("/api/v1/accounts/me").headers(h -> h.setBearerAuth(session)).exchange().expectStatus().isUnauthorized();
        login(email, IssuanceFixtures.PASSWORD).expectStatus().isUnauthorized();
        login(email, NEW_PASSWORD).expectStatus().isCreated();
        complete(token, "yet another password 1").expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("reset_link_not_found");
        login(email, NEW_PASSWORD).expectStatus().isCreated();

        JsonNode changed = DevOutbox.awaitTo(email, mail -> mail.path("subject").asString().endsWith("was changed"));
        assertThat(changed.path("subject").asString())
                .isEqualTo("Hasło do Twojego konta zostało zmienione / The password of your account was changed");
        assertThat(changed.path("text").asString()).contains("every session of the account was signed out")
                .doesNotContain(token);
    }

    @Test
    void aSignedInHolderChangesThePasswordWithTheCurrentOneAndOnlyTheNewSessionStays() {
        String email = newAccount();
        IssuanceFixtures fixtures = new IssuanceFixtures(web, accounts);
        String elsewhere = fixtures.login(email);
        String here = fixtures.login(email);

        change(here, "not the password 1", NEW_PASSWORD).expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("wrong_password");
        change(here, IssuanceFixtures.PASSWORD, "short").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("newPassword");
        change(null, IssuanceFixtures.PASSWORD, NEW_PASSWORD).expectStatus().isUnauthorized();
        change(here, IssuanceFixtures.PASSWORD, IssuanceFixtures.PASSWORD).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].code").isEqualTo("Unchanged");
        login(email, IssuanceFixtures.PASSWORD).expectStatus().isCreated();

        String fresh = change(here, IssuanceFixtures.PASSWORD, NEW_PASSWORD).expectStatus().isOk()
                .expectHeader().valueEquals("Cache-Control", "no-store")
                .expectBody(JsonNode.class).returnResult().getResponseBody().path("token").asString();
        for (String ended : new String[] {elsewhere, here}) {
            web.get().uri("/api/v1/accounts/me").headers(h -> h.setBearerAuth(ended)).exchange().expectStatus().isUnauthorized();
        }
        web.get().uri("/api/v1/accounts/me").headers(h -> h.setBearerAuth(fresh)).exchange().expectStatus().isOk();
        login(email, IssuanceFixtures.PASSWORD).expectStatus().isUnauthorized();
        login(email, NEW_PASSWORD).expectStatus().isCreated();
        assertThat(DevOutbox.awaitTo(email, message -> message.path("subject").asString().endsWith("was changed"))
                .path("subject").asString())
                .isEqualTo("Hasło do Twojego konta zostało zmienione / The password of your account was changed");

        // wrong current passwords count towards the lockout, as at login
        for (int i = 0; i < 5; i++) {
            change(fresh, "wrong current " + i, "whatever new 12345");
        }
        change(fresh, NEW_PASSWORD, "whatever new 12345").expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                .expectBody().jsonPath("$.code").isEqualTo("account_locked");
    }

    /**
     * A sign-in checks the password, then opens its session, a hash's time later: one that checked the old password
     * while the password changed must not get a session that outlives the change.
     */
    @Test
    void aSignInThatCheckedTheOldPasswordBeforeAChangeGetsNoSessionThatOutlivesIt() {
        String email = newAccount();
        String session = new IssuanceFixtures(web, accounts).login(email);
        JsonNode me = web.get().uri("/api/v1/accounts/me").headers(h -> h.setBearerAuth(session)).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        CurrentAccount account = new CurrentAccount(UUID.fromString(me.path("id").asString()), Role.APPLICANT,
                Optional.empty(), Optional.empty());
        Instant checkedBeforeTheChange = Instant.now();

        change(session, IssuanceFixtures.PASSWORD, NEW_PASSWORD).expectStatus().isOk();

        assertThatThrownBy(() -> sessions.open(account, checkedBeforeTheChange).block(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(ApiException.class, refused -> assertThat(refused.code()).isEqualTo("invalid_credentials"));
        // the session it stored on the way was taken back, and a sign-in checked after the change gets one
        SessionStore.Session after = sessions.open(account, Instant.now().plusMillis(1)).block(Duration.ofSeconds(10));
        web.get().uri("/api/v1/accounts/me").headers(h -> h.setBearerAuth(after.token())).exchange().expectStatus().isOk();
    }

    @Test
    void aPasswordWithABrokenCharacterIsRefusedSoThatNoTwoPasswordsHashAlike() {
        for (String broken : new String[] {"long enough \ud800", "long enough \udfff", "\udc00\ud800 long enough"}) {
            web.post().uri("/api/v1/accounts/register").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("email", IssuanceFixtures.unique("broken") + "@test.local", "password", broken)).exchange()
                    .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("password");
        }
        // a whole character outside the BMP (a surrogate pair) is a character like any other
        web.post().uri("/api/v1/accounts/register").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", IssuanceFixtures.unique("emoji") + "@test.local", "password", "long enough \ud83d\udd11"))
                .exchange().expectStatus().isCreated();
    }

    @Test
    void anUnknownAddressIsAnsweredAsAKnownOneAndWrittenToNever() {
        String nobody = IssuanceFixtures.unique("nobody") + "@test.local";
        askForLink(nobody, null).expectStatus().isAccepted()
                .expectBody().jsonPath("$.message").isEqualTo("If " + nobody + " is an account's address, a link to set a new "
                        + "password was sent to it");
        // a known address asked after it has its link: had the unknown one been written to, that would be done too
        String known = newAccount();
        askForLink(known, null).expectStatus().isAccepted();
        awaitLink(known, "");
        assertThat(outboxMentions(nobody)).isFalse();
        // the stored form of a link is its hash: a made-up token finds nothing
        complete("made-up-token", NEW_PASSWORD).expectStatus().isNotFound();
    }

    @Test
    void aNewPasswordSpendsTheAccountsOtherLinksAndClearsItsLockout() {
        String email = newAccount();
        askForLink(email, "pl").expectStatus().isAccepted();
        JsonNode firstMessage = awaitLink(email, "");
        String first = tokenIn(firstMessage);
        assertThat(firstMessage.path("subject").asString()).isEqualTo("Ustawienie nowego hasła");
        askForLink(email, "pl").expectStatus().isAccepted();
        String second = tokenIn(awaitLink(email, first));
        assertThat(second).isNotEqualTo(first);
        for (int i = 0; i < 5; i++) {
            login(email, "a wrong password " + i);
        }
        login(email, IssuanceFixtures.PASSWORD).expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS);

        complete(second, NEW_PASSWORD).expectStatus().isNoContent();
        complete(first, "another new password").expectStatus().isNotFound();
        login(email, NEW_PASSWORD).expectStatus().isCreated();
    }

    @Test
    void anExpiredLinkIsRefused() {
        String email = newAccount();
        askForLink(email, "en").expectStatus().isAccepted();
        String token = tokenIn(awaitLink(email, ""));
        db.sql("UPDATE password_reset SET expires_at = now() - interval '1 second' WHERE token_hash = :hash")
                .bind("hash", OpaqueTokens.hash(token)).then().block(Duration.ofSeconds(10));
        complete(token, NEW_PASSWORD).expectStatus().isNotFound();
        login(email, IssuanceFixtures.PASSWORD).expectStatus().isCreated();
    }

    @Test
    void anAddressIsSentAFewLinksAnHourWhetherItHasAnAccountOrNot() {
        String known = newAccount();
        String unknown = IssuanceFixtures.unique("nobody") + "@test.local";
        for (String address : new String[] {known, unknown}) {
            for (int i = 0; i < 3; i++) {
                askForLink(address, "en").expectStatus().isAccepted();
            }
            askForLink(address, "en").expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
                    .expectHeader().exists("Retry-After")
                    .expectBody().jsonPath("$.code").isEqualTo("too_many_requests");
        }
        // another address is not held back by these
        askForLink(IssuanceFixtures.unique("other") + "@test.local", "en").expectStatus().isAccepted();
        // what the API refuses as malformed
        web.post().uri("/api/v1/accounts/password-reset").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", "not an address")).exchange().expectStatus().isBadRequest();
        web.post().uri("/api/v1/accounts/password-reset").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", known, "lang", "de")).exchange().expectStatus().isBadRequest();
        complete("x".repeat(129), NEW_PASSWORD).expectStatus().isBadRequest();
    }

    @Test
    void inABrowserThePersonAsksForALinkOpensItAndSetsANewPassword() {
        String email = newAccount();

        browser = HeadlessChromium.start(profile, "pl");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.ignoring(WebDriverException.class);
        browser.get("http://localhost:" + port + "/password-reset");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("send")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Ustaw nowe hasło");
        browser.findElement(By.id("email")).sendKeys(email);
        browser.findElement(By.id("send")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("next")));
        assertThat(browser.findElement(By.id("message")).getText()).startsWith("Jeśli " + email + " to adres konta");
        JsonNode message = awaitLink(email, "");
        // asked on a Polish page: the e-mail is in Polish only
        assertThat(message.path("text").asString()).startsWith("Ktoś poprosił o ustawienie nowego hasła").doesNotContain("Someone");
        String token = tokenIn(message);

        browser.get("about:blank");
        browser.get("http://localhost:" + port + "/password-reset/new#" + token);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("set")));
        // the script took the token out of the address bar and into the form, whose field it hid
        assertThat(browser.getCurrentUrl()).doesNotContain(token).doesNotContain("#");
        assertThat(browser.findElement(By.id("token")).getDomProperty("value")).isEqualTo(token);
        assertThat(browser.findElement(By.id("token-field")).isDisplayed()).isFalse();
        browser.findElement(By.id("password")).sendKeys(NEW_PASSWORD);
        browser.findElement(By.id("repeat")).sendKeys("something else 12345");
        browser.findElement(By.id("set")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "Hasła się różnią"));
        browser.findElement(By.id("password")).sendKeys(NEW_PASSWORD);
        browser.findElement(By.id("repeat")).sendKeys(NEW_PASSWORD);
        browser.findElement(By.id("set")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("next")));
        assertThat(browser.findElement(By.id("message")).getText()).isEqualTo("Hasło do konta " + email + " jest ustawione.");
        login(email, NEW_PASSWORD).expectStatus().isCreated();
    }

    @Test
    void withoutTheScriptThePagesSayWhatIsWrongInTheirLanguage() {
        String email = newAccount();
        String page = web.get().uri("/password-reset/new").header("Accept-Language", "en-GB,en;q=0.9").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("Content-Language", "en")
                .expectHeader().valueMatches("Content-Security-Policy", ".*script-src 'self'.*form-action 'self';.*")
                .expectHeader().valueEquals("X-Frame-Options", "DENY")
                .expectHeader().valueEquals("Cache-Control", "no-store")
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(page).contains("Code from the e-mail", "name=\"token\"", "/pages/token-from-fragment.js");

        assertThat(ask("en", "not an address", HttpStatus.BAD_REQUEST)).contains("Enter the e-mail address of your account");
        assertThat(ask("en", "alice\u0000@test.local", HttpStatus.BAD_REQUEST)).contains("Enter the e-mail address of your account");
        assertThat(ask("en", email, HttpStatus.OK)).contains("a link to set a new password is on its way", "30 minutes");
        JsonNode message = awaitLink(email, "");
        String token = tokenIn(message);
        assertThat(message.path("text").asString()).startsWith("Someone asked");

        assertThat(set("pl", token, "krótkie", "krótkie", HttpStatus.BAD_REQUEST)).contains("co najmniej 10")
                .contains("value=\"" + token + "\"");
        assertThat(set("en", token, NEW_PASSWORD, "differs 1234567", HttpStatus.BAD_REQUEST)).contains("passwords differ");
        assertThat(set("en", "", NEW_PASSWORD, NEW_PASSWORD, HttpStatus.BAD_REQUEST)).contains("Enter the code from the e-mail");
        assertThat(set("en", "no-such-token", NEW_PASSWORD, NEW_PASSWORD, HttpStatus.NOT_FOUND)).contains("Ask for a new one");
        web.post().uri("/password-reset/new").accept(MediaType.APPLICATION_JSON).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("token", token).with("password", NEW_PASSWORD).with("repeat", NEW_PASSWORD))
                .exchange().expectStatus().isEqualTo(HttpStatus.NOT_ACCEPTABLE);
        web.post().uri("/password-reset/new").contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("token=%zz&password=%")
                .header("Accept-Language", "en").exchange().expectStatus().isBadRequest()
                .expectBody(String.class).value(body -> assertThat(body).contains("The form could not be read"));
        // a field given twice: which one counted would be a guess (the link would go to one address of two)
        String other = newAccount();
        web.post().uri("/password-reset?lang=en").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("email", other).with("email", email)).exchange()
                .expectStatus().isBadRequest().expectBody(String.class)
                .value(body -> assertThat(body).contains("The form could not be read"));
        assertThatThrownBy(() -> DevOutbox.lastTo(other)).as("no link to either address").isInstanceOf(AssertionError.class);
        web.post().uri("/password-reset/new?lang=en").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("token", token).with("password", NEW_PASSWORD).with("repeat", NEW_PASSWORD)
                        .with("password", "another password 1")).exchange()
                .expectStatus().isBadRequest();
        // the page takes the addresses the API takes, no others
        web.post().uri("/password-reset?lang=en").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("email", "\"><b>@x.com")).exchange().expectStatus().isBadRequest();
        web.post().uri("/password-reset?lang=en").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("email", "\"a b\"@x.com")).exchange().expectStatus().isBadRequest();
        web.post().uri("/password-reset?lang=en").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("email", "o'brien+" + System.nanoTime() + "@x.com")).exchange().expectStatus().isOk();
        // bytes that are not UTF-8 (decoded to U+FFFD): two different ones would pass as the same password, typed twice
        web.post().uri("/password-reset/new?lang=en").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("token=" + token + "&password=%ff%fe%fd%fcaaaaaaaaaaaa&repeat=%80%81%82%83aaaaaaaaaaaa").exchange()
                .expectStatus().isBadRequest().expectBody(String.class)
                .value(body -> assertThat(body).contains("The form could not be read"));
        assertThat(set("en", token, NEW_PASSWORD, NEW_PASSWORD, HttpStatus.OK)).contains("The password of " + email + " is set");
        assertThat(set("en", token, NEW_PASSWORD, NEW_PASSWORD, HttpStatus.NOT_FOUND)).contains("already used");

        ask("en", email, HttpStatus.OK);
        ask("en", email, HttpStatus.OK);
        web.post().uri("/password-reset?lang=pl").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("email", email)).exchange()
                .expectStatus().isEqualTo(HttpStatus.TOO_MANY_REQUESTS).expectHeader().exists("Retry-After")
                .expectBody(String.class).value(body -> assertThat(body).contains("spróbuj ponownie za godzinę"));
    }

    private String newAccount() {
        String email = IssuanceFixtures.unique("forgetful") + "@test.local";
        web.post().uri("/api/v1/accounts/register").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", IssuanceFixtures.PASSWORD)).exchange().expectStatus().isCreated();
        return email;
    }

    private WebTestClient.ResponseSpec askForLink(String email, String lang) {
        Map<String, String> body = lang == null ? Map.of("email", email) : Map.of("email", email, "lang", lang);
        return web.post().uri("/api/v1/accounts/password-reset").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private WebTestClient.ResponseSpec complete(String token, String password) {
        return web.post().uri("/api/v1/accounts/password-reset/complete").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("token", token, "password", password)).exchange();
    }

    private WebTestClient.ResponseSpec change(String session, String current, String next) {
        return web.post().uri("/api/v1/accounts/me/password").headers(h -> {
                    if (session != null) {
                        h.setBearerAuth(session);
                    }
                }).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("currentPassword", current, "newPassword", next)).exchange();
    }

    private WebTestClient.ResponseSpec login(String email, String password) {
        return web.post().uri("/api/v1/sessions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", password)).exchange();
    }

    private String ask(String lang, String email, HttpStatus expected) {
        return web.post().uri("/password-reset?lang={lang}", lang).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("email", email))
                .exchange().expectStatus().isEqualTo(expected).expectBody(String.class).returnResult().getResponseBody();
    }

    private String set(String lang, String token, String password, String repeat, HttpStatus expected) {
        return web.post().uri("/password-reset/new?lang={lang}", lang).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("token", token).with("password", password).with("repeat", repeat))
                .exchange().expectStatus().isEqualTo(expected).expectBody(String.class).returnResult().getResponseBody();
    }

    /** The newest password-reset e-mail to {@code email} whose code is not {@code other}, waited for: it follows the answer. */
    private static JsonNode awaitLink(String email, String other) {
        return DevOutbox.awaitTo(email, message -> !message.path("code").isMissingNode() && !message.path("code").isNull()
                && !message.path("code").asString().isEmpty() && !other.equals(message.path("code").asString()));
    }

    /** The e-mail's link: the page, then the token as its fragment (so the browser never sends it anywhere). */
    private static String tokenIn(JsonNode message) {
        Matcher link = LINK.matcher(message.path("text").asString());
        assertThat(link.find()).as("a link to the password-reset page in %s", message).isTrue();
        assertThat(link.group(2)).isEqualTo(message.path("code").asString());
        return link.group(2);
    }

    private static boolean outboxMentions(String address) {
        try {
            return Files.readString(TestInfrastructure.outboxFile()).contains(address);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
