package io.sigillum.gateway.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.gateway.issuance.IssuanceFixtures;
import io.sigillum.gateway.support.HeadlessChromium;
import io.sigillum.gateway.support.IntegrationTest;
import io.sigillum.gateway.support.TestInfrastructure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
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
import org.springframework.web.reactive.function.BodyInserters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The page an operator's invitation e-mail links to: in a real browser (Debian's headless Chromium) the invited person
 * opens the e-mail's link, sets a password and signs in with it; over plain HTTP, what a form post without the page's
 * script or with bad values gets. The token travels in the link's fragment and the form's body, never in a URL.
 */
class InvitationPageIntegrationTests extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern LINK = Pattern.compile("(\\S+/invitations)#(\\S+)");

    @Autowired
    AccountService accounts;

    @TempDir
    Path profile;

    private IssuanceFixtures fixtures;
    private String operator;
    private WebDriver browser;

    @BeforeAll
    static void chromiumIsInstalled() {
        HeadlessChromium.assertInstalled();
    }

    @BeforeEach
    void anOperator() {
        fixtures = new IssuanceFixtures(web, accounts);
        operator = fixtures.newOperator(fixtures.newOrganisationAdmin()).token();
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theInvitedPersonOpensTheEmailsLinkSetsAPasswordAndSignsIn() {
        String email = invite();
        String token = tokenOfLinkTo(email);

        browser = HeadlessChromium.start(profile, "pl");
        browser.get("http://localhost:" + port + "/invitations#" + token);
        WebDriverWait wait = waitIgnoringNavigation();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("accept")));
        // the script took the token out of the address bar and into the form, whose field it hid
        assertThat(browser.getCurrentUrl()).doesNotContain(token).doesNotContain("#");
        assertThat(browser.findElement(By.id("token")).getDomProperty("value")).isEqualTo(token);
        assertThat(browser.findElement(By.id("token-field")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Przyjmij zaproszenie");

        browser.findElement(By.id("password")).sendKeys("nowe hasło 12345");
        browser.findElement(By.id("repeat")).sendKeys("inne hasło 12345");
        browser.findElement(By.id("accept")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "Hasła się różnią"));
        assertThat(browser.getCurrentUrl()).doesNotContain(token);

        browser.findElement(By.id("password")).sendKeys("nowe hasło 12345");
        browser.findElement(By.id("repeat")).sendKeys("nowe hasło 12345");
        browser.findElement(By.id("accept")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("next")));
        assertThat(browser.findElement(By.id("message")).getText()).isEqualTo("Twoje konto " + email + " jest gotowe.");

        web.post().uri("/api/v1/sessions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", "nowe hasło 12345")).exchange().expectStatus().isCreated()
                .expectBody().jsonPath("$.token").exists();

        // the link works once (from another page: a link differing only in its fragment would not load the page again)
        browser.get("about:blank");
        browser.get("http://localhost:" + port + "/invitations#" + token);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("accept")));
        browser.findElement(By.id("password")).sendKeys("drugie hasło 12345");
        browser.findElement(By.id("repeat")).sendKeys("drugie hasło 12345");
        browser.findElement(By.id("accept")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "już wykorzystane"));
    }

    @Test
    void withoutTheScriptThePersonPastesTheCodeAndTheFormSaysWhatIsWrongInTheirLanguage() {
        String page = web.get().uri("/invitations").header("Accept-Language", "en-GB,en;q=0.9").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("Content-Language", "en")
                .expectHeader().valueEquals("Vary", "Accept-Language")
                .expectHeader().contentType("text/html;charset=UTF-8")
                .expectHeader().valueMatches("Content-Security-Policy", ".*script-src 'self'.*form-action 'self';.*")
                .expectHeader().valueEquals("X-Frame-Options", "DENY")
                .expectHeader().valueEquals("Referrer-Policy", "no-referrer")
                .expectHeader().valueEquals("Cache-Control", "no-store")
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(page).contains("Invitation code", "name=\"token\"", "/pages/token-from-fragment.js");

        String email = invite();
        String token = tokenOfLinkTo(email);
        assertThat(post("pl", token, "krótkie", "krótkie", HttpStatus.BAD_REQUEST)).contains("co najmniej 10");
        assertThat(post("en", token, "long enough 1", "long enough 2", HttpStatus.BAD_REQUEST)).contains("passwords differ")
                .contains("value=\"" + token + "\"");
        assertThat(post("en", "", "long enough 1", "long enough 1", HttpStatus.BAD_REQUEST)).contains("Enter the invitation code");
        assertThat(post("en", "no-such-token", "long enough 1", "long enough 1", HttpStatus.NOT_FOUND)).contains("unknown");
        assertThat(post("en", token, "            ", "            ", HttpStatus.BAD_REQUEST)).contains("not only spaces");
        assertThat(post("en", token, "long enough\u0000", "long enough\u0000", HttpStatus.BAD_REQUEST)).contains("not only spaces");
        // a client that takes no HTML is refused before the invitation is touched
        web.post().uri("/invitations").accept(MediaType.APPLICATION_JSON).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("token", token).with("password", "long enough 1").with("repeat", "long enough 1"))
                .exchange().expectStatus().isEqualTo(HttpStatus.NOT_ACCEPTABLE)
                .expectBody().jsonPath("$.code").isEqualTo("not_acceptable");
        web.post().uri("/api/v1/invitations/accept").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("token", token).with("password", "long enough 1")).exchange()
                .expectStatus().isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .expectBody().jsonPath("$.code").isEqualTo("unsupported_media_type");
        web.post().uri("/invitations").contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("token=%zz&password=%")
                .header("Accept-Language", "en;q=0, pl").exchange().expectStatus().isBadRequest()
                .expectHeader().valueEquals("Content-Language", "pl")
                .expectBody(String.class).value(body -> assertThat(body).contains("Nie udało się odczytać formularza"));
        assertThat(post("en", token, "long enough 1", "long enough 1", HttpStatus.CREATED)).contains(email + " is ready");
        assertThat(post("en", token, "long enough 1", "long enough 1", HttpStatus.NOT_FOUND)).contains("already used");
    }

    /**
     * An invited address that already has an account accepts with that account's password: another password overwrites
     * nothing and leaves the invitation unused, on the page and through the API alike.
     */
    @Test
    void anInvitationForAnEmailThatAlreadyHasAnAccountIsAcceptedWithItsPasswordOnly() {
        String email = invite();
        String token = tokenOfLinkTo(email);
        web.post().uri("/api/v1/accounts/register").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", IssuanceFixtures.PASSWORD)).exchange().expectStatus().isCreated();
        assertThat(post("en", token, "long enough 1", "long enough 1", HttpStatus.UNAUTHORIZED))
                .contains("already exists, and this is not its password");
        web.post().uri("/api/v1/invitations/accept").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("token", token, "password", "long enough 1")).exchange()
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.code").isEqualTo("invalid_credentials");
        // the old password still works: nothing was overwritten
        fixtures.login(email);
        assertThat(post("pl", token, IssuanceFixtures.PASSWORD, IssuanceFixtures.PASSWORD, HttpStatus.CREATED))
                .contains("Twoje konto " + email + " jest gotowe");
        assertThat(post("pl", token, IssuanceFixtures.PASSWORD, IssuanceFixtures.PASSWORD, HttpStatus.NOT_FOUND))
                .contains("już wykorzystane");
    }

    private String invite() {
        String email = IssuanceFixtures.unique("invited") + "@test.local";
        web.post().uri("/api/v1/operator/invitations").headers(h -> h.setBearerAuth(operator))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("email", email)).exchange()
                .expectStatus().isAccepted();
        return email;
    }

    /** The e-mail's link: the page, then the token as its fragment (so the browser never sends it anywhere). */
    private static String tokenOfLinkTo(String email) {
        try {
            List<String> lines = Files.readAllLines(TestInfrastructure.outboxFile());
            JsonMapper json = JsonMapper.builder().build();
            for (int i = lines.size() - 1; i >= 0; i--) {
                JsonNode message = json.readTree(lines.get(i));
                if (email.equals(message.path("to").asString())) {
                    Matcher link = LINK.matcher(message.path("text").asString());
                    assertThat(link.find()).as("a link to the invitation page in %s", message).isTrue();
                    assertThat(link.group(2)).isEqualTo(message.path("code").asString());
                    return link.group(2);
                }
            }
            throw new AssertionError("No message to " + email + " in the outbox");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String post(String lang, String token, String password, String repeat, HttpStatus expected) {
        return web.post().uri("/invitations?lang={lang}", lang).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("token", token).with("password", password).with("repeat", repeat))
                .exchange().expectStatus().isEqualTo(expected).expectBody(String.class).returnResult().getResponseBody();
    }

    private WebDriverWait waitIgnoringNavigation() {
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        wait.ignoring(WebDriverException.class);
        return wait;
    }
}
