package io.sigillum.interop;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;

/**
 * The certificate holder's browser on the gateway's authorization page: a cookie jar, the page's hidden form fields
 * ({@code session}, {@code csrf_token}) and its form posts to {@code /oauth2/authorize/confirm}. It never follows the
 * final redirect to the platform: it reads {@code code} and {@code state} from its {@code Location}.
 */
final class HolderBrowser {

    /** What the gateway sends back to the platform's redirect URI. */
    record Redirect(URI location, Map<String, String> parameters) {

        String code() {
            String code = parameters.get("code");
            if (code == null) {
                throw new AssertionError("no code in the redirect " + location);
            }
            return code;
        }

        String state() {
            return parameters.get("state");
        }
    }

    private final HttpClient http;
    private URI page;
    private String session;
    private String csrfToken;
    private String html = "";

    HolderBrowser(SSLContext tls) {
        this.http = HttpClient.newBuilder()
            .sslContext(tls)
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    }

    /** Opens the authorization URL the platform produced and keeps the page's form fields. */
    void open(URI authorizationUrl) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(authorizationUrl)
            .header("Accept-Language", "en").GET().build());
        if (response.statusCode() != 200) {
            throw new AssertionError("the authorization page answered " + response.statusCode() + ": " + response.body());
        }
        page = authorizationUrl;
        readForm(response.body());
    }

    /** Posts the page's form with {@code fields}; the redirect to the platform if the gateway sends one, else null. */
    Redirect submit(Map<String, String> fields) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("session", session);
        form.put("csrf_token", csrfToken);
        form.putAll(fields);
        String body = form.entrySet().stream()
            .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
            .collect(Collectors.joining("&"));
        HttpResponse<String> response = send(HttpRequest.newBuilder(page.resolve("/oauth2/authorize/confirm"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept-Language", "en")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        if (response.statusCode() / 100 == 3) {
            URI location = URI.create(response.headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("a redirect without Location")));
            return new Redirect(location, query(location));
        }
        if (response.statusCode() != 200) {
            throw new AssertionError("the page's form post answered " + response.statusCode() + ": " + response.body());
        }
        readForm(response.body());
        return null;
    }

    /** Whether the page asks the holder to sign in (a service request; a credential request that came in the URL). */
    boolean asksToSignIn() {
        return html.contains("name=\"email\"");
    }

    /** The page's message to the holder (e.g. a code was sent, a cooldown), or empty. */
    String message() {
        Matcher matcher = Pattern.compile("id=\"message\"[^>]*>([^<]*)").matcher(html);
        return matcher.find() ? matcher.group(1).trim() : "";
    }

    private void readForm(String body) {
        html = body;
        session = hidden(body, "session");
        csrfToken = hidden(body, "csrf_token");
    }

    private static String hidden(String html, String name) {
        Matcher matcher = Pattern.compile("name=\"" + Pattern.quote(name) + "\" value=\"([^\"]*)\"").matcher(html);
        if (!matcher.find()) {
            throw new AssertionError("the page has no form field " + name + ":\n" + html);
        }
        return matcher.group(1).replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'");
    }

    private static Map<String, String> query(URI location) {
        Map<String, String> parameters = new LinkedHashMap<>();
        String query = location.getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                parameters.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
