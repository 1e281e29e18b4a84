package io.sigillum.gateway.oauth2;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriBuilder;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A platform and its user's browser, over HTTP: pushes an authorization request with a fresh PKCE pair, opens the page
 * with a cookie jar, reads the page's hidden fields and posts its form as a browser would.
 */
final class PageVisitor {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern HIDDEN = Pattern.compile("name=\"(session|csrf_token)\" value=\"([^\"]*)\"");
    private static final Pattern MESSAGE = Pattern.compile("id=\"message\"[^>]*>([^<]*)<");
    private static final Pattern ACTION = Pattern.compile("<form method=\"post\" action=\"([^\"]+)\"");

    final String verifier = random();
    final String challenge = s256(verifier);
    final String state = random();
    private final WebTestClient web;
    private final String clientId;
    private final String redirectUri;
    private final Map<String, String> cookies = new HashMap<>();
    private Map<String, String> hidden = Map.of();
    /** Where the last page's form posts, as a browser would (the page's language travels in it). */
    private String action = "/oauth2/authorize/confirm";
    String page = "";

    PageVisitor(WebTestClient web, String clientId, String redirectUri) {
        this.web = web;
        this.clientId = clientId;
        this.redirectUri = redirectUri;
    }

    /** The usual request parameters (response_type, redirect_uri, PKCE S256, state) plus {@code extra}. */
    MultiValueMap<String, String> request(Map<String, String> extra) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("response_type", "code");
        form.add("client_id", clientId);
        form.add("redirect_uri", redirectUri);
        form.add("code_challenge", challenge);
        form.add("code_challenge_method", "S256");
        form.add("state", state);
        extra.forEach(form::set);
        return form;
    }

    /** RFC 9126: the request pushed with client authentication; its request_uri. */
    String push(Map<String, String> extra) {
        JsonNode answer = JSON.readTree(web.post().uri("/oauth2/pushed_authorize")
                .headers(h -> h.setBasicAuth(clientId, secret()))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue(request(extra))
                .exchange().expectStatus().isCreated().expectBody().returnResult().getResponseBody());
        return answer.get("request_uri").asString();
    }

    /** Opens the page of a pushed request; the page's answer. */
    EntityExchangeResult<String> open(String requestUri) {
        return get(uri -> uri.path("/oauth2/authorize").queryParam("client_id", "{c}").queryParam("request_uri", "{r}")
                .build(clientId, requestUri));
    }

    /** Opens the page with the request in the query string. */
    EntityExchangeResult<String> openDirect(Map<String, String> extra) {
        return get(uri -> {
            Map<String, String> values = new HashMap<>();
            int i = 0;
            uri.path("/oauth2/authorize");
            for (Map.Entry<String, java.util.List<String>> param : request(extra).entrySet()) {
                if (!param.getValue().get(0).isEmpty()) {
                    uri.queryParam(param.getKey(), "{v" + i + "}");
                    values.put("v" + i++, param.getValue().get(0));
                }
            }
            return uri.build(values);
        });
    }

    private EntityExchangeResult<String> get(Function<UriBuilder, URI> uri) {
        EntityExchangeResult<String> result = web.get().uri(uri).header(HttpHeaders.ACCEPT_LANGUAGE, "en")
                .cookies(jar -> cookies.forEach(jar::add))
                .exchange().expectBody(String.class).returnResult();
        remember(result);
        return result;
    }

    /** Posts the page's form with its session and CSRF token, plus {@code fields}. */
    EntityExchangeResult<String> post(Map<String, String> fields) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        hidden.forEach(form::add);
        fields.forEach(form::set);
        return postRaw(form);
    }

    EntityExchangeResult<String> postRaw(MultiValueMap<String, String> form) {
        EntityExchangeResult<String> result = web.post().uri(action)
                .cookies(jar -> cookies.forEach(jar::add))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue(form)
                .exchange().expectBody(String.class).returnResult();
        remember(result);
        return result;
    }

    Map<String, String> hiddenFields() {
        return hidden;
    }

    /** The browser's cookies, for posts made outside this visitor (several at once). */
    Map<String, String> cookies() {
        return Map.copyOf(cookies);
    }

    void forgetCookies() {
        cookies.clear();
    }

    /** The message shown on the page. */
    String message() {
        Matcher matcher = MESSAGE.matcher(page);
        assertThat(matcher.find()).as("a message on the page").isTrue();
        return matcher.group(1).replace("&#39;", "'");
    }

    /** The code from a redirect to the platform, after checking the state came back unchanged. */
    String codeFrom(EntityExchangeResult<String> redirect) {
        URI location = redirect.getResponseHeaders().getLocation();
        assertThat(location).as("a redirect to the platform").isNotNull();
        Map<String, String> query = UriComponentsBuilder.fromUri(location).build().getQueryParams().toSingleValueMap();
        assertThat(location.toString()).startsWith(redirectUri + "?");
        assertThat(query).containsEntry("state", state).containsKey("code");
        assertThat(URLDecoder.decode(query.get("iss"), StandardCharsets.UTF_8)).isEqualTo(issuer());
        return query.get("code");
    }

    /**
     * The error of a redirect to the platform, after checking the state came back unchanged and that it names the issuer,
     * as every authorization response must, errors included (RFC 9207 §2).
     */
    String errorFrom(EntityExchangeResult<String> redirect) {
        URI location = redirect.getResponseHeaders().getLocation();
        assertThat(location).as("a redirect to the platform").isNotNull();
        Map<String, String> query = UriComponentsBuilder.fromUri(location).build(true).getQueryParams().toSingleValueMap();
        assertThat(location.toString()).startsWith(redirectUri + "?");
        assertThat(query).containsEntry("state", state).containsKey("error").doesNotContainKey("code");
        assertThat(URLDecoder.decode(query.get("iss"), StandardCharsets.UTF_8)).isEqualTo(issuer());
        return query.get("error");
    }

    /** The issuer, as the authorization server's metadata names it (RFC 8414). */
    String issuer() {
        byte[] metadata = web.get().uri("/.well-known/oauth-authorization-server").exchange()
                .expectStatus().isOk().expectBody().returnResult().getResponseBody();
        return JSON.readTree(metadata).get("issuer").asString();
    }

    /** Exchanges a code at the token endpoint with these parameters (defaults: this visitor's verifier and redirect URI). */
    WebTestClient.ResponseSpec token(String code, Map<String, String> overrides) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("grant_type", "authorization_code");
        form.add("code", code);
        form.add("code_verifier", verifier);
        form.add("redirect_uri", redirectUri);
        overrides.forEach((name, value) -> {
            if (value.isEmpty()) {
                form.remove(name);
            } else {
                form.set(name, value);
            }
        });
        return web.post().uri("/oauth2/token").headers(h -> h.setBasicAuth(clientId, secret()))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue(form).exchange();
    }

    JsonNode tokenOk(String code) {
        return JSON.readTree(token(code, Map.of()).expectStatus().isOk().expectBody().returnResult().getResponseBody());
    }

    private void remember(EntityExchangeResult<String> result) {
        result.getResponseCookies().forEach((name, values) -> cookies.put(name, values.get(0).getValue()));
        page = result.getResponseBody() == null ? "" : result.getResponseBody();
        Map<String, String> found = new HashMap<>();
        Matcher matcher = HIDDEN.matcher(page);
        while (matcher.find()) {
            found.put(matcher.group(1), matcher.group(2));
        }
        if (!found.isEmpty()) {
            hidden = found;
        }
        Matcher form = ACTION.matcher(page);
        if (form.find()) {
            action = form.group(1).replace("&amp;", "&");
        }
    }

    private String secret() {
        return "secret-" + clientId;
    }

    private static String random() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
