package io.sigillum.loadtests;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * The platform's signing journey per virtual user, each with a load user of its own: credentials/getChallenge → the
 * SMS code read from the dev outbox (the line to that user's phone) → credentials/authorize with PIN + code over one
 * fresh document hash → signatures/signHash with the SAD, checked for 200 and a signature. The platform's token (client
 * credentials, demo-platform) and the users' credential IDs are fetched once before the run, as a platform keeps them.
 *
 * <p>System properties beyond {@link JourneySimulation}'s: {@code users} (the gateway's load users, 120).
 */
@SuppressWarnings("this-escape") // Gatling's DSL is declared in the instance initializer, as Gatling requires
public class AuthorizeSignHashSimulation extends JourneySimulation {

    private static final String SHA256 = "2.16.840.1.101.3.4.2.1";
    private static final String TOKEN = token();
    private static final Iterator<Map<String, Object>> USERS = LoadUsers.inTurn(
            LoadUsers.withCredentials(BASE_URL, TOKEN, Integer.getInteger("users", 120)));

    {
        run(this::journey, protocol().acceptHeader("application/json").contentTypeHeader("application/json")
                .authorizationHeader("Bearer " + TOKEN));
    }

    public AuthorizeSignHashSimulation() {
        super("authorize + signHash", 10);
    }

    private ChainBuilder journey(JourneyReport.Phase phase) {
        return phase.begin()
                .feed(USERS)
                .exec(session -> session.set("outboxEnd", OUTBOX.end()).set("hash", Values.documentHash()))
                .exec(phase.step("getChallenge", name -> http(name).post("/csc/v2/credentials/getChallenge")
                        .body(StringBody("{\"credentialID\":\"#{credentialID}\"}"))
                        .check(status().is(204))))
                .exec(phase.local("SMS code from the outbox", session -> OUTBOX.codeFor(session.getString("phone"),
                                session.getLong("outboxEnd"))
                        .map(code -> session.set("otp", code)).orElseGet(session::markAsFailed)))
                .exec(phase.step("authorize", name -> http(name).post("/csc/v2/credentials/authorize")
                        .body(StringBody("{\"credentialID\":\"#{credentialID}\",\"numSignatures\":1,\"hashes\":[\"#{hash}\"],"
                                + "\"hashAlgorithmOID\":\"" + SHA256 + "\",\"authData\":[{\"id\":\"PIN\",\"value\":\""
                                + LoadUsers.PIN + "\"},{\"id\":\"OTP\",\"value\":\"#{otp}\"}]}"))
                        .check(status().is(200), jsonPath("$.SAD").saveAs("sad"))))
                .exec(phase.step("signHash", name -> http(name).post("/csc/v2/signatures/signHash")
                        .body(StringBody("{\"credentialID\":\"#{credentialID}\",\"SAD\":\"#{sad}\",\"hashes\":[\"#{hash}\"],"
                                + "\"hashAlgorithmOID\":\"" + SHA256 + "\",\"signAlgo\":\"1.2.840.10045.4.3.2\"}"))
                        .check(status().is(200), jsonPath("$.signatures[0]").exists())))
                .exec(phase.end());
    }

    private static String token() {
        try {
            return CscSetup.platformToken(BASE_URL);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("Could not get demo-platform's token from " + BASE_URL, e);
        }
    }
}
