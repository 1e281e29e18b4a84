package io.sigillum.loadtests;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;

/**
 * signHash under load against a running gateway (the {@code loadtest} profile), with the HTTP ceiling of a constant
 * endpoint measured in the same run as the baseline. A platform token and one SAD (good for many signatures) are made
 * over the CSC API first by {@link CscSetup}; every request then signs {@code batch} hashes.
 *
 * <p>System properties: {@code baseUrl} (http://127.0.0.1:8080), {@code outbox} (the dev outbox file), {@code batch}
 * (1), {@code users} (concurrent users, 64), {@code seconds} (per phase, 20), {@code rate} (open-model requests/s for the
 * latency phase; 0 skips it), {@code phase} (baseline | closed | open | all).
 */
@SuppressWarnings("this-escape") // Gatling's DSL is declared in the instance initializer, as Gatling requires
public class SignHashSimulation extends Simulation {

    private static final String BASE_URL = System.getProperty("baseUrl", "http://127.0.0.1:8080");
    private static final int BATCH = Integer.getInteger("batch", 1);
    private static final int USERS = Integer.getInteger("users", 64);
    private static final int SECONDS = Integer.getInteger("seconds", 20);
    private static final int RATE = Integer.getInteger("rate", 0);
    private static final String PHASE = System.getProperty("phase", "all");

    private static final CscSetup.Session SESSION = CscSetup.prepare(BASE_URL, System.getProperty("outbox", "dev-outbox/sms.jsonl"),
            BATCH, 100_000);

    private final HttpProtocolBuilder protocol = http.baseUrl(BASE_URL)
            .acceptHeader("application/json")
            .contentTypeHeader("application/json")
            .shareConnections();

    private final ChainBuilder signHash = io.gatling.javaapi.core.CoreDsl.exec(http("signHash x" + BATCH)
            .post("/csc/v2/signatures/signHash")
            .header("Authorization", "Bearer " + SESSION.token())
            .body(StringBody(SESSION.signHashBody()))
            .check(status().is(200)));

    private final ChainBuilder baseline = io.gatling.javaapi.core.CoreDsl.exec(http("baseline constant")
            .get("/_baseline/const")
            .check(status().is(200)));

    {
        PopulationBuilder population = switch (PHASE) {
            case "baseline" -> closed("baseline", baseline);
            case "closed" -> closed("signHash", signHash);
            case "open" -> open();
            default -> closed("baseline", baseline).andThen(closed("signHash", signHash)).andThen(open());
        };
        setUp(population).protocols(protocol)
                .maxDuration(Duration.ofSeconds(4L * SECONDS + 30))
                .assertions(global().failedRequests().percent().lt(1.0));
    }

    private PopulationBuilder closed(String name, ChainBuilder chain) {
        ScenarioBuilder scenario = scenario(name + " closed " + USERS + " users").during(Duration.ofSeconds(SECONDS)).on(chain);
        return scenario.injectClosed(constantConcurrentUsers(USERS).during(Duration.ofSeconds(SECONDS)));
    }

    private PopulationBuilder open() {
        int rate = Math.max(RATE, 1);
        ScenarioBuilder scenario = scenario("signHash open " + rate + " rps").exec(signHash);
        return scenario.injectOpen(constantUsersPerSec(rate).during(Duration.ofSeconds(RATE == 0 ? 1 : SECONDS)));
    }
}
