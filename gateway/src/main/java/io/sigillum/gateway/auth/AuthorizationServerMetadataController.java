package io.sigillum.gateway.auth;

import com.nimbusds.langtag.LangTag;
import com.nimbusds.langtag.LangTagException;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.rar.AuthorizationType;
import io.sigillum.gateway.web.ApiException;
import io.sigillum.gateway.web.PublicBaseUrl;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * RFC 8414 authorization server metadata, which CSC {@code info} names by {@code oauth2Issuer}. The issuer is the public
 * base URL, exactly as {@code info} gives it (clients compare the two), and every endpoint begins with it.
 */
@RestController
@Tag(name = "OAuth2")
class AuthorizationServerMetadataController {

    static final String WELL_KNOWN = "/.well-known/oauth-authorization-server";

    private static final List<ClientAuthenticationMethod> CLIENT_AUTHENTICATION = List.of(
            ClientAuthenticationMethod.CLIENT_SECRET_BASIC, ClientAuthenticationMethod.CLIENT_SECRET_POST);

    private final PublicBaseUrl publicBaseUrl;

    AuthorizationServerMetadataController(PublicBaseUrl publicBaseUrl) {
        this.publicBaseUrl = publicBaseUrl;
    }

    @Operation(summary = "Authorization server metadata (RFC 8414)",
            description = "No authentication. The issuer equals oauth2Issuer of /csc/v2/info; every endpoint begins with it.")
    @GetMapping(path = WELL_KNOWN, produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> metadata(ServerWebExchange exchange) {
        return metadata(publicBaseUrl.base(exchange));
    }

    /** RFC 8414 §3: when the issuer has a path, e.g. {@code https://host/qtsp}, the metadata is also found after it. */
    @Operation(summary = "Authorization server metadata at the RFC 8414 §3 path-inserted form",
            description = "For an issuer with a path (https://host/qtsp): /.well-known/oauth-authorization-server/qtsp. "
                    + "404 for any other path.")
    @GetMapping(path = WELL_KNOWN + "/{*issuerPath}", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> pathInsertedMetadata(@PathVariable String issuerPath, ServerWebExchange exchange) {
        String issuer = publicBaseUrl.base(exchange);
        if (!issuerPath.equals("/") && !issuerPath.equals(URI.create(issuer).getRawPath())) {
            throw ApiException.notFound("No authorization server has the issuer path " + issuerPath);
        }
        return metadata(issuer);
    }

    /** The metadata of the authorization server whose issuer is {@code issuer}. */
    static Map<String, Object> metadata(String issuer) {
        AuthorizationServerMetadata metadata = new AuthorizationServerMetadata(new Issuer(issuer));
        metadata.setAuthorizationEndpointURI(URI.create(issuer + "/oauth2/authorize"));
        metadata.setPushedAuthorizationRequestEndpointURI(URI.create(issuer + "/oauth2/pushed_authorize"));
        metadata.setTokenEndpointURI(URI.create(issuer + "/oauth2/token"));
        metadata.setRevocationEndpointURI(URI.create(issuer + "/oauth2/revoke"));
        metadata.setJWKSetURI(URI.create(issuer + "/oauth2/jwks"));
        metadata.setResponseTypes(List.of(ResponseType.CODE));
        // only the query: RFC 8414's default (query and fragment) would promise a fragment the server never sends
        metadata.setResponseModes(List.of(ResponseMode.QUERY));
        metadata.setGrantTypes(List.of(GrantType.AUTHORIZATION_CODE, GrantType.CLIENT_CREDENTIALS, GrantType.REFRESH_TOKEN));
        // PKCE is required, and only with S256 (plain would let an intercepted code be redeemed)
        metadata.setCodeChallengeMethods(List.of(CodeChallengeMethod.S256));
        metadata.setTokenEndpointAuthMethods(CLIENT_AUTHENTICATION);
        metadata.setRevocationEndpointAuthMethods(CLIENT_AUTHENTICATION);
        metadata.setScopes(new Scope("service", "credential"));
        // CSC 2.0 clients send type "credential", CSC 2.2 clients the URI type; both are accepted
        metadata.setAuthorizationDetailsTypes(List.of(new AuthorizationType("credential"),
                new AuthorizationType(URI.create("https://cloudsignatureconsortium.org/2025/credential"))));
        metadata.requiresPushedAuthorizationRequests(false);
        metadata.setUILocales(List.of(langTag("pl"), langTag("en")));
        metadata.setServiceDocsURI(URI.create(issuer + "/swagger-ui.html"));
        // the authorization response names its issuer (RFC 9207), so a client talking to several can tell them apart
        metadata.setSupportsAuthorizationResponseIssuerParam(true);
        Map<String, Object> json = metadata.toJSONObject();
        // written even when false, so a reader need not know the default
        json.put("require_pushed_authorization_requests", false);
        return json;
    }

    private static LangTag langTag(String tag) {
        try {
            return LangTag.parse(tag);
        } catch (LangTagException e) {
            throw new IllegalStateException(e);
        }
    }
}
