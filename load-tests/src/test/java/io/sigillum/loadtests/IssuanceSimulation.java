package io.sigillum.loadtests;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.time.Year;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The applicant's issuance wizard, what scripts/demo.sh does up to accepted documents, per virtual user with an e-code
 * of its own: register → sign in → redeem the e-code → certificate parameters → applicant data → submit → accept the
 * documents, checked to leave the application in DOCUMENTS_ACCEPTED. Before the run the organisation admin adds stock
 * and generates one e-code per arriving applicant (plus a margin).
 *
 * <p>System properties beyond {@link JourneySimulation}'s: {@code adminEmail} (admin@demo.local), {@code adminPassword}
 * (load-admin-pass, what load-tests/lib.sh starts the gateway with), {@code product} (CQS-2Y-PPT).
 */
@SuppressWarnings("this-escape") // Gatling's DSL is declared in the instance initializer, as Gatling requires
public class IssuanceSimulation extends JourneySimulation {

    private static final String PASSWORD = "load applicant password";

    {
        int needed = rate() * (WARMUP + SECONDS) + rate() * 5 + 10; // arrivals of both phases, and a margin
        Iterator<String> codes = IssuanceSetup.eCodes(BASE_URL, System.getProperty("adminEmail", "admin@demo.local"),
                System.getProperty("adminPassword", "load-admin-pass"), System.getProperty("product", "CQS-2Y-PPT"), needed).iterator();
        Iterator<Map<String, Object>> applicants = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public synchronized Map<String, Object> next() {
                return applicant(codes.next());
            }
        };
        run(phase -> journey(phase, applicants), protocol().acceptHeader("application/json").contentTypeHeader("application/json"));
    }

    public IssuanceSimulation() {
        super("issuance: from an e-code to accepted documents", 2);
    }

    private ChainBuilder journey(JourneyReport.Phase phase, Iterator<Map<String, Object>> applicants) {
        return phase.begin()
                .feed(applicants)
                .exec(phase.step("register", name -> http(name).post("/api/v1/accounts/register").body(StringBody(login()))
                        .check(status().is(201))))
                .exec(phase.step("sign in", name -> http(name).post("/api/v1/sessions").body(StringBody(login()))
                        .check(status().is(201), jsonPath("$.token").saveAs("token"))))
                .exec(phase.step("redeem e-code", name -> http(name).post("/api/v1/applications")
                        .header("Authorization", "Bearer #{token}").body(StringBody("{\"code\":\"#{eCode}\"}"))
                        .check(status().is(201), jsonPath("$.id").saveAs("application"))))
                .exec(phase.step("certificate parameters", name -> put(name, "certificate-parameters",
                        "{\"validityStart\":\"IMMEDIATELY\",\"cardName\":\"Jan Nowak load\",\"documentLanguage\":\"pl\","
                                + "\"verificationMethod\":\"BANK_TRANSFER\"}")))
                .exec(phase.step("applicant data", name -> put(name, "applicant-data", applicantData())))
                .exec(phase.step("submit", name -> post(name, "submit", "").check(status().is(200))))
                .exec(phase.step("accept documents", name -> post(name, "accept-documents",
                        "{\"statementAccepted\":true,\"termsAccepted\":true}")
                        .check(status().is(200), jsonPath("$.state").is("DOCUMENTS_ACCEPTED"))))
                .exec(phase.end());
    }

    /** A fresh applicant: an e-mail and a mobile number (+48 50x / 51x) no one else has, and an e-code to redeem. */
    private static Map<String, Object> applicant(String eCode) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return Map.of("eCode", eCode, "email", "applicant-" + UUID.randomUUID() + "@example.com",
                "phone", String.format(Locale.ROOT, "+48 5%d%d %03d %03d", random.nextInt(2), random.nextInt(10),
                        random.nextInt(1000), random.nextInt(1000)));
    }

    private static String login() {
        return "{\"email\":\"#{email}\",\"password\":\"" + PASSWORD + "\"}";
    }

    private static String applicantData() {
        return """
                {"firstName":"Jan","secondName":"Adam","surname":"Nowak","citizenship":"PL","pesel":"84042003432","sex":"MALE",
                 "dateOfBirth":"1984-04-20","placeOfBirth":"Szczecin",
                 "identityDocument":{"type":"ID_CARD","issuingCountry":"PL","seriesAndNumber":"ALU842672","expiryDate":"%d-06-30",
                                     "issuingAuthority":"Prezydent Szczecina"},
                 "phone":"#{phone}","email":"#{email}",
                 "address":{"street":"Królowej Korony Polskiej","buildingNumber":"21","flatNumber":"222","postalCode":"70-486",
                            "city":"Szczecin","country":"PL"}}""".formatted(Year.now().getValue() + 5);
    }

    private static HttpRequestActionBuilder put(String name, String part, String body) {
        return http(name).put("/api/v1/applications/#{application}/" + part).header("Authorization", "Bearer #{token}")
                .body(StringBody(body)).check(status().is(200));
    }

    private static HttpRequestActionBuilder post(String name, String part, String body) {
        HttpRequestActionBuilder request = http(name).post("/api/v1/applications/#{application}/" + part)
                .header("Authorization", "Bearer #{token}");
        return body.isEmpty() ? request : request.body(StringBody(body));
    }
}
