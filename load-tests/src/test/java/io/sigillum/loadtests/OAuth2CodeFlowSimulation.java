package io.sigillum.loadtests;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.regex;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A wallet's OAuth2 authorization code flow (client demo-wallet, PKCE S256, pushed authorization requests), what
 * scripts/oauth2-flow.sh does with curl, per virtual user with a load user of its own and a browser of its own (cookie
 * {@code sigillum_browser}, the form's CSRF token): scope=service — PAR → the page → sign in → the code from the
 * redirect → token → credentials/list with no userID; then the credential — PAR with authorization_details (RAR) for a
 * fresh document hash → the page → send the SMS → the code from the dev outbox → approve with PIN + code → the code →
 * the credential token → signatures/signHash with it as Bearer and no SAD, checked for 200 and a signature.
 *
 * <p>System properties beyond {@link JourneySimulation}'s: {@code users} (the gateway's load users, 60).
 */
@SuppressWarnings("this-escape") // Gatling's DSL is declared in the instance initializer, as Gatling requires
public class OAuth2CodeFlowSimulation extends JourneySimulation {

    private static final String CLIENT = "demo-wallet";
    private static final String SECRET = "demo-wallet-secret";
    /** Registered as http://127.0.0.1/callback, any port (RFC 8252); nothing listens: the journey reads the redirect. */
    private static final String REDIRECT = "http://127.0.0.1:53682/callback";
    private static final String SHA256 = "2.16.840.1.101.3.4.2.1";
    private static final Pattern CODE = Pattern.compile("[?&]code=([^&]+)");
    private static final Iterator<Map<String, Object>> USERS = LoadUsers.inTurn(LoadUsers.of(Integer.getInteger("users", 60)));

    {
        run(this::journey, protocol().header("Accept-Language", "en"));
    }

    public OAuth2CodeFlowSimulation() {
        super("OAuth2 code flow: sign in, then authorize a credential and signHash", 3);
    }

    private ChainBuilder journey(JourneyReport.Phase phase) {
        return phase.begin()
                .feed(USERS)
                .exec(OAuth2CodeFlowSimulation::newRequest)
                .exec(phase.step("PAR service", name -> par(name).formParam("scope", "service")))
                .exec(phase.step("page service", OAuth2CodeFlowSimulation::page))
                .exec(phase.step("sign in", name -> confirm(name, "login").formParam("email", "#{email}")
                        .formParam("password", LoadUsers.PASSWORD)
                        .check(status().is(303), codeFromRedirect())))
                .exec(phase.step("token service", name -> token(name).check(jsonPath("$.access_token").saveAs("serviceToken"))))
                .exec(phase.step("credentials/list", name -> http(name).post("/csc/v2/credentials/list")
                        .header("Authorization", "Bearer #{serviceToken}").header("Content-Type", "application/json")
                        .body(StringBody("{}"))
                        .check(status().is(200), jsonPath("$.credentialIDs[0]").saveAs("credentialID"))))
                .exec(session -> newRequest(session).set("hash", Values.documentHash()))
                .exec(phase.step("PAR credential", name -> par(name).formParam("authorization_details", session ->
                        "[{\"type\":\"credential\",\"credentialID\":\"" + session.getString("credentialID") + "\",\"hashAlgorithmOID\":\""
                                + SHA256 + "\",\"documentDigests\":[{\"hash\":\"" + session.getString("hash")
                                + "\",\"label\":\"document.txt\"}]}]")))
                .exec(phase.step("page credential", OAuth2CodeFlowSimulation::page))
                .exec(session -> session.set("outboxEnd", OUTBOX.end()))
                .exec(phase.step("send SMS", name -> confirm(name, "send").check(status().is(200))))
                .exec(phase.local("SMS code from the outbox", session -> OUTBOX.codeFor(session.getString("phone"),
                                session.getLong("outboxEnd"))
                        .map(code -> session.set("otp", code)).orElseGet(session::markAsFailed)))
                .exec(phase.step("approve", name -> confirm(name, "approve").formParam("pin", LoadUsers.PIN)
                        .formParam("code", "#{otp}")
                        .check(status().is(303), codeFromRedirect())))
                .exec(phase.step("token credential", name -> token(name)
                        .check(jsonPath("$.access_token").saveAs("credentialToken"))))
                .exec(phase.step("signHash", name -> http(name).post("/csc/v2/signatures/signHash")
                        .header("Authorization", "Bearer #{credentialToken}").header("Content-Type", "application/json")
                        .body(StringBody("{\"credentialID\":\"#{credentialID}\",\"hashes\":[\"#{hash}\"],\"hashAlgorithmOID\":\""
                                + SHA256 + "\",\"signAlgo\":\"1.2.840.10045.4.3.2\"}"))
                        .check(status().is(200), jsonPath("$.signatures[0]").exists())))
                .exec(phase.end());
    }

    /** A fresh PKCE verifier and state for the next authorization request. */
    private static Session newRequest(Session session) {
        String verifier = Values.random();
        return session.set("verifier", verifier).set("challenge", Values.challenge(verifier)).set("state", Values.random());
    }

    private static HttpRequestActionBuilder par(String name) {
        return http(name).post("/oauth2/pushed_authorize").basicAuth(CLIENT, SECRET)
                .formParam("response_type", "code").formParam("redirect_uri", REDIRECT)
                .formParam("code_challenge_method", "S256").formParam("code_challenge", "#{challenge}")
                .formParam("state", "#{state}")
                .check(status().is(201), jsonPath("$.request_uri").saveAs("requestUri"));
    }

    /** The holder's page: the browser cookie is set, the form's session and CSRF token are read. */
    private static HttpRequestActionBuilder page(String name) {
        return http(name).get("/oauth2/authorize").queryParam("client_id", CLIENT).queryParam("request_uri", "#{requestUri}")
                .check(status().is(200), regex("name=\"session\" value=\"([0-9a-f]+)\"").saveAs("pageSession"),
                        regex("name=\"csrf_token\" value=\"([0-9a-f]+)\"").saveAs("csrf"));
    }

    private static HttpRequestActionBuilder confirm(String name, String action) {
        return http(name).post("/oauth2/authorize/confirm").formParam("session", "#{pageSession}")
                .formParam("csrf_token", "#{csrf}").formParam("action", action);
    }

    private static HttpRequestActionBuilder token(String name) {
        return http(name).post("/oauth2/token").basicAuth(CLIENT, SECRET)
                .formParam("grant_type", "authorization_code").formParam("code", "#{code}")
                .formParam("code_verifier", "#{verifier}").formParam("redirect_uri", REDIRECT)
                .check(status().is(200));
    }

    /** The code from the redirect to the wallet, which must be back to its own URI with its own state. */
    private static CheckBuilder.Final codeFromRedirect() {
        return header("Location").transformWithSession((location, session) -> {
            String state = "state=" + session.getString("state");
            Matcher code = CODE.matcher(location);
            if (!location.startsWith(REDIRECT + "?") || !(location.contains("?" + state + "&") || location.contains("&" + state + "&")
                    || location.endsWith(state)) || !code.find()) {
                throw new IllegalStateException("Not a code for this request: " + location.replaceAll("code=[^&]+", "code=…"));
            }
            return URLDecoder.decode(code.group(1), StandardCharsets.UTF_8);
        }).saveAs("code");
    }
}
