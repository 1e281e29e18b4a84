package io.sigillum.gateway.oauth2;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.sigillum.gateway.auth.AuthMode;
import io.sigillum.gateway.auth.PlatformClient;
import io.sigillum.gateway.auth.PlatformClientRepository;
import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.secret.SecretHasher;
import io.sigillum.gateway.support.CscClient;
import io.sigillum.gateway.support.HeadlessChromium;
import io.sigillum.gateway.support.IntegrationTest;
import io.sigillum.gateway.support.SigningFixtures;
import io.sigillum.signer.algorithm.KeyAlgorithm;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The authorization page in a real browser (Debian's headless Chromium driven through its own chromedriver, nothing
 * downloaded): a platform in oauth2code mode pushes the request, the holder reads it, asks for the SMS code, types PIN
 * and code, and the browser lands on the platform's loopback callback, whose code becomes a credential token that signs.
 * Chromium enforces what curl does not: the page's content security policy (form-action also governs the redirect after
 * the form post), cookies and the Accept-Language the holder's browser sends.
 */
class AuthorizationPageBrowserIntegrationTests extends IntegrationTest {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    ApplicationContext context;

    @TempDir
    Path profile;

    private SigningFixtures fixtures;
    private PlatformClient platform;
    private Credential credential;
    private HttpServer callback;
    private final CompletableFuture<String> callbackQuery = new CompletableFuture<>();
    private WebDriver browser;

    @BeforeAll
    static void chromiumIsInstalled() {
        HeadlessChromium.assertInstalled();
    }

    @BeforeEach
    void platformWithACallback() throws IOException {
        fixtures = new SigningFixtures(context);
        String clientId = "browser-platform-" + UUID.randomUUID();
        // the loopback redirect URI matches on any port (RFC 8252 §7.3): the callback below takes a free one
        platform = context.getBean(PlatformClientRepository.class).insert(clientId, "Kancelaria Nowak",
                context.getBean(SecretHasher.class).hashNow(SigningFixtures.secretOf(clientId)), Set.of("service"),
                AuthMode.OAUTH2CODE, List.of("http://127.0.0.1/callback")).block();
        credential = fixtures.credential(platform, KeyAlgorithm.EC_P256);
        callback = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        callback.createContext("/callback", exchange -> {
            callbackQuery.complete(exchange.getRequestURI().getRawQuery());
            byte[] page = "<!DOCTYPE html><title>Platform</title><p id=\"done\">Back at the platform</p>"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(page);
            }
        });
        callback.start();
    }

    @AfterEach
    void closeBrowserAndCallback() {
        if (browser != null) {
            browser.quit();
        }
        callback.stop(0);
    }

    @Test
    void aHolderApprovesInTheBrowserAndThePlatformSignsWithTheCredentialToken() throws Exception {
        byte[] document = ("Umowa najmu " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        String hash = Base64.getEncoder().encodeToString(sha256(document));
        String verifier = randomUrlSafe(32);
        String state = randomUrlSafe(16);
        String requestUri = pushAuthorization(hash, "umowa-najmu.pdf", verifier, state);

        open("pl", requestUri);
        assertThat(text(By.tagName("body"))).contains(platform.name());
        assertThat(text(By.id("holder"))).isEqualTo("Anna Testowa");
        assertThat(browser.findElements(By.cssSelector(".documents li"))).extracting(WebElement::getText)
                .containsExactly("umowa-najmu.pdf");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("pl");
        assertThat(browser.findElements(By.id("pin"))).as("PIN asked for only once the code is on its way").isEmpty();
        assertThat(text(By.id("time-limit"))).as("the time limit, said before it runs out (WCAG 2.2.1)")
                .isEqualTo("Ta strona pozostaje otwarta przez 10 min; po zalogowaniu się lub wysłaniu kodu czas liczy się od "
                        + "nowa. Po jego upływie wróć do serwisu i zacznij od nowa.");
        assertThat(browser.findElement(By.tagName("main")).getCssValue("max-width")).as("the page's stylesheet applies under its CSP")
                .isEqualTo("544px");
        Cookie cookie = browser.manage().getCookieNamed(PageGuard.BROWSER_COOKIE);
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Lax");

        sendCode();
        assertThat(text(By.id("message"))).startsWith("Kod SMS wysłaliśmy na numer")
                .contains(AuthorizationPageController.maskPhone(credential.phone()));
        screenshot("oauth2-authorize-pl.png");
        type(By.id("pin"), SigningFixtures.PIN);
        type(By.id("code"), CscClient.lastCodeFor(credential.phone()).orElseThrow());
        browser.findElement(By.id("approve")).click();

        waitIgnoringNavigation().until(ExpectedConditions.presenceOfElementLocated(By.id("done")));
        assertThat(browser.getCurrentUrl()).startsWith(callbackUri() + "?");
        Map<String, String> returned = query(callbackQuery.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertThat(returned).containsEntry("state", state).containsKey("code").doesNotContainKey("error");

        JsonNode token = CscClient.json(web.post().uri("/oauth2/token")
                .headers(h -> h.setBasicAuth(platform.clientId(), SigningFixtures.secretOf(platform.clientId())))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData(form("grant_type", "authorization_code", "code", returned.get("code"),
                        "code_verifier", verifier, "redirect_uri", callbackUri())))
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody());
        assertThat(token.get("credentialID").asString()).isEqualTo(credential.id());

        JsonNode signed = CscClient.withToken(web, token.get("access_token").asString()).ok("signatures/signHash",
                Map.of("credentialID", credential.id(), "hashes", List.of(hash), "hashAlgorithmOID", CscClient.SHA256,
                        "signAlgo", CscClient.ECDSA_SHA256));
        Signature ecdsa = Signature.getInstance("SHA256withECDSA");
        ecdsa.initVerify(credential.certificate().orElseThrow().getPublicKey());
        ecdsa.update(document);
        assertThat(ecdsa.verify(Base64.getDecoder().decode(signed.get("signatures").get(0).asString()))).isTrue();
    }

    @Test
    void aWrongSmsCodeTellsTheHolderHowManyAttemptsAreLeft() throws Exception {
        String requestUri = pushAuthorization(CscClient.sha256("contract"), "contract.pdf", randomUrlSafe(32), randomUrlSafe(16));

        open("en", requestUri);
        assertThat(text(By.tagName("h1"))).isEqualTo("Authorize a signature");
        assertThat(text(By.id("time-limit"))).isEqualTo("This page stays open for 10 minutes; signing in or sending a code "
                + "starts that time again. After it, go back to the service and start again.");
        sendCode();
        assertThat(text(By.id("message"))).startsWith("We sent the SMS code to");
        screenshot("oauth2-authorize-en.png");
        String code = CscClient.lastCodeFor(credential.phone()).orElseThrow();
        type(By.id("pin"), SigningFixtures.PIN);
        type(By.id("code"), wrong(code));
        browser.findElement(By.id("approve")).click();

        waitIgnoringNavigation().until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"),
                "Attempts left"));
        assertThat(text(By.id("message"))).isEqualTo("Wrong SMS code. Attempts left: 2.");
        assertThat(browser.findElement(By.id("message")).getAttribute("class")).contains("error");
        assertThat(callbackQuery).isNotDone();
    }

    /** A phone's screen (360 px) shows the whole page: a long document name wraps rather than scroll it sideways (WCAG 1.4.10). */
    @Test
    void aLongDocumentNameWrapsOnANarrowScreen() throws Exception {
        String label = "Umowa_kredytowa_nr_2026_12_06_000123_zalacznik_A_wersja_ostateczna_podpisana_przez_obie_strony.pdf";
        open("pl", pushAuthorization(CscClient.sha256("long"), label, randomUrlSafe(32), randomUrlSafe(16)));
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(360, 800));
        assertThat(text(By.className("documents"))).contains("Umowa_kredytowa");
        long width = ((Number) ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollWidth")).longValue();
        long viewport = ((Number) ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("return document.documentElement.clientWidth")).longValue();
        assertThat(width).as("the page's width against the screen's (%d px)", viewport).isLessThanOrEqualTo(viewport);
    }

    /** RFC 9126: the platform posts the whole request (PKCE S256, RAR of type credential) and gets a request_uri. */
    private String pushAuthorization(String hash, String label, String verifier, String state) throws NoSuchAlgorithmException {
        String challenge = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(sha256(verifier.getBytes(StandardCharsets.US_ASCII)));
        String details = JSON.writeValueAsString(List.of(Map.of("type", "credential", "credentialID", credential.id(),
                "hashAlgorithmOID", CscClient.SHA256, "documentDigests", List.of(Map.of("hash", hash, "label", label)))));
        JsonNode pushed = CscClient.json(web.post().uri("/oauth2/pushed_authorize")
                .headers(h -> h.setBasicAuth(platform.clientId(), SigningFixtures.secretOf(platform.clientId())))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData(form("response_type", "code", "client_id", platform.clientId(),
                        "redirect_uri", callbackUri(), "code_challenge", challenge, "code_challenge_method", "S256",
                        "state", state, "authorization_details", details)))
                .exchange().expectStatus().isEqualTo(HttpStatus.CREATED).expectBody().returnResult().getResponseBody());
        return pushed.get("request_uri").asString();
    }

    /** A fresh headless Chromium (own profile, the holder's language) on the gateway's page for the pushed request. */
    private void open(String lang, String requestUri) {
        browser = HeadlessChromium.start(profile, lang);
        browser.get("http://localhost:" + port + "/oauth2/authorize?client_id=" + encode(platform.clientId()) + "&request_uri="
                + encode(requestUri));
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.presenceOfElementLocated(By.id("send")));
    }

    /**
     * Clicks "send" and waits for the page that says where the code went: the first page has neither a PIN field nor a
     * message, the next one both. (Waiting for the old form to go stale is racy: while the page is replaced, Chromium
     * may answer "node does not belong to the document", which Selenium does not read as staleness.)
     */
    private void sendCode() {
        browser.findElement(By.id("send")).click();
        WebDriverWait wait = waitIgnoringNavigation();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("pin")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("message")));
    }

    /** A wait whose conditions locate their elements afresh each time, so a page being replaced only means "not yet". */
    private WebDriverWait waitIgnoringNavigation() {
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        wait.ignoring(WebDriverException.class);
        return wait;
    }

    private void type(By field, String value) {
        WebElement input = waitIgnoringNavigation().until(ExpectedConditions.elementToBeClickable(field));
        input.clear();
        input.sendKeys(value);
    }

    private String text(By element) {
        return browser.findElement(element).getText();
    }

    /** Kept under target/ (CI must not dirty the tree); docs/ holds copies taken from here. */
    private void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private String callbackUri() {
        return "http://127.0.0.1:" + callback.getAddress().getPort() + "/callback";
    }

    private static MultiValueMap<String, String> form(String... namesAndValues) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            form.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return form;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        for (String pair : raw.split("&")) {
            String[] nameAndValue = pair.split("=", 2);
            values.put(URLDecoder.decode(nameAndValue[0], StandardCharsets.UTF_8),
                    nameAndValue.length > 1 ? URLDecoder.decode(nameAndValue[1], StandardCharsets.UTF_8) : "");
        }
        return values;
    }

    private static String wrong(String code) {
        char last = code.charAt(code.length() - 1);
        return code.substring(0, code.length() - 1) + (last == '9' ? '0' : (char) (last + 1));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String randomUrlSafe(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static byte[] sha256(byte[] data) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }
}
