package io.sigillum.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import eu.europa.ec.eudi.rqes.AccessTokenOption;
import eu.europa.ec.eudi.rqes.AuthType;
import eu.europa.ec.eudi.rqes.AuthorizationRequestPrepared;
import eu.europa.ec.eudi.rqes.CSCClient;
import eu.europa.ec.eudi.rqes.CSCClientConfig;
import eu.europa.ec.eudi.rqes.Certificates;
import eu.europa.ec.eudi.rqes.CredentialAuthorizationRequestPrepared;
import eu.europa.ec.eudi.rqes.CredentialAuthorizationSubject;
import eu.europa.ec.eudi.rqes.CredentialAuthorized;
import eu.europa.ec.eudi.rqes.CredentialCertificate;
import eu.europa.ec.eudi.rqes.CredentialInfo;
import eu.europa.ec.eudi.rqes.CredentialRef;
import eu.europa.ec.eudi.rqes.CredentialsInfoRequest;
import eu.europa.ec.eudi.rqes.CredentialsListRequest;
import eu.europa.ec.eudi.rqes.DocumentDigest;
import eu.europa.ec.eudi.rqes.DocumentDigestList;
import eu.europa.ec.eudi.rqes.OAuth2Client;
import eu.europa.ec.eudi.rqes.Oauth2Grant;
import eu.europa.ec.eudi.rqes.ParUsage;
import eu.europa.ec.eudi.rqes.RQESError;
import eu.europa.ec.eudi.rqes.RSSPMetadataContent;
import eu.europa.ec.eudi.rqes.RarUsage;
import eu.europa.ec.eudi.rqes.ServiceAccessAuthorized;
import eu.europa.ec.eudi.rqes.ServiceAuthorizationRequestPrepared;
import eu.europa.ec.eudi.rqes.SignaturesList;
import io.ktor.client.HttpClient;
import io.ktor.client.HttpClientKt;
import io.ktor.client.engine.cio.CIO;
import io.ktor.client.plugins.contentnegotiation.ContentNegotiationKt;
import io.ktor.http.ContentType;
import io.ktor.serialization.kotlinx.json.JsonSupportKt;
import kotlin.Unit;
import kotlin.jvm.functions.Function0;
import kotlinx.serialization.json.Json;
import kotlinx.serialization.json.JsonKt;

/**
 * The EUDI rQES CSC client ({@code eu.europa.ec.eudi:eudi-lib-jvm-rqes-csc-kt}), written by nobody here, against a
 * running gateway over HTTPS: info and the RFC 8414 metadata, the service authorization with the authorization code
 * flow (PAR, PKCE) on the gateway's own page, credentials/list and credentials/info, the credential authorization with
 * the document's hash in {@code authorization_details} (PIN + SMS code on the page), signHash with the credential token,
 * and the signature verified with the credential's certificate.
 *
 * <p>Runs only against a gateway someone started: {@code SIGILLUM_INTEROP_BASE_URL} (e.g. https://127.0.0.1:8443) and
 * {@code SIGILLUM_INTEROP_CA} (the gateway's CA PEM, {@code <data dir>/tls/ca.pem}), as environment variables or system
 * properties; {@code SIGILLUM_INTEROP_OUTBOX} is the gateway's dev SMS outbox (default {@code dev-outbox/sms.jsonl}
 * of the repository). Without them every test is skipped. {@code scripts/eudi-interop.sh} runs it.
 */
@Tag("interop")
@EnabledIf(value = "gatewayConfigured", disabledReason = "set SIGILLUM_INTEROP_BASE_URL (e.g. https://127.0.0.1:8443) and "
    + "SIGILLUM_INTEROP_CA (the gateway's <data dir>/tls/ca.pem) to run the EUDI rQES client against a running gateway "
    + "(scripts/eudi-interop.sh)")
class EudiRqesClientInteropTests {

    private static final String CLIENT_ID = "demo-wallet";
    private static final String CLIENT_SECRET = "demo-wallet-secret";
    private static final String EMAIL = "demo-user@demo.local";
    private static final String PASSWORD = "demo-user-pass";
    private static final String PIN = "12345678";
    /** Registered as http://127.0.0.1/callback: RFC 8252's loopback rule lets any port match; nothing listens there. */
    private static final URI REDIRECT_URI = URI.create("http://127.0.0.1:53682/callback");
    private static final String SHA_256 = "2.16.840.1.101.3.4.2.1";
    private static final String ECDSA_WITH_SHA_256 = "1.2.840.10045.4.3.2";
    private static final String SHA_256_WITH_RSA = "1.2.840.113549.1.1.11";

    private static String base;
    private static X509TrustManager trust;
    private static SSLContext tls;
    private static Path outbox;

    static boolean gatewayConfigured() {
        return setting("SIGILLUM_INTEROP_BASE_URL") != null && setting("SIGILLUM_INTEROP_CA") != null;
    }

    @BeforeAll
    static void gateway() throws IOException, GeneralSecurityException {
        base = setting("SIGILLUM_INTEROP_BASE_URL").replaceAll("/+$", "");
        trust = trustManager(Path.of(setting("SIGILLUM_INTEROP_CA")));
        tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {trust}, null);
        String outboxSetting = setting("SIGILLUM_INTEROP_OUTBOX");
        Path configured = Path.of(outboxSetting != null ? outboxSetting : "dev-outbox/sms.jsonl");
        // surefire runs in the module's folder; a relative outbox path is the repository's, like the gateway's default
        Path moduleDir = Path.of("").toAbsolutePath();
        outbox = configured.isAbsolute() || moduleDir.getParent() == null
            ? configured : moduleDir.getParent().resolve(configured);
    }

    @Test
    void readsInfoAndTheAuthorizationServerMetadata() {
        CSCClient client = client();
        RSSPMetadataContent<?> metadata = client.getRsspMetadata();
        assertNotNull(metadata.getSpecs());
        assertFalse(metadata.getMethods().isEmpty());
        AuthType.OAuth2<?> oauth2 = metadata.getAuthTypes().stream()
            .filter(AuthType.OAuth2.class::isInstance).map(t -> (AuthType.OAuth2<?>) t).findFirst()
            .orElseThrow(() -> new AssertionError("the client found no OAuth2 auth type in info"));
        assertTrue(oauth2.getGrantsTypes().contains(Oauth2Grant.AuthorizationCode), oauth2.toString());
        assertTrue(oauth2.getGrantsTypes().contains(Oauth2Grant.ClientCredentials), oauth2.toString());
        System.out.printf("info: specs %s, name %s, %s%n", metadata.getSpecs(), metadata.getName(), oauth2);
    }

    /**
     * The client's default (PAR, and the hashes in {@code authorization_details}) and its other ways: the request in the
     * authorization URL instead of PAR, and {@code scope=credential} with a {@code hashes} parameter instead of RAR.
     */
    @ParameterizedTest(name = "PAR {0}, RAR {1}")
    @CsvSource({"IfSupported, IfSupported", "Never, IfSupported", "IfSupported, Never", "Never, Never"})
    void signsADocumentHashThroughTheCodeFlow(ParUsage par, RarUsage rar) throws GeneralSecurityException {
        CSCClient client = client(par, rar);

        // service authorization: PAR, the holder signs in on the gateway's page, the code goes back to the client
        var servicePrepared = (ServiceAuthorizationRequestPrepared) KotlinBridge.await(client,
            "prepareServiceAuthorizationRequest", (Object) null);
        AuthorizationRequestPrepared serviceRequest = servicePrepared.getValue();
        HolderBrowser browser = new HolderBrowser(tls);
        browser.open(authorizationUrl(serviceRequest));
        HolderBrowser.Redirect signedIn = browser.submit(Map.of("action", "login", "email", EMAIL, "password", PASSWORD));
        assertNotNull(signedIn, "the page did not redirect after signing in");
        assertRedirectedToThePlatform(signedIn, serviceRequest.getState());
        var service = (ServiceAccessAuthorized) KotlinBridge.await(client, "authorizeWithAuthorizationCode",
            serviceRequest, signedIn.code(), signedIn.state());

        // credentials/list (no userID: the token is the user's) and credentials/info
        List<?> credentials = (List<?>) KotlinBridge.await(client, "listCredentials", service.getTokens(),
            new CredentialsListRequest());
        assertFalse(credentials.isEmpty(), "credentials/list gave the client no credential infos");
        CredentialInfo listed = (CredentialInfo) credentials.get(0);
        String credentialId = (String) KotlinBridge.call(listed, "getCredentialID");
        CredentialsInfoRequest infoRequest = KotlinBridge.construct(CredentialsInfoRequest.class,
            credentialId, Certificates.Chain, true, true, null, null);
        CredentialInfo info = (CredentialInfo) KotlinBridge.await(client, "credentialInfo", service.getTokens(), infoRequest);
        X509Certificate certificate = info.getCertificate().getCertificates().get(0);
        System.out.printf("credential %s: %s, SCAL %s, key %s%n", credentialId, certificate.getSubjectX500Principal(),
            info.getScal(), info.getKey().getSupportedAlgorithms());

        // credential authorization: the document's hash in authorization_details, PIN + SMS code on the page
        byte[] document = ("Sigillum EUDI rQES interop " + Instant.now()).getBytes(StandardCharsets.UTF_8);
        String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(document));
        DocumentDigestList digests = KotlinBridge.construct(DocumentDigestList.class,
            List.of(KotlinBridge.construct(DocumentDigest.class, hash, "interop.txt")), SHA_256, Instant.now());
        CredentialAuthorizationSubject subject = new CredentialAuthorizationSubject(
            KotlinBridge.construct(CredentialRef.ByCredentialID.class, credentialId), digests, 1);
        var credentialPrepared = (CredentialAuthorizationRequestPrepared) KotlinBridge.await(client,
            "prepareCredentialAuthorizationRequest", subject, null);
        AuthorizationRequestPrepared credentialRequest = credentialPrepared.getAuthorizationRequestPrepared();
        browser.open(authorizationUrl(credentialRequest));
        // a request the client pushed (PAR) came from the client itself; one in the URL may come from anyone, so the
        // page asks the holder to sign in before it names them or sends a code
        assertEquals(par == ParUsage.Never, browser.asksToSignIn(), "whether the page asks the holder to sign in first");
        if (browser.asksToSignIn()) {
            assertNull(browser.submit(Map.of("action", "login", "email", EMAIL, "password", PASSWORD)),
                "signing in on a credential request's page left the page");
        }
        String sms = requestSmsCode(browser);
        HolderBrowser.Redirect approved = browser.submit(Map.of("action", "approve", "pin", PIN, "code", sms));
        assertNotNull(approved, "the page did not redirect after PIN + code");
        assertRedirectedToThePlatform(approved, credentialRequest.getState());
        var authorized = (CredentialAuthorized) KotlinBridge.await(client, "authorizeWithAuthorizationCode",
            credentialPrepared, approved.code(), approved.state(), AccessTokenOption.AsRequested.INSTANCE);
        assertEquals(credentialId, KotlinBridge.call(authorized, "getCredentialID"));

        // signHash with the credential token; the signature verifies with the credential's certificate
        CredentialCertificate authorizedCertificate = authorized.getCredentialCertificate();
        X509Certificate signer = authorizedCertificate.getCertificates().get(0);
        boolean ec = "EC".equals(signer.getPublicKey().getAlgorithm());
        String signAlgo = ec ? ECDSA_WITH_SHA_256 : SHA_256_WITH_RSA;
        SignaturesList signatures = authorized instanceof CredentialAuthorized.SCAL2
            ? (SignaturesList) KotlinBridge.await(client, "signHash", authorized, signAlgo)
            : (SignaturesList) KotlinBridge.await(client, "signHash", authorized, digests, signAlgo);
        assertEquals(1, signatures.getSignatures().size());
        String signature = (String) KotlinBridge.call(signatures.getSignatures().get(0), "getValue");
        java.security.Signature verifier = java.security.Signature.getInstance(ec ? "SHA256withECDSA" : "SHA256withRSA");
        verifier.initVerify(signer.getPublicKey());
        verifier.update(document);
        assertTrue(verifier.verify(Base64.getDecoder().decode(signature)), "the signature does not verify");
        System.out.printf("signHash by the EUDI client: %d-byte %s signature verified with %s%n",
            Base64.getDecoder().decode(signature).length, signAlgo, signer.getSubjectX500Principal());

        // the holder authorized one signature: the client hears the CSC error of a second signHash
        RuntimeException again = assertThrows(RuntimeException.class, () -> KotlinBridge.await(client, "signHash",
            authorized, signAlgo));
        assertTrue(again.getMessage().contains("invalid_request"), again.toString());
    }

    @Test
    void aWrongClientSecretReachesTheClientAsAnOAuth2Error() {
        CSCClient client = client(ParUsage.IfSupported, RarUsage.IfSupported, "not-the-secret");
        RQESError.PushedAuthorizationRequestFailed refused = assertThrows(RQESError.PushedAuthorizationRequestFailed.class,
            () -> KotlinBridge.await(client, "prepareServiceAuthorizationRequest", (Object) null));
        assertEquals("invalid_client", refused.getError());
    }

    private static CSCClient client() {
        return client(ParUsage.IfSupported, RarUsage.IfSupported);
    }

    private static CSCClient client(ParUsage par, RarUsage rar) {
        return client(par, rar, CLIENT_SECRET);
    }

    private static CSCClient client(ParUsage par, RarUsage rar, String secret) {
        URL base;
        try {
            base = URI.create(EudiRqesClientInteropTests.base).toURL();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        OAuth2Client wallet = new OAuth2Client.Confidential.ClientSecretBasic(CLIENT_ID, secret);
        CSCClientConfig config = new CSCClientConfig(wallet, REDIRECT_URI, base, par, rar, java.time.Clock.systemUTC(), null);
        Function0<HttpClient> factory = EudiRqesClientInteropTests::ktor;
        return (CSCClient) KotlinBridge.await(CSCClient.Companion, "oauth2", config,
            EudiRqesClientInteropTests.base + "/csc/v2", factory);
    }

    /** What the library's own default factory builds, plus an engine (CIO) that trusts the gateway's CA. */
    private static HttpClient ktor() {
        Json json = JsonKt.Json(Json.Default, builder -> {
            builder.setIgnoreUnknownKeys(true);
            builder.setEncodeDefaults(true);
            builder.setPrettyPrint(true);
            return Unit.INSTANCE;
        });
        return HttpClientKt.HttpClient(CIO.INSTANCE, config -> {
            config.engine(engine -> {
                engine.https(https -> {
                    https.setTrustManager(trust);
                    return Unit.INSTANCE;
                });
                return Unit.INSTANCE;
            });
            config.install(ContentNegotiationKt.getContentNegotiation(), negotiation -> {
                JsonSupportKt.json(negotiation, json, ContentType.Application.INSTANCE.getJson());
                return Unit.INSTANCE;
            });
            return Unit.INSTANCE;
        });
    }

    private static URI authorizationUrl(AuthorizationRequestPrepared request) {
        URL url = (URL) KotlinBridge.call(request, "getAuthorizationCodeURL");
        return URI.create(url.toString());
    }

    private static void assertRedirectedToThePlatform(HolderBrowser.Redirect redirect, String state) {
        URI location = redirect.location();
        assertEquals(REDIRECT_URI.getScheme() + "://" + REDIRECT_URI.getAuthority() + REDIRECT_URI.getPath(),
            location.getScheme() + "://" + location.getAuthority() + location.getPath(), location.toString());
        assertEquals(state, redirect.state(), "the state did not come back: " + location);
    }

    /**
     * Asks for the SMS code on the page and reads it from the dev outbox. Within the gateway's resend cooldown (30 s by
     * default, per credential) the page only says so: then it asks again until a code is sent.
     */
    private static String requestSmsCode(HolderBrowser browser) {
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        while (true) {
            long before = lines(outbox);
            assertEquals(null, browser.submit(Map.of("action", "send")), "asking for the SMS code left the page");
            long sent = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < sent) {
                List<String> all = readLines(outbox);
                if (all.size() > before) {
                    Matcher code = Pattern.compile("\"code\"\\s*:\\s*\"([0-9]+)\"").matcher(all.get(all.size() - 1));
                    if (code.find()) {
                        return code.group(1);
                    }
                }
                pause(100);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no SMS code appeared in " + outbox + " (SIGILLUM_INTEROP_OUTBOX); the page says: "
                    + browser.message());
            }
            pause(1000);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long lines(Path file) {
        return readLines(file).size();
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509TrustManager trustManager(Path caPem) throws IOException, GeneralSecurityException {
        KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
        anchors.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            int i = 0;
            for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                anchors.setCertificateEntry("ca-" + i++, ca);
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(anchors);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new IllegalStateException("no X509TrustManager");
    }

    private static String setting(String name) {
        String value = System.getProperty(name, System.getenv(name));
        return value == null || value.isBlank() ? null : value;
    }
}
