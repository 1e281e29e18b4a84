package io.sigillum.gateway.oauth2;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.gateway.account.AccountsProperties;
import io.sigillum.gateway.auth.PlatformClient;
import io.sigillum.gateway.credential.Credential;
import io.sigillum.gateway.csc.CredentialAuthorization;
import io.sigillum.gateway.support.CscClient;
import io.sigillum.gateway.support.SigningFixtures;
import io.sigillum.signer.algorithm.KeyAlgorithm;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.MultiValueMap;
import org.springframework.util.LinkedMultiValueMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OAuth2 authorization code flow end to end over HTTP (PAR → the QTSP's page → code → token → signHash), and every
 * rule of it attacked: PKCE, codes, redirect URIs, request URIs, the credential token's binding and count, CSRF, SMS
 * code attempts, and one PIN lockout shared with explicit mode.
 */
class AuthorizationCodeFlowIntegrationTests extends WalletIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SHA256 = CscClient.SHA256;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Autowired
    AuthorizationStore store;

    @Autowired
    AccountsProperties accountRules;


    @Test
    void theHolderApprovesOnThePageAndTheCredentialTokenSignsWithoutASad() throws Exception {
        String document = "contract " + UUID.randomUUID();
        String hash = CscClient.sha256(document);
        PageVisitor browser = visitor(wallet);
        EntityExchangeResult<String> page = browser.open(browser.push(Map.of("authorization_details", details(credential, hash))));

        assertThat(page.getStatus()).isEqualTo(HttpStatus.OK);
        assertThat(page.getResponseHeaders().getFirst("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.getResponseHeaders().getFirst("Content-Security-Policy")).contains("frame-ancestors 'none'");
        assertThat(page.getResponseCookies().getFirst(PageGuard.BROWSER_COOKIE).isHttpOnly()).isTrue();
        assertThat(browser.page).contains(wallet.name()).contains("Anna Testowa").contains("contract.pdf");
        JsonNode token = browser.tokenOk(browser.codeFrom(approve(browser, credential, SigningFixtures.PIN)));

        assertThat(token.get("scope").asString()).isEqualTo("credential");
        assertThat(token.get("credentialID").asString()).isEqualTo(credential.id());
        assertThat(token.get("authorization_details").get(0).get("documentDigests").get(0).get("hash").asString()).isEqualTo(hash);
        String bearer = token.get("access_token").asString();
        JsonNode signed = json(sign(bearer, credential, List.of(hash)).expectStatus().isOk());
        assertThat(verifies(credential, document, signed.get("signatures").get(0).asString())).isTrue();
        sign(bearer, credential, List.of(hash)).expectStatus().isBadRequest();
    }

    @Test
    void aCredentialTokenAuthorizesSignDocOverTheDocumentItWasIssuedFor() throws Exception {
        String document = "contract " + UUID.randomUUID();
        String bearer = credentialToken(CscClient.sha256(document), 1);
        Map<String, Object> body = Map.of("credentialID", credential.id(), "documents", List.of(Map.of(
                "document", Base64.getEncoder().encodeToString(document.getBytes(StandardCharsets.UTF_8)),
                "signature_format", "C", "conformance_level", "AdES-B-B", "signed_envelope_property", "Detached",
                "signAlgo", CscClient.ECDSA_SHA256)));

        String signature = json(web.post().uri("/csc/v2/signatures/signDoc").headers(h -> h.setBearerAuth(bearer))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isOk())
                .get("SignatureObject").get(0).asString();

        CMSSignedData cms = new CMSSignedData(new CMSProcessableByteArray(document.getBytes(StandardCharsets.UTF_8)),
                Base64.getDecoder().decode(signature));
        assertThat(cms.getSignerInfos().getSigners()).singleElement().satisfies(signer -> assertThat(signer.verify(
                new JcaSimpleSignerInfoVerifierBuilder().build(credential.certificate().orElseThrow()))).isTrue());
        web.post().uri("/csc/v2/signatures/signDoc").headers(h -> h.setBearerAuth(bearer))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isBadRequest();
    }

    @Test
    void aWalletPlatformCannotCollectPinsItselfAndSeesAuthModeOauth2code() {
        CscClient walletClient = CscClient.login(web, wallet.clientId(), SigningFixtures.secretOf(wallet.clientId()));
        walletClient.call("credentials/authorize", CscClient.authorizeBody(credential.id(), List.of(CscClient.sha256("x")), 1,
                SigningFixtures.PIN, "123456")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error_description").value(text -> assertThat((String) text).contains("oauth2code"));
        walletClient.call("credentials/getChallenge", Map.of("credentialID", credential.id())).expectStatus().isBadRequest();
        assertThat(walletClient.ok("credentials/info", Map.of("credentialID", credential.id(), "authInfo", true))
                .get("auth").get("mode").asString()).isEqualTo("oauth2code");
        assertThat(client.ok("credentials/info", Map.of("credentialID", credential.id(), "authInfo", true))
                .get("auth").get("mode").asString()).isEqualTo("explicit");
    }

    @Test
    void queryParametersWithBase64UrlHashesAuthorizeSeveralSignatures() throws Exception {
        List<String> documents = List.of("first " + UUID.randomUUID(), "second " + UUID.randomUUID());
        List<String> hashes = documents.stream().map(CscClient::sha256).toList();
        String urlSafe = String.join(",", hashes.stream().map(h -> h.replace('+', '-').replace('/', '_').replace("=", "")).toList());
        PageVisitor browser = visitor(wallet);
        browser.openDirect(Map.of("scope", "credential", "credentialID", credential.id(), "numSignatures", "2",
                "hashes", urlSafe, "hashAlgorithmOID", SHA256));
        assertThat(browser.page).contains("Document 1").contains("Document 2");
        browser.post(Map.of("action", "login", "email", holderEmail(), "password", PASSWORD));
        String bearer = browser.tokenOk(browser.codeFrom(approve(browser, credential, SigningFixtures.PIN))).get("access_token").asString();

        JsonNode signatures = json(sign(bearer, credential, hashes).expectStatus().isOk()).get("signatures");
        for (int i = 0; i < 2; i++) {
            assertThat(verifies(credential, documents.get(i), signatures.get(i).asString())).isTrue();
        }
    }

    /**
     * A credential request in the URL may come from anyone who knows a client's id and a credential's: its page names
     * nobody and sends no code until the holder has signed in, and another account's sign-in does not count.
     */
    @Test
    void aCredentialRequestInTheUrlSendsNoCodeAndNamesNobodyUntilItsHolderSignsIn() {
        PageVisitor stranger = visitor(wallet);
        openForOneDocument(stranger, "stranger");
        assertThat(stranger.page).contains("name=\"email\"").doesNotContain("id=\"holder\"").doesNotContain("value=\"send\"");
        liftCooldown();
        Optional<String> before = CscClient.lastCodeFor(credential.phone());
        stranger.post(Map.of("action", "send"));
        stranger.post(Map.of("action", "approve", "pin", SigningFixtures.PIN, "code", "123456"));
        assertThat(CscClient.lastCodeFor(credential.phone())).as("no code was sent").isEqualTo(before);
        assertThat(stranger.page).doesNotContain("id=\"holder\"").doesNotContain("*** ***");

        String other = "someone-" + UUID.randomUUID() + "@example.com";
        accounts.ensureSigner(other, PASSWORD, "someone-else-" + UUID.randomUUID()).block();
        stranger.post(Map.of("action", "login", "email", other, "password", PASSWORD));
        assertThat(stranger.message()).contains("not held by this account");
        assertThat(stranger.page).doesNotContain("id=\"holder\"").doesNotContain("value=\"send\"");

        stranger.post(Map.of("action", "login", "email", holderEmail(), "password", PASSWORD));
        assertThat(stranger.page).contains("id=\"holder\"").contains("value=\"send\"").doesNotContain("name=\"email\"");
    }

    /**
     * Nor does that page tell anyone who has not signed in as the holder whether the credential exists or can take the
     * request: an unknown credential and too many signatures open the same sign-in page, and are told apart only after
     * the holder's sign-in (the unknown one to nobody: "not held by this account").
     */
    @Test
    void aCredentialRequestInTheUrlSaysNothingOfTheCredentialBeforeItsHolderSignsIn() {
        String hash = CscClient.sha256("oracle").replace('+', '-').replace('/', '_').replace("=", "");
        PageVisitor unknown = visitor(wallet);
        EntityExchangeResult<String> unknownPage = unknown.openDirect(Map.of("scope", "credential",
                "credentialID", UUID.randomUUID().toString(), "numSignatures", "1", "hashes", hash, "hashAlgorithmOID", SHA256));
        PageVisitor tooMany = visitor(wallet);
        EntityExchangeResult<String> tooManyPage = tooMany.openDirect(Map.of("scope", "credential",
                "credentialID", credential.id(), "numSignatures", "5000", "hashes", hash, "hashAlgorithmOID", SHA256));
        for (EntityExchangeResult<String> page : List.of(unknownPage, tooManyPage)) {
            assertThat(page.getStatus()).isEqualTo(HttpStatus.OK);
            assertThat(page.getResponseBody()).contains("name=\"email\"");
        }

        unknown.post(Map.of("action", "login", "email", holderEmail(), "password", PASSWORD));
        assertThat(unknown.message()).contains("not held by this account");
        EntityExchangeResult<String> refused = tooMany.post(Map.of("action", "login", "email", holderEmail(), "password", PASSWORD));
        assertThat(refused.getStatus()).isEqualTo(HttpStatus.SEE_OTHER);
        assertThat(tooMany.errorFrom(refused)).isEqualTo("invalid_request");
        assertThat(java.net.URLDecoder.decode(refused.getResponseHeaders().getLocation().getRawQuery(),
                StandardCharsets.UTF_8)).contains("Numbers of signatures is too high");
    }

    @Test
    void theCsc2025AuthorizationDetailTypeIsUnderstood() {
        String hash = CscClient.sha256("2025");
        String details = JSON.writeValueAsString(List.of(Map.of("type", AuthorizationRequestReader.CSC_2025_CREDENTIAL,
                "credentialID", credential.id(), "hashAlgorithmOID", SHA256, "numSignatures", 1,
                "documentDigests", List.of(Map.of("hash", hash, "label", "umowa.pdf", "hashType", "SDR")))));
        PageVisitor browser = visitor(wallet);
        browser.open(browser.push(Map.of("authorization_details", details)));
        assertThat(browser.page).contains("umowa.pdf");
        String bearer = browser.tokenOk(browser.codeFrom(approve(browser, credential, SigningFixtures.PIN))).get("access_token").asString();
        sign(bearer, credential, List.of(hash)).expectStatus().isOk();
    }

    /**
     * A CSC 2.2 detail's signAlgo is part of what the holder approves: one the key cannot sign with, or that contradicts
     * the hash algorithm, is refused at the push; an approved one binds the grant, which no other algorithm spends.
     */
    @Test
    void theSignAlgoOfAnAuthorizationDetailIsCheckedAndBindsTheGrant() throws Exception {
        Credential rsa = fixtures.credential(platform, KeyAlgorithm.RSA_2048, credential.userId(), 10);
        fixtures.link(rsa, wallet);
        String hash = CscClient.sha256("bound to one algorithm");
        String pkcs1 = "1.2.840.113549.1.1.11";
        for (Map.Entry<Credential, String> refused : List.of(Map.entry(credential, pkcs1),
                Map.entry(rsa, "1.2.840.10045.4.3.2"), Map.entry(rsa, "1.2.840.113549.1.1.12"), Map.entry(rsa, "1.2.3.4"))) {
            web.post().uri("/oauth2/pushed_authorize")
                    .headers(h -> h.setBasicAuth(wallet.clientId(), SigningFixtures.secretOf(wallet.clientId())))
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                    .bodyValue(visitor(wallet).request(Map.of("authorization_details",
                            signAlgoDetails(refused.getKey(), hash, refused.getValue()))))
                    .exchange().expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.error").isEqualTo("invalid_authorization_details");
        }

        PageVisitor browser = visitor(wallet);
        browser.open(browser.push(Map.of("authorization_details", signAlgoDetails(rsa, hash, pkcs1))));
        JsonNode token = browser.tokenOk(browser.codeFrom(approve(browser, rsa, SigningFixtures.PIN)));
        assertThat(token.get("authorization_details").toString()).contains(pkcs1);
        String bearer = token.get("access_token").asString();
        byte[] pss = new RSASSAPSSparams(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE),
                new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1, new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256,
                        DERNull.INSTANCE)), new ASN1Integer(32), RSASSAPSSparams.DEFAULT_TRAILER_FIELD).getEncoded();
        for (Map<String, Object> other : List.<Map<String, Object>>of(
                Map.of("signAlgo", "1.2.840.113549.1.1.10", "signAlgoParams", Base64.getEncoder().encodeToString(pss)),
                Map.of("signAlgo", "1.2.840.113549.1.1.1"))) {
            Map<String, Object> body = new HashMap<>(Map.of("credentialID", rsa.id(), "hashes", List.of(hash),
                    "hashAlgorithmOID", SHA256));
            body.putAll(other);
            web.post().uri("/csc/v2/signatures/signHash").headers(h -> h.setBearerAuth(bearer))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                    .expectStatus().isBadRequest().expectBody().jsonPath("$.error_description")
                    .isEqualTo("The authorization was given for signAlgo " + pkcs1 + " only");
        }
        JsonNode signed = json(web.post().uri("/csc/v2/signatures/signHash").headers(h -> h.setBearerAuth(bearer))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("credentialID", rsa.id(), "hashes", List.of(hash),
                        "hashAlgorithmOID", SHA256, "signAlgo", pkcs1)).exchange().expectStatus().isOk());
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(rsa.certificate().orElseThrow().getPublicKey());
        verifier.update("bound to one algorithm".getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.verify(Base64.getDecoder().decode(signed.get("signatures").get(0).asString()))).isTrue();
    }

    private static String signAlgoDetails(Credential target, String hash, String signAlgo) {
        return JSON.writeValueAsString(List.of(Map.of("type", AuthorizationRequestReader.CSC_2025_CREDENTIAL,
                "credentialID", target.id(), "hashAlgorithmOID", SHA256, "numSignatures", 2, "signAlgo", signAlgo,
                "documentDigests", List.of(Map.of("hash", hash, "label", "contract.pdf")))));
    }

    /**
     * CSC lets a client name the signature qualifier instead of a credential: the page asks the holder to sign in and
     * takes the first of their credentials linked to the platform that can sign now; the token names it. Another
     * qualifier is refused when pushed, and an account holding no credential for the platform is told it holds none.
     */
    @Test
    void aRequestBySignatureQualifierSignsWithTheHoldersCredential() {
        String hash = CscClient.sha256("by qualifier");
        PageVisitor browser = visitor(wallet);
        browser.open(browser.push(Map.of("authorization_details", qualifierDetails("eu_eidas_qes", hash))));
        assertThat(browser.page).contains("name=\"email\"").doesNotContain("id=\"holder\"");
        browser.post(Map.of("action", "login", "email", holderEmail(), "password", PASSWORD));
        assertThat(browser.page).contains("id=\"holder\"").contains("value=\"send\"");
        JsonNode token = browser.tokenOk(browser.codeFrom(approve(browser, credential, SigningFixtures.PIN)));
        assertThat(token.get("credentialID").asString()).isEqualTo(credential.id());
        sign(token.get("access_token").asString(), credential, List.of(hash)).expectStatus().isOk();

        web.post().uri("/oauth2/pushed_authorize")
                .headers(h -> h.setBasicAuth(wallet.clientId(), SigningFixtures.secretOf(wallet.clientId())))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue(visitor(wallet).request(Map.of("authorization_details", qualifierDetails("eu_eidas_aes", hash))))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_authorization_details");

        PageVisitor stranger = visitor(wallet);
        stranger.open(stranger.push(Map.of("scope", "credential", "signatureQualifier", "eu_eidas_qes", "numSignatures", "1",
                "hashes", hash.replace('+', '-').replace('/', '_').replace("=", ""), "hashAlgorithmOID", SHA256)));
        String other = "someone-" + UUID.randomUUID() + "@example.com";
        accounts.ensureSigner(other, PASSWORD, "someone-else-" + UUID.randomUUID()).block();
        stranger.post(Map.of("action", "login", "email", other, "password", PASSWORD));
        assertThat(stranger.message()).contains("not held by this account");
        assertThat(stranger.page).doesNotContain("id=\"holder\"").doesNotContain("value=\"send\"");
    }

    private static String qualifierDetails(String qualifier, String hash) {
        return JSON.writeValueAsString(List.of(Map.of("type", AuthorizationRequestReader.CSC_2025_CREDENTIAL,
                "signatureQualifier", qualifier, "hashAlgorithmOID", SHA256, "numSignatures", 1,
                "documentDigests", List.of(Map.of("hash", hash, "label", "umowa.pdf")))));
    }

    @Test
    void authorizationDetailsOfTheWrongTypesAreRefusedNotGuessed() {
        String hash = CscClient.sha256("types");
        for (Map<String, Object> detail : List.<Map<String, Object>>of(
                Map.of("type", "credential", "credentialID", credential.id(), "hashAlgorithmOID", SHA256, "numSignatures", "many",
                        "documentDigests", List.of(Map.of("hash", hash))),
                Map.of("type", "credential", "credentialID", credential.id(), "hashAlgorithmOID", SHA256,
                        "documentDigests", List.of(Map.of("hash", hash, "label", 5))),
                // the holder reads labels where they approve: "invoice\u202Egnp.exe" shows as "invoiceexe.png"
                Map.of("type", "credential", "credentialID", credential.id(), "hashAlgorithmOID", SHA256,
                        "documentDigests", List.of(Map.of("hash", hash, "label", "invoice\u202Egnp.exe"))),
                Map.of("type", "credential", "credentialID", credential.id(), "hashAlgorithmOID", SHA256,
                        "documentDigests", List.of(Map.of("hash", hash, "label", "umowa\u0007.pdf"))))) {
            web.post().uri("/oauth2/pushed_authorize")
                    .headers(h -> h.setBasicAuth(wallet.clientId(), SigningFixtures.secretOf(wallet.clientId())))
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                    .bodyValue(visitor(wallet).request(Map.of("authorization_details", JSON.writeValueAsString(List.of(detail)))))
                    .exchange().expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.error").isEqualTo("invalid_authorization_details");
        }
        // not an array of objects, or a value of the detail wrong: invalid_authorization_details (RFC 9396 §5) too
        String shortDigest = JSON.writeValueAsString(List.of(Map.of("type", "credential", "credentialID", credential.id(),
                "hashAlgorithmOID", SHA256, "documentDigests", List.of(Map.of("hash", "AAAA")))));
        for (String details : List.of("{}", "[]", "[null]", "[\"credential\"]", shortDigest, "[{\"credentialID\":\"x\"}]",
                "[{\"type\":5}]")) {
            pushRefused(Map.of("authorization_details", details), "invalid_authorization_details");
        }
        pushRefused(Map.of("scope", "credential", "credentialID", credential.id(), "hashes", hash.replace('+', '-')
                .replace('/', '_').replace("=", ""), "hashAlgorithmOID", SHA256, "description", "Umowa\u202E fdp."), "invalid_request");
    }

    @Test
    void langOnTheAuthorizeUrlChoosesThePagesLanguageOfAPushedRequest() {
        for (String lang : List.of("en", "pl")) {
            String requestUri = visitor(wallet).push(Map.of("scope", "service"));
            String page = web.get().uri(uri -> uri.path("/oauth2/authorize").queryParam("client_id", "{c}")
                            .queryParam("request_uri", "{r}").queryParam("lang", lang).build(wallet.clientId(), requestUri))
                    .header(HttpHeaders.ACCEPT_LANGUAGE, lang.equals("en") ? "pl" : "en")
                    .exchange().expectStatus().isOk().expectHeader().valueEquals(HttpHeaders.CONTENT_TYPE, "text/html;charset=UTF-8")
                    .expectBody(String.class).returnResult().getResponseBody();
            assertThat(page).as(lang).contains("lang=\"" + lang + "\"");
        }
    }

    @Test
    void aStateTooLongToSendBackIsRefusedAtThePush() {
        pushRefused(Map.of("scope", "service", "state", "s".repeat(AuthorizationRequestReader.MAX_STATE + 1)), "invalid_request");
        web.post().uri("/oauth2/pushed_authorize")
                .headers(h -> h.setBasicAuth(wallet.clientId(), SigningFixtures.secretOf(wallet.clientId())))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue(visitor(wallet).request(Map.of("scope", "service", "state", "s".repeat(AuthorizationRequestReader.MAX_STATE))))
                .exchange().expectStatus().isCreated().expectBody().returnResult();
    }

    private void pushRefused(Map<String, String> parameters, String error) {
        MultiValueMap<String, String> form = visitor(wallet).request(Map.of());
        parameters.forEach(form::set);
        web.post().uri("/oauth2/pushed_authorize")
                .headers(h -> h.setBasicAuth(wallet.clientId(), SigningFixtures.secretOf(wallet.clientId())))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue(form)
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo(error);
    }

    @Test
    void pkceIsRequiredAndOnlyWithS256() {
        PageVisitor browser = visitor(wallet);
        Map<String, String> credentialScope = Map.of("scope", "credential", "credentialID", credential.id(),
                "hashes", CscClient.sha256("p"), "hashAlgorithmOID", SHA256);
        Map<String, String> plain = new HashMap<>(credentialScope);
        plain.put("code_challenge_method", "plain");
        plain.put("code_challenge", browser.verifier);
        assertThat(errorOf(browser, browser.openDirect(plain))).isEqualTo("invalid_request");
        Map<String, String> none = new HashMap<>(credentialScope);
        none.put("code_challenge", "");
        none.put("code_challenge_method", "");
        assertThat(errorOf(browser, browser.openDirect(none))).isEqualTo("invalid_request");
        Map<String, String> requestObject = new HashMap<>(credentialScope);
        requestObject.put("request", "eyJhbGciOiJub25lIn0.e30.");
        assertThat(errorOf(browser, browser.openDirect(requestObject))).isEqualTo("request_not_supported");
        // a malformed one too, told in our words rather than the JOSE parser's
        requestObject.put("request", "eyJhbGciOiJub25lIn0.e30.junk-ish");
        EntityExchangeResult<String> malformed = browser.openDirect(requestObject);
        assertThat(errorOf(browser, malformed)).isEqualTo("request_not_supported");
        assertThat(malformed.getResponseHeaders().getLocation().toString()).doesNotContain("JWS");
        // one credential request in two forms, which would disagree: refused, not merged
        Map<String, String> both = new HashMap<>(Map.of("authorization_details", details(credential, CscClient.sha256("a")),
                "numSignatures", "2", "hashes", CscClient.sha256("b").replace('+', '-').replace('/', '_').replace("=", "")));
        assertThat(errorOf(browser, browser.openDirect(both))).isEqualTo("invalid_request");
        // the response goes in the query only, as the metadata says: a fragment or a form post is refused, not ignored
        for (String mode : List.of("fragment", "form_post", "bogus")) {
            Map<String, String> otherMode = new HashMap<>(credentialScope);
            otherMode.put("response_mode", mode);
            assertThat(errorOf(browser, browser.openDirect(otherMode))).as(mode).isEqualTo("invalid_request");
        }
    }

    @Test
    void aMissingOrWrongVerifierGetsNoTokenAndBurnsTheCode() {
        PageVisitor missing = serviceLogin();
        String code = missing.codeFrom(missing.post(Map.of("action", "login", "email", email, "password", PASSWORD)));
        missing.token(code, Map.of("code_verifier", "")).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.error").isEqualTo("invalid_grant");
        missing.token(code, Map.of()).expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_grant");

        PageVisitor wrong = serviceLogin();
        String second = wrong.codeFrom(wrong.post(Map.of("action", "login", "email", email, "password", PASSWORD)));
        wrong.token(second, Map.of("code_verifier", missing.verifier)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("invalid_grant");
    }

    @Test
    void authorizationDetailsAtTheTokenEndpointAreTheApprovedOnesOrNone() {
        String hash = CscClient.sha256("token details");
        String other = CscClient.sha256("never approved");
        PageVisitor browser = visitor(wallet);
        browser.open(browser.push(Map.of("authorization_details", details(credential, hash))));
        String code = browser.codeFrom(approve(browser, credential, SigningFixtures.PIN));
        browser.token(code, Map.of("authorization_details", details(credential, other))).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("invalid_authorization_details");
        browser.token(code, Map.of()).expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_grant");

        // the approved ones again, members in another order: the token
        PageVisitor again = visitor(wallet);
        again.open(again.push(Map.of("authorization_details", details(credential, hash))));
        String approved = again.codeFrom(approve(again, credential, SigningFixtures.PIN));
        String reordered = JSON.writeValueAsString(List.of(new TreeMap<>(Map.of("documentDigests", List.of(Map.of("label",
                "contract.pdf", "hash", hash)), "hashAlgorithmOID", SHA256, "credentialID", credential.id(), "type", "credential"))));
        JsonNode token = JSON.readTree(again.token(approved, Map.of("authorization_details", reordered)).expectStatus().isOk()
                .expectBody().returnResult().getResponseBody());
        sign(token.get("access_token").asString(), credential, List.of(hash)).expectStatus().isOk();

        // a code granted by scope=credential parameters carries no details to name
        PageVisitor plain = visitor(wallet);
        plain.open(plain.push(Map.of("scope", "credential", "credentialID", credential.id(), "numSignatures", "1",
                "hashes", hash.replace('+', '-').replace('/', '_').replace("=", ""), "hashAlgorithmOID", SHA256)));
        String plainCode = plain.codeFrom(approve(plain, credential, SigningFixtures.PIN));
        plain.token(plainCode, Map.of("authorization_details", details(credential, hash))).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("invalid_authorization_details");
    }

    /**
     * A double click: the browser drops the first post's answer and shows the second's. The second, the same action from
     * the same browser, is sent where the first went (one code between them), not told the page expired; another
     * browser, or another action, is.
     */
    @Test
    void aPostSentAgainAfterItEndedThePageIsSentWhereTheFirstWent() {
        PageVisitor browser = serviceLogin();
        MultiValueMap<String, String> login = new LinkedMultiValueMap<>();
        browser.hiddenFields().forEach(login::add);
        Map.of("action", "login", "email", holderEmail(), "password", PASSWORD).forEach(login::add);
        URI first = browser.postRaw(login).getResponseHeaders().getLocation();
        EntityExchangeResult<String> again = browser.postRaw(login);
        assertThat(again.getStatus()).isEqualTo(HttpStatus.SEE_OTHER);
        assertThat(again.getResponseHeaders().getLocation()).isEqualTo(first);
        browser.tokenOk(browser.codeFrom(again));

        MultiValueMap<String, String> cancel = new LinkedMultiValueMap<>(login);
        cancel.set("action", "cancel");
        assertThat(browser.postRaw(cancel).getStatus()).as("another action").isEqualTo(HttpStatus.BAD_REQUEST);
        browser.forgetCookies();
        assertThat(browser.postRaw(login).getStatus()).as("another browser").isEqualTo(HttpStatus.BAD_REQUEST);

        // the holder's approval, posted twice: the same code, granted once
        String hash = CscClient.sha256("double click");
        PageVisitor holder = visitor(wallet);
        holder.open(holder.push(Map.of("authorization_details", details(credential, hash))));
        EntityExchangeResult<String> approved = approve(holder, credential, SigningFixtures.PIN);
        String code = holder.codeFrom(approved);
        MultiValueMap<String, String> approval = new LinkedMultiValueMap<>();
        holder.hiddenFields().forEach(approval::add);
        Map.of("action", "approve", "pin", SigningFixtures.PIN, "code", "123456").forEach(approval::add);
        EntityExchangeResult<String> repeated = holder.postRaw(approval);
        assertThat(repeated.getStatus()).isEqualTo(HttpStatus.SEE_OTHER);
        assertThat(holder.codeFrom(repeated)).isEqualTo(code);
        sign(holder.tokenOk(code).get("access_token").asString(), credential, List.of(hash)).expectStatus().isOk();
    }

    @Test
    void aCodeWorksOnceAndItsReuseWithdrawsWhatItGranted() {
        String hash = CscClient.sha256("reuse");
        PageVisitor browser = visitor(wallet);
        browser.open(browser.push(Map.of("authorization_details", details(credential, hash))));
        String code = browser.codeFrom(approve(browser, credential, SigningFixtures.PIN));
        String bearer = browser.tokenOk(code).get("access_token").asString();

        browser.token(code, Map.of()).expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_grant");
        sign(bearer, credential, List.of(hash)).expectStatus().isUnauthorized();
        String sadId = JSON.readTree(Base64.getUrlDecoder().decode(bearer.split("\\.")[1])).get("sid").asString();
        assertThat(redis.hasKey("sad:{" + sadId + "}").block()).as("the grant is withdrawn too").isFalse();
    }

    @Test
    void aReusedServiceCodeRevokesTheAccessAndRefreshTokensOfItsFirstExchange() {
        PageVisitor browser = serviceLogin();
        String code = signIn(browser);
        JsonNode first = browser.tokenOk(code);
        CscClient user = CscClient.withToken(web, first.get("access_token").asString());
        user.call("credentials/list", Map.of()).expectStatus().isOk();

        browser.token(code, Map.of()).expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_grant");

        user.call("credentials/list", Map.of()).expectStatus().isUnauthorized();
        refresh(first.get("refresh_token").asString()).expectStatus().isBadRequest().expectBody().jsonPath("$.error")
                .isEqualTo("invalid_grant");
    }

    @Test
    void aCodeReusedAfterARefreshRevokesTheRefreshedTokensToo() {
        PageVisitor browser = serviceLogin();
        String code = signIn(browser);
        JsonNode first = browser.tokenOk(code);
        JsonNode renewed = json(refresh(first.get("refresh_token").asString()).expectStatus().isOk());
        CscClient before = CscClient.withToken(web, first.get("access_token").asString());
        CscClient after = CscClient.withToken(web, renewed.get("access_token").asString());
        after.call("credentials/list", Map.of()).expectStatus().isOk();

        browser.token(code, Map.of()).expectStatus().isBadRequest();

        before.call("credentials/list", Map.of()).expectStatus().isUnauthorized();
        after.call("credentials/list", Map.of()).expectStatus().isUnauthorized();
        refresh(renewed.get("refresh_token").asString()).expectStatus().isBadRequest().expectBody().jsonPath("$.error")
                .isEqualTo("invalid_grant");
    }

    @Test
    void aCodePresentedTwiceAtOnceLeavesNothingUsable() {
        for (int round = 0; round < 4; round++) {
            PageVisitor browser = serviceLogin();
            String code = signIn(browser);
            presentedTwiceAtOnceLeaveNothingUsable(() -> browser.token(code, Map.of()));
        }
    }

    @Test
    void aCodeIssuedToAnotherClientOrForAnotherRedirectUriIsRefused() {
        PlatformClient other = fixtures.wallet(List.of(REGISTERED));
        PageVisitor browser = serviceLogin();
        String code = browser.codeFrom(browser.post(Map.of("action", "login", "email", email, "password", PASSWORD)));
        new PageVisitor(web, other.clientId(), CALLBACK).token(code, Map.of("code_verifier", browser.verifier))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_grant");
        browser.token(code, Map.of()).expectStatus().isBadRequest();

        PageVisitor elsewhere = serviceLogin();
        String second = elsewhere.codeFrom(elsewhere.post(Map.of("action", "login", "email", email, "password", PASSWORD)));
        elsewhere.token(second, Map.of("redirect_uri", "http://127.0.0.1:43211/callback")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("invalid_grant");
    }

    @Test
    void onlyRegisteredRedirectUrisAreUsedAndTheLoopbackRuleAllowsAnyPort() {
        for (String foreign : List.of("https://evil.example/callback", "http://localhost:43210/callback",
                "http://127.0.0.1:43210/other", "http://127.0.0.1.evil.example/callback")) {
            EntityExchangeResult<String> page = new PageVisitor(web, wallet.clientId(), foreign)
                    .openDirect(Map.of("scope", "service", "lang", "pl"));
            assertThat(page.getStatus()).as(foreign).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(page.getResponseHeaders().getLocation()).as(foreign).isNull();
            // the page speaks Polish, as asked; the client's technical reason is English, and says so
            assertThat(page.getResponseBody()).as(foreign).contains("<html lang=\"pl\">")
                    .contains("<span>Żądanie autoryzacji jest nieprawidłowe:</span> <span\n     lang=\"en\">The redirect_uri is not "
                            + "registered for this client</span>");
        }
        EntityExchangeResult<String> loopback = new PageVisitor(web, wallet.clientId(), "http://127.0.0.1:1/callback")
                .openDirect(Map.of("scope", "service", "lang", "en"));
        assertThat(loopback.getStatus()).isEqualTo(HttpStatus.OK);
        // the sign-in form links to "I forgot my password" in the page's language, in a tab of its own
        assertThat(loopback.getResponseBody()).contains("href=\"/password-reset?lang=en\" target=\"_blank\" rel=\"noopener\"")
                .contains("Forgot your password?");
        EntityExchangeResult<String> unknownClient = new PageVisitor(web, "nobody", CALLBACK).openDirect(Map.of("scope", "service"));
        assertThat(unknownClient.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(unknownClient.getResponseHeaders().getLocation()).isNull();
    }

    @Test
    void anUnknownOrUsedRequestUriShowsAnErrorPageAndGoesNowhere() {
        PageVisitor browser = visitor(wallet);
        EntityExchangeResult<String> unknown = browser.open(AuthorizationStore.REQUEST_URI_PREFIX + "made-up");
        assertThat(unknown.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(unknown.getResponseHeaders().getLocation()).isNull();
        assertThat(unknown.getResponseBody()).as("told in the holder's language what to do, not the protocol's reason")
                .contains("This authorization link has expired").contains("Go back to the service")
                .doesNotContain("request_uri");

        String requestUri = browser.push(Map.of("scope", "service"));
        assertThat(browser.open(requestUri).getStatus()).isEqualTo(HttpStatus.OK);
        // another browser (no cookie of the one that opened it) finds the request URI used
        assertThat(new PageVisitor(web, wallet.clientId(), CALLBACK).open(requestUri).getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
        // another client that learnt a request URI (it travels through the browser) cannot open it, nor spend it
        PageVisitor thief = new PageVisitor(web, fixtures.wallet(List.of(REGISTERED)).clientId(), CALLBACK);
        String pushed = browser.push(Map.of("scope", "service"));
        assertThat(thief.open(pushed).getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(browser.open(pushed).getStatus()).as("the holder's request is still there").isEqualTo(HttpStatus.OK);
    }

    /**
     * RFC 9126 §4 lets a request URI serve a duplicate "due to a user reloading/refreshing their user agent": the browser
     * that opened the page gets it again as it stands (its session, the code already sent), not an error; once the page's
     * session has ended, a reload is the used request URI's error page.
     */
    @Test
    void aReloadInTheBrowserThatOpenedThePageShowsItAsItStands() {
        PageVisitor browser = visitor(wallet);
        String requestUri = browser.push(Map.of("authorization_details", details(credential, CscClient.sha256("reload"))));
        String first = browser.open(requestUri).getResponseBody();
        Matcher session = Pattern.compile("name=\"session\" value=\"([^\"]+)\"").matcher(first);
        assertThat(session.find()).isTrue();
        browser.post(Map.of("action", "send"));

        EntityExchangeResult<String> reloaded = browser.open(requestUri);
        assertThat(reloaded.getStatus()).isEqualTo(HttpStatus.OK);
        assertThat(reloaded.getResponseBody()).contains("value=\"" + session.group(1) + "\"").contains("id=\"pin\"");

        EntityExchangeResult<String> cancelled = browser.post(Map.of("action", "cancel"));
        assertThat(browser.errorFrom(cancelled)).isEqualTo("access_denied");
        assertThat(browser.open(requestUri).getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    /**
     * A service token is the holder's grant given with their password: a new password (here changed signed in; a reset
     * takes the same path) withdraws it, its refresh token with it, as it ends the account's sessions.
     */
    @Test
    void aNewPasswordWithdrawsTheServiceTokensGrantedWithTheOldOne() {
        PageVisitor browser = serviceLogin();
        JsonNode tokens = browser.tokenOk(browser.codeFrom(browser.post(Map.of("action", "login", "email", email,
                "password", PASSWORD))));
        CscClient user = CscClient.withToken(web, tokens.get("access_token").asString());
        user.ok("credentials/list", Map.of());

        String session = web.post().uri("/api/v1/sessions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", PASSWORD)).exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("token").asString();
        web.post().uri("/api/v1/accounts/me/password").headers(h -> h.setBearerAuth(session)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("currentPassword", PASSWORD, "newPassword", "a brand new password 1")).exchange()
                .expectStatus().isOk();

        user.call("credentials/list", Map.of()).expectStatus().isUnauthorized();
        refresh(tokens.get("refresh_token").asString()).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("invalid_grant");
    }

    /**
     * A sign-in that checked the old password gives a code that is exchanged after the change: the change found no
     * token to revoke yet, so the exchange itself refuses it (and withdraws what it made); a sign-in with the new
     * password works.
     */
    @Test
    void aCodeFromASignInWithTheOldPasswordIsRefusedOnceThePasswordChanged() {
        PageVisitor browser = serviceLogin();
        String code = browser.codeFrom(browser.post(Map.of("action", "login", "email", email, "password", PASSWORD)));
        String session = web.post().uri("/api/v1/sessions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "password", PASSWORD)).exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("token").asString();
        web.post().uri("/api/v1/accounts/me/password").headers(h -> h.setBearerAuth(session)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("currentPassword", PASSWORD, "newPassword", "a brand new password 2")).exchange()
                .expectStatus().isOk();

        browser.token(code, Map.of()).expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_grant");

        PageVisitor again = serviceLogin();
        again.tokenOk(again.codeFrom(again.post(Map.of("action", "login", "email", email, "password", "a brand new password 2"))));
    }

    /** A step that ran while its page's session was closed (a cancel posted meanwhile) does not open it again. */
    @Test
    void aSessionClosedWhileAStepRanStaysClosed() {
        PageVisitor browser = visitor(wallet);
        String requestUri = browser.push(Map.of("authorization_details", details(credential, CscClient.sha256("closed"))));
        Matcher id = Pattern.compile("name=\"session\" value=\"([^\"]+)\"").matcher(browser.open(requestUri).getResponseBody());
        assertThat(id.find()).isTrue();
        AuthorizationStore.AuthorizationSession open = store.session(id.group(1)).block(Duration.ofSeconds(5));
        assertThat(store.updateSession(open.withCodeSent()).block(Duration.ofSeconds(5))).isTrue();

        assertThat(browser.errorFrom(browser.post(Map.of("action", "cancel")))).isEqualTo("access_denied");
        assertThat(store.updateSession(open.withCodeSent()).block(Duration.ofSeconds(5))).isFalse();
        assertThat(store.session(id.group(1)).blockOptional(Duration.ofSeconds(5))).isEmpty();
        assertThat(browser.open(requestUri).getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    /**
     * The browser cookie the page's sessions are tied to is one this gateway gave out: a value planted by someone else
     * (any 64 characters) is replaced, so a page opened under it is not theirs to reload; one client_id only.
     */
    @Test
    void aPlantedBrowserCookieIsReplacedAndAPushedRequestTakesOneClientId() {
        PageVisitor browser = visitor(wallet);
        String requestUri = browser.push(Map.of("scope", "service"));
        String planted = "z".repeat(64);
        web.get().uri(uri -> uri.path("/oauth2/authorize").queryParam("client_id", "{c}").queryParam("client_id", "{e}")
                        .queryParam("request_uri", "{r}").build(wallet.clientId(), "evil", requestUri))
                .exchange().expectStatus().isBadRequest();
        EntityExchangeResult<String> opened = web.get().uri(uri -> uri.path("/oauth2/authorize").queryParam("client_id", "{c}")
                        .queryParam("request_uri", "{r}").build(wallet.clientId(), requestUri))
                .cookie(PageGuard.BROWSER_COOKIE, planted).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult();
        assertThat(opened.getResponseCookies().getFirst(PageGuard.BROWSER_COOKIE)).isNotNull()
                .extracting(cookie -> cookie.getValue()).isNotEqualTo(planted);
        // whoever planted it cannot reload the page with it
        web.get().uri(uri -> uri.path("/oauth2/authorize").queryParam("client_id", "{c}").queryParam("request_uri", "{r}")
                        .build(wallet.clientId(), requestUri))
                .cookie(PageGuard.BROWSER_COOKIE, planted).exchange().expectStatus().isBadRequest();
    }

    /**
     * The cookie a signed-in page is bound to is the one given out at the sign-in: a cookie someone planted (a value this
     * gateway gave them), and the page's token from before, open the page before the sign-in and not after it.
     */
    @Test
    void theSignInGivesTheBrowserANewCookieAndThePageANewToken() {
        PageVisitor browser = visitor(wallet);
        openForOneDocument(browser, "fixation");
        Map<String, String> before = browser.cookies();
        String csrfBefore = browser.hiddenFields().get("csrf_token");
        browser.post(Map.of("action", "login", "email", holderEmail(), "password", PASSWORD));
        assertThat(browser.page).contains("value=\"send\"");
        assertThat(browser.cookies().get(PageGuard.BROWSER_COOKIE)).isNotEqualTo(before.get(PageGuard.BROWSER_COOKIE));
        assertThat(browser.hiddenFields().get("csrf_token")).isNotEqualTo(csrfBefore);
        // what the planter holds: the old cookie, with the old token or the new one
        for (String csrf : List.of(csrfBefore, browser.hiddenFields().get("csrf_token"))) {
            MultiValueMap<String, String> form = new LinkedMultiValueMap<>(Map.of("session", List.of(browser.hiddenFields().get("session")),
                    "csrf_token", List.of(csrf), "action", List.of("send")));
            web.post().uri("/oauth2/authorize/confirm").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                    .cookie(PageGuard.BROWSER_COOKIE, before.get(PageGuard.BROWSER_COOKIE))
                    .bodyValue(form).exchange().expectStatus().isForbidden();
        }
        liftCooldown();
        browser.post(Map.of("action", "send"));
        assertThat(browser.message()).startsWith("We sent the SMS code");
    }

    /**
     * An SMS code is for the page it was sent from (dynamic linking): on another page of the same holder — another
     * document, another browser — it is a wrong code, and it still authorizes its own page's document.
     */
    @Test
    void aCodeSentForOnePageDoesNotApproveAnother() {
        PageVisitor asked = visitor(wallet);
        asked.open(asked.push(Map.of("authorization_details", details(credential, CscClient.sha256("asked for")))));
        PageVisitor other = visitor(wallet);
        other.open(other.push(Map.of("authorization_details", details(credential, CscClient.sha256("another document")))));
        liftCooldown();
        asked.post(Map.of("action", "send"));
        String code = CscClient.lastCodeFor(credential.phone()).orElseThrow();

        EntityExchangeResult<String> refused = other.post(Map.of("action", "approve", "pin", SigningFixtures.PIN, "code", code));
        assertThat(refused.getStatus()).isNotEqualTo(HttpStatus.SEE_OTHER);
        assertThat(other.message()).startsWith("Wrong SMS code");

        String bearer = asked.tokenOk(asked.codeFrom(asked.post(Map.of("action", "approve", "pin", SigningFixtures.PIN,
                "code", code)))).get("access_token").asString();
        sign(bearer, credential, List.of(CscClient.sha256("asked for"))).expectStatus().isOk();
    }

    @Test
    void anExpiredCodeIsRefused() throws Exception {
        PageVisitor browser = serviceLogin();
        String code = browser.codeFrom(browser.post(Map.of("action", "login", "email", email, "password", PASSWORD)));
        assertThat(redis.getExpire(codeKey(code)).block()).as("a code lives at most 60 s")
                .isPositive().isLessThanOrEqualTo(Duration.ofSeconds(60));
        redis.delete(codeKey(code)).block(); // what those 60 s do
        browser.token(code, Map.of()).expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_grant");
    }

    @Test
    void aHashNotInTheAuthorizationIsRefusedAndNothingIsSpent() {
        String hash = CscClient.sha256("authorized");
        String bearer = credentialToken(hash, 1);
        sign(bearer, credential, List.of(CscClient.sha256("something else"))).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error_description").value(text -> assertThat((String) text).contains("not authorized"));
        sign(bearer, credential, List.of(hash)).expectStatus().isOk();
    }

    @Test
    void concurrentCallsNeverSignMoreThanTheHolderAuthorized() {
        String hash = CscClient.sha256("count");
        String bearer = credentialToken(hash, 3);
        List<CompletableFuture<HttpStatus>> calls = IntStream.range(0, 12)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> HttpStatus.valueOf(CscClient.untilNotUnavailable(
                        () -> sign(bearer, credential, List.of(hash)).expectBody().returnResult().getStatus().value()))))
                .toList();
        List<HttpStatus> statuses = calls.stream().map(CompletableFuture::join).toList();
        assertThat(statuses.stream().filter(HttpStatus.OK::equals).count()).isEqualTo(3);
        assertThat(statuses.stream().filter(HttpStatus.BAD_REQUEST::equals).count()).isEqualTo(9);
    }

    @Test
    void aCredentialTokenWorksOnlyForItsPlatformAndCredential() {
        String hash = CscClient.sha256("bound");
        String bearer = credentialToken(hash, 2);
        Credential another = fixtures.credential(platform, KeyAlgorithm.EC_P256, credential.userId(), 10);
        fixtures.link(another, wallet);
        sign(bearer, another, List.of(hash)).expectStatus().isBadRequest();
        client.call("signatures/signHash", CscClient.signHashBody(credential.id(), bearer, List.of(hash))).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error_description").isEqualTo("SAD unknown or expired");
        CscClient walletService = CscClient.login(web, wallet.clientId(), SigningFixtures.secretOf(wallet.clientId()));
        walletService.call("signatures/signHash", CscClient.signHashBody(credential.id(), bearer, List.of(hash))).expectStatus().isOk();
        client.call("credentials/list", Map.of("userID", credential.userId())).expectStatus().isOk();
        web.post().uri("/csc/v2/credentials/list").headers(h -> h.setBearerAuth(bearer)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("userID", credential.userId())).exchange().expectStatus().isForbidden();
    }

    /** The EUDI rQES client reads credentials/info with the credential token right after exchanging the code. */
    @Test
    void aCredentialTokenReadsTheInfoOfItsOwnCredentialOnlyAndStillSigns() {
        String hash = CscClient.sha256("info with the credential token");
        String bearer = credentialToken(hash, 1);
        CscClient holder = CscClient.withToken(web, bearer);
        JsonNode info = holder.ok("credentials/info", Map.of("credentialID", credential.id(), "certificates", "chain"));
        assertThat(info.get("cert").get("certificates").size()).isPositive();
        assertThat(info.get("auth").get("mode").asString()).isEqualTo("oauth2code");

        Credential another = fixtures.credential(platform, KeyAlgorithm.EC_P256, credential.userId(), 10);
        fixtures.link(another, wallet);
        holder.call("credentials/info", Map.of("credentialID", another.id())).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("invalid_request");
        holder.call("credentials/list", Map.of("userID", credential.userId())).expectStatus().isForbidden();
        holder.call("credentials/getChallenge", Map.of("credentialID", credential.id())).expectStatus().isForbidden();
        // a signatures/ method that spends no grant is a service method: the token authorizes its hashes, nothing else
        holder.call("signatures/timestamp", Map.of("hash", hash, "hashAlgo", SHA256)).expectStatus().isForbidden()
                .expectBody().jsonPath("$.error").isEqualTo("insufficient_scope");

        sign(bearer, credential, List.of(hash)).expectStatus().isOk();
    }

    @Test
    void revokingACredentialTokenWithdrawsItsGrant() {
        String hash = CscClient.sha256("revoke");
        String bearer = credentialToken(hash, 2);
        web.post().uri("/oauth2/revoke").headers(h -> h.setBasicAuth(wallet.clientId(), SigningFixtures.secretOf(wallet.clientId())))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("token=" + bearer).exchange().expectStatus().isOk();
        sign(bearer, credential, List.of(hash)).expectStatus().isUnauthorized();
    }

    @Test
    void anotherClientCannotRevokeATokenAndIsToldSo() {
        String hash = CscClient.sha256("revoke by another");
        String bearer = credentialToken(hash, 1);
        web.post().uri("/oauth2/revoke").headers(h -> h.setBasicAuth(platform.clientId(), SigningFixtures.secretOf(platform.clientId())))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("token=" + bearer).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("unauthorized_client");
        sign(bearer, credential, List.of(hash)).expectStatus().isOk();
    }

    @Test
    void anotherClientCannotRevokeARefreshTokenAndIsToldSo() {
        PageVisitor browser = serviceLogin();
        JsonNode issued = browser.tokenOk(signIn(browser));
        String refreshToken = issued.get("refresh_token").asString();
        for (String hint : new String[] {"&token_type_hint=refresh_token", ""}) {
            web.post().uri("/oauth2/revoke")
                    .headers(h -> h.setBasicAuth(platform.clientId(), SigningFixtures.secretOf(platform.clientId())))
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("token=" + refreshToken + hint).exchange()
                    .expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("unauthorized_client");
        }
        CscClient.withToken(web, issued.get("access_token").asString()).call("credentials/list", Map.of()).expectStatus().isOk();
        refresh(refreshToken).expectStatus().isOk();
    }

    @Test
    void revokingARefreshTokenRevokesTheAccessTokensOfItsGrant() {
        PageVisitor browser = serviceLogin();
        JsonNode first = browser.tokenOk(signIn(browser));
        JsonNode refreshed = json(refresh(first.get("refresh_token").asString()).expectStatus().isOk());
        CscClient user = CscClient.withToken(web, refreshed.get("access_token").asString());
        user.call("credentials/list", Map.of()).expectStatus().isOk();

        web.post().uri("/oauth2/revoke").headers(h -> h.setBasicAuth(wallet.clientId(), SigningFixtures.secretOf(wallet.clientId())))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .bodyValue("token=" + refreshed.get("refresh_token").asString() + "&token_type_hint=refresh_token")
                .exchange().expectStatus().isOk();

        user.call("credentials/list", Map.of()).expectStatus().isUnauthorized();
        CscClient.withToken(web, first.get("access_token").asString()).call("credentials/list", Map.of()).expectStatus()
                .isUnauthorized();
        refresh(refreshed.get("refresh_token").asString()).expectStatus().isBadRequest();
    }

    @Test
    void theCscAuthRevokeMethodRevokesARefreshTokenAndTheAccessTokensOfItsGrant() {
        PageVisitor browser = serviceLogin();
        JsonNode issued = browser.tokenOk(signIn(browser));
        CscClient user = CscClient.withToken(web, issued.get("access_token").asString());
        CscClient other = CscClient.login(web, platform.clientId(), SigningFixtures.secretOf(platform.clientId()));

        other.call("auth/revoke", Map.of("token", issued.get("refresh_token").asString())).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("unauthorized_client");
        user.call("auth/revoke", Map.of("token", issued.get("refresh_token").asString(), "token_type_hint", "refresh_token"))
                .expectStatus().isNoContent();

        user.call("credentials/list", Map.of()).expectStatus().isUnauthorized();
        refresh(issued.get("refresh_token").asString()).expectStatus().isBadRequest();
    }

    @Test
    void postsWithoutTheCsrfTokenOrFromAnotherBrowserAreRefused() {
        PageVisitor browser = visitor(wallet);
        browser.open(browser.push(Map.of("authorization_details", details(credential, CscClient.sha256("csrf")))));
        Map<String, String> hidden = browser.hiddenFields();
        LinkedMultiValueMap<String, String> noToken = new LinkedMultiValueMap<>();
        noToken.add("session", hidden.get("session"));
        noToken.add("action", "send");
        assertThat(browser.postRaw(noToken).getStatus()).isEqualTo(HttpStatus.FORBIDDEN);
        LinkedMultiValueMap<String, String> wrongToken = new LinkedMultiValueMap<>(noToken);
        wrongToken.add("csrf_token", "0".repeat(64));
        EntityExchangeResult<String> forged = browser.postRaw(wrongToken);
        assertThat(forged.getStatus()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(forged.getResponseBody()).contains("This form did not come from the page opened in this browser.")
                .doesNotContain("CSRF");
        browser.forgetCookies();
        EntityExchangeResult<String> cookieless = browser.post(Map.of("action", "send"));
        assertThat(cookieless.getStatus()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(cookieless.getResponseBody()).as("a browser that blocks cookies is told so, in the page's language")
                .contains("Your browser did not send back the cookie of this page").contains("Allow cookies for this site");
        assertThat(CscClient.lastCodeFor(credential.phone())).isEmpty();
    }

    @Test
    void threeWrongSmsCodesBurnTheCode() {
        PageVisitor browser = visitor(wallet);
        browser.open(browser.push(Map.of("authorization_details", details(credential, CscClient.sha256("sms")))));
        browser.post(Map.of("action", "send"));
        String right = CscClient.lastCodeFor(credential.phone()).orElseThrow();
        // in the page's language (English here), which the holder is reading, not the credential's (Polish)
        assertThat(CscClient.lastCodeTextFor(credential.phone()).orElseThrow())
                .isEqualTo("Sigillum: " + right + " is your code to authorize signing with " + wallet.name()
                        + ". It expires in 5 minutes. Never share it.");
        String wrong = right.equals("000000") ? "111111" : "000000";
        browser.post(Map.of("action", "approve", "pin", SigningFixtures.PIN, "code", wrong));
        assertThat(browser.message()).isEqualTo("Wrong SMS code. Attempts left: 2.");
        browser.post(Map.of("action", "approve", "pin", SigningFixtures.PIN, "code", wrong));
        assertThat(browser.message()).isEqualTo("Wrong SMS code. Attempts left: 1.");
        browser.post(Map.of("action", "approve", "pin", SigningFixtures.PIN, "code", wrong));
        assertThat(browser.message()).contains("Send a new code");
        EntityExchangeResult<String> late = browser.post(Map.of("action", "approve", "pin", SigningFixtures.PIN, "code", right));
        assertThat(late.getResponseHeaders().getLocation()).isNull();
        assertThat(browser.message()).contains("Send a new code");
    }

    @Test
    void aLockedAccountIsToldOnThePageWhenItMayTryAgain() {
        String locking = "locking-" + UUID.randomUUID() + "@example.com";
        accounts.ensureSigner(locking, PASSWORD, "locking-" + UUID.randomUUID()).block();
        PageVisitor browser = visitor(wallet);
        browser.open(browser.push(Map.of("scope", "service")));
        int allowed = accountRules.maxFailedLogins();
        for (int attempt = 0; attempt < allowed; attempt++) {
            browser.post(Map.of("action", "login", "email", locking, "password", "wrong-" + attempt));
        }
        browser.post(Map.of("action", "login", "email", locking, "password", PASSWORD));
        assertThat(browser.message()).matches("Too many failed sign-ins\\. The account is locked; you can try again in \\d+ min\\.");
    }

    /**
     * The page's form carries its language: a post after the session ended is answered in it, whatever the browser
     * prefers. An error is announced at once (role=alert) and named by the fields it concerns; news is polite.
     */
    @Test
    void theFormCarriesThePagesLanguageAndAnnouncesItsErrors() {
        PageVisitor browser = visitor(wallet);
        browser.open(browser.push(Map.of("authorization_details", details(credential, CscClient.sha256("lang")), "lang", "en")));
        liftCooldown();
        String sent = browser.post(Map.of("action", "send")).getResponseBody();
        assertThat(sent).contains("role=\"status\"").doesNotContain("role=\"alert\"");
        String refused = browser.post(Map.of("action", "approve", "pin", "", "code", "")).getResponseBody();
        assertThat(refused).contains("lang=\"en\"").contains("role=\"alert\"")
                .containsPattern("id=\"pin\"[^>]*aria-describedby=\"message\"")
                .containsPattern("id=\"code\"[^>]*aria-describedby=\"message\"");
        browser.post(Map.of("action", "cancel"));
        // the session has ended; the browser (no Accept-Language) would have Polish, the page was English
        String ended = browser.post(Map.of("action", "send")).getResponseBody();
        assertThat(ended).contains("lang=\"en\"").contains("This authorization has expired or is already finished")
                .as("no empty link, no empty reason").doesNotContain("id=\"back\"").doesNotContain("<span lang=\"en\"></span>");
    }

    @Test
    void wrongPinsOnThePageAndInExplicitModeShareOneLockout() {
        PageVisitor browser = visitor(wallet);
        browser.open(browser.push(Map.of("authorization_details", details(credential, CscClient.sha256("lock")))));
        // a page opened from the URL before the lock, whose holder signs in after it
        PageVisitor late = visitor(wallet);
        openForOneDocument(late, "late");
        for (int attempt = 1; attempt <= 3; attempt++) {
            liftCooldown();
            browser.post(Map.of("action", "send"));
            String code = CscClient.lastCodeFor(credential.phone()).orElseThrow();
            browser.post(Map.of("action", "approve", "pin", "11111111", "code", code));
            assertThat(browser.message()).isEqualTo("Wrong PIN. Attempts left before the certificate locks: " + (5 - attempt)
                    + ". The SMS code has been used up: send a new code.");
        }
        liftCooldown();
        client.call("credentials/authorize", CscClient.authorizeBody(credential.id(), List.of(CscClient.sha256("lock")), 1, "11111111",
                client.challenge(credential.id(), credential.phone()))).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error_description").value(text -> assertThat((String) text).contains("1 attempt(s) left"));
        liftCooldown();
        browser.post(Map.of("action", "send"));
        EntityExchangeResult<String> locked = browser.post(Map.of("action", "approve", "pin", "11111111",
                "code", CscClient.lastCodeFor(credential.phone()).orElseThrow()));
        // the holder is told, not bounced back in silence: what happened, who unlocks it, and a link back that tells the
        // platform (access_denied, with its state)
        assertThat(locked.getStatus()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(locked.getResponseHeaders().getLocation()).isNull();
        assertThat(locked.getResponseBody()).contains("your certificate is now locked, and nothing was signed")
                .contains("The point of sale that issued it can unlock it");
        Matcher back = Pattern.compile("<a id=\"back\" href=\"([^\"]+)\">Back to ([^<]+)</a>").matcher(locked.getResponseBody());
        assertThat(back.find()).isTrue();
        assertThat(back.group(1).replace("&amp;", "&")).startsWith(CALLBACK + "?error=access_denied&")
                .contains("state=" + browser.state);
        assertThat(back.group(2)).isEqualTo(wallet.name());
        client.call("credentials/authorize", CscClient.authorizeBody(credential.id(), List.of(CscClient.sha256("lock")), 1,
                SigningFixtures.PIN, "123456")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error_description").isEqualTo("Credential locked");
        // the holder's right sign-in is not called a wrong password: the page goes back to the platform, as on approving
        EntityExchangeResult<String> signedIn = late.post(Map.of("action", "login", "email", holderEmail(), "password", PASSWORD));
        assertThat(signedIn.getResponseHeaders().getLocation().toString()).contains("error=access_denied");
    }

    @Test
    void theHolderCanCancelAndThePlatformHearsAccessDenied() {
        PageVisitor browser = visitor(wallet);
        browser.open(browser.push(Map.of("authorization_details", details(credential, CscClient.sha256("cancel")))));
        EntityExchangeResult<String> cancelled = browser.post(Map.of("action", "cancel"));
        assertThat(cancelled.getStatus()).isEqualTo(HttpStatus.SEE_OTHER);
        assertThat(browser.errorFrom(cancelled)).isEqualTo("access_denied");
    }

    @Test
    void aUserBoundServiceTokenSeesOnlyItsUsersCredentialsAndRefreshes() {
        PageVisitor browser = serviceLogin();
        EntityExchangeResult<String> wrongPassword = browser.post(Map.of("action", "login", "email", email, "password", "nope-nope"));
        assertThat(wrongPassword.getResponseHeaders().getLocation()).isNull();
        assertThat(browser.message()).isEqualTo("Wrong e-mail address or password. Attempts left before the account locks: 4.");
        // the address typed is kept: only the password is typed again
        assertThat(browser.page).contains("name=\"email\" autocomplete=\"username\" maxlength=\"254\" value=\"" + email + "\"");
        assertThat(browser.page).doesNotContain("nope-nope");
        JsonNode tokens = browser.tokenOk(browser.codeFrom(browser.post(Map.of("action", "login", "email", email,
                "password", PASSWORD))));
        CscClient user = CscClient.withToken(web, tokens.get("access_token").asString());

        assertThat(user.ok("credentials/list", Map.of()).get("credentialIDs")).extracting(JsonNode::asString)
                .containsExactly(credential.id());
        user.call("credentials/list", Map.of("userID", "someone-else")).expectStatus().isBadRequest();
        Credential foreign = fixtures.credential(wallet, KeyAlgorithm.EC_P256);
        String unknown = json(user.call("credentials/info", Map.of("credentialID", foreign.id())).expectStatus().isBadRequest())
                .get("error_description").asString();
        // nor may it sign with one, or learn that it exists: the same answer, before any SAD is looked at
        String hash = CscClient.sha256("foreign");
        for (String method : List.of("signatures/signHash", "signatures/signDoc")) {
            Map<String, Object> body = method.endsWith("signHash")
                    ? Map.of("credentialID", foreign.id(), "SAD", "abc", "hashes", List.of(hash), "signAlgo", "1.2.840.10045.4.3.2")
                    : Map.of("credentialID", foreign.id(), "SAD", "abc", "documentDigests", List.of(Map.of("hashes", List.of(hash),
                            "hashAlgorithmOID", SHA256, "signature_format", "C", "conformance_level", "Ades-B-B",
                            "signAlgo", "1.2.840.10045.4.3.2")));
            assertThat(json(user.call(method, body).expectStatus().isBadRequest()).get("error_description").asString())
                    .as(method).isEqualTo(unknown);
        }

        String refresh = tokens.get("refresh_token").asString();
        // RFC 6749 §6: no scope beyond the one granted; refused before the token is spent
        for (String wider : List.of("credential", "service credential", "bogus")) {
            refresh(refresh + "&scope=" + wider.replace(' ', '+')).expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.error").isEqualTo("invalid_scope");
        }
        JsonNode same = refresh(refresh + "&scope=service+service").expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(same.get("scope").asString()).isEqualTo("service");
        refresh = same.get("refresh_token").asString();
        JsonNode renewed = refresh(refresh).expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(renewed.get("refresh_token").asString()).isNotEqualTo(refresh);
        refresh(refresh).expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_grant");
    }

    @Test
    void aReplayedRefreshTokenRevokesTheNewestOneOfItsChainAndEveryAccessTokenOfTheChain() {
        PageVisitor browser = serviceLogin();
        JsonNode first = browser.tokenOk(signIn(browser));
        JsonNode second = json(refresh(first.get("refresh_token").asString()).expectStatus().isOk());
        JsonNode newest = json(refresh(second.get("refresh_token").asString()).expectStatus().isOk());
        CscClient user = CscClient.withToken(web, newest.get("access_token").asString());
        CscClient middle = CscClient.withToken(web, second.get("access_token").asString());
        user.call("credentials/list", Map.of()).expectStatus().isOk();
        middle.call("credentials/list", Map.of()).expectStatus().isOk();

        refresh(first.get("refresh_token").asString()).expectStatus().isBadRequest().expectBody().jsonPath("$.error")
                .isEqualTo("invalid_grant");

        refresh(newest.get("refresh_token").asString()).expectStatus().isBadRequest().expectBody().jsonPath("$.error")
                .isEqualTo("invalid_grant");
        user.call("credentials/list", Map.of()).expectStatus().isUnauthorized();
        middle.call("credentials/list", Map.of()).expectStatus().isUnauthorized();
        CscClient.withToken(web, first.get("access_token").asString()).call("credentials/list", Map.of()).expectStatus()
                .isUnauthorized();
    }

    @Test
    void aRefreshTokenPresentedTwiceAtOnceLeavesNothingUsable() {
        for (int round = 0; round < 4; round++) {
            PageVisitor browser = serviceLogin();
            String presented = browser.tokenOk(signIn(browser)).get("refresh_token").asString();
            presentedTwiceAtOnceLeaveNothingUsable(() -> refresh(presented));
        }
    }

    /** Makes a presentation twice at once: at most one is granted tokens, and none of them works once both are answered. */
    private void presentedTwiceAtOnceLeaveNothingUsable(Supplier<WebTestClient.ResponseSpec> presentation) {
        List<JsonNode> granted = IntStream.range(0, 2)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> presentation.get().expectBody().returnResult())).toList()
                .stream().map(CompletableFuture::join).filter(result -> result.getStatus() == HttpStatus.OK)
                .map(result -> JSON.readTree(result.getResponseBody())).toList();

        assertThat(granted).as("at most one presentation gets tokens").hasSizeLessThanOrEqualTo(1);
        for (JsonNode tokens : granted) {
            CscClient.withToken(web, tokens.get("access_token").asString()).call("credentials/list", Map.of())
                    .expectStatus().isUnauthorized();
            refresh(tokens.get("refresh_token").asString()).expectStatus().isBadRequest();
        }
    }

    private String credentialToken(String hash, int signatures) {
        PageVisitor browser = visitor(wallet);
        browser.open(browser.push(Map.of("scope", "credential", "credentialID", credential.id(), "hashes", hash,
                "hashAlgorithmOID", SHA256, "numSignatures", Integer.toString(signatures))));
        return browser.tokenOk(browser.codeFrom(approve(browser, credential, SigningFixtures.PIN))).get("access_token").asString();
    }

    private WebTestClient.ResponseSpec sign(String bearer, Credential target, List<String> hashes) {
        return web.post().uri("/csc/v2/signatures/signHash").headers(h -> h.setBearerAuth(bearer))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("credentialID", target.id(), "hashes", hashes, "hashAlgorithmOID", SHA256,
                        "signAlgo", CscClient.ECDSA_SHA256))
                .exchange();
    }

    private EntityExchangeResult<String> approve(PageVisitor browser, Credential target, String pin) {
        liftCooldown();
        browser.post(Map.of("action", "send"));
        String code = CscClient.lastCodeFor(target.phone()).orElseThrow();
        return browser.post(Map.of("action", "approve", "pin", pin, "code", code));
    }

    /** The resend cooldown would hold a new code back for 30 s; a real holder waits, the test lifts it. */
    private void liftCooldown() {
        String subject = CredentialAuthorization.subject(credential);
        redis.delete("otp:{" + subject + "}:cooldown", "otp:rate:subject:{" + subject + "}").block();
    }

    /** Opens, from the URL (no pushed request), a page asking for one signature over the document {@code document}. */
    private void openForOneDocument(PageVisitor browser, String document) {
        browser.openDirect(Map.of("scope", "credential", "credentialID", credential.id(), "numSignatures", "1",
                "hashes", CscClient.sha256(document).replace('+', '-').replace('/', '_').replace("=", ""), "hashAlgorithmOID", SHA256));
    }

    private static String errorOf(PageVisitor browser, EntityExchangeResult<String> redirect) {
        assertThat(redirect.getStatus()).isEqualTo(HttpStatus.FOUND);
        return browser.errorFrom(redirect);
    }

    private static JsonNode json(WebTestClient.ResponseSpec ok) {
        return JSON.readTree(ok.expectBody().returnResult().getResponseBody());
    }

    private static String details(Credential target, String... hashes) {
        List<Map<String, String>> digests = new ArrayList<>();
        for (int i = 0; i < hashes.length; i++) {
            digests.add(Map.of("hash", hashes[i], "label", i == 0 ? "contract.pdf" : "annex-" + i + ".pdf"));
        }
        return JSON.writeValueAsString(List.of(Map.of("type", "credential", "credentialID", target.id(),
                "hashAlgorithmOID", SHA256, "documentDigests", digests)));
    }

    private static boolean verifies(Credential target, String document, String signature) throws Exception {
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(target.certificate().orElseThrow().getPublicKey());
        verifier.update(document.getBytes(StandardCharsets.UTF_8));
        return verifier.verify(Base64.getDecoder().decode(signature));
    }

    private static String codeKey(String code) throws Exception {
        return "oauth2:code:{" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(code.getBytes(StandardCharsets.UTF_8))) + "}";
    }
}
