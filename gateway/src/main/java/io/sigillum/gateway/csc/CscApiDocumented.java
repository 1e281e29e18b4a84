package io.sigillum.gateway.csc;

import io.sigillum.gateway.web.DocumentedSchemas;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.OAuthFlows;
import io.swagger.v3.oas.models.security.Scopes;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;

/**
 * The CSC API in the OpenAPI document as a client generated from it must call it: each method's request body by its
 * fields (CSC API v2 §11; the handlers read JSON field by field, which SpringDoc would describe as a {@code JsonNode}),
 * and the OAuth2 access token every method but {@code info} needs — a service token (client credentials, or the holder's
 * code flow with {@code scope=service}) or a credential token ({@code scope=credential}, which stands for the SAD).
 */
@Configuration(proxyBeanMethods = false)
class CscApiDocumented {

    /** The OpenAPI name of the CSC API's OAuth2 scheme. */
    static final String SECURITY_SCHEME = "cscOAuth2";

    /** Each method's path (after {@code /csc/v2}) and its request body's schema in {@code openapi/csc-requests.json}. */
    private static final Map<String, String> REQUESTS = Map.ofEntries(
            Map.entry("/info", "CscInfoRequest"),
            Map.entry("/credentials/list", "CscListRequest"),
            Map.entry("/credentials/info", "CscCredentialInfoRequest"),
            Map.entry("/credentials/getChallenge", "CscChallengeRequest"),
            Map.entry("/credentials/sendOTP", "CscChallengeRequest"),
            Map.entry("/credentials/authorize", "CscAuthorizeRequest"),
            Map.entry("/credentials/extendTransaction", "CscExtendTransactionRequest"),
            Map.entry("/signatures/signHash", "CscSignHashRequest"),
            Map.entry("/signatures/signDoc", "CscSignDocRequest"),
            Map.entry("/signatures/timestamp", "CscTimestampRequest"),
            Map.entry("/auth/revoke", "CscRevokeRequest"));

    @Bean
    OpenApiCustomizer cscRequestsAsRead(CscProperties properties) {
        return openApi -> {
            DocumentedSchemas.addAll(openApi, "openapi/csc-requests.json");
            openApi.getComponents().getSchemas().remove("JsonNode"); // what SpringDoc made of the bodies described below
            Schema<?> hashes = openApi.getComponents().getSchemas().get("CscHashes");
            hashes.setMaxItems(properties.maxHashes());
            openApi.getComponents().addSecuritySchemes(SECURITY_SCHEME, scheme());
            REQUESTS.forEach((method, schema) -> {
                Operation operation = DocumentedSchemas.post(openApi, "/csc/v2" + method);
                if (operation == null) {
                    return;
                }
                DocumentedSchemas.requestBody(operation, MediaType.APPLICATION_JSON_VALUE, schema);
                if (!method.equals("/info")) {
                    DocumentedSchemas.securedBy(operation, SECURITY_SCHEME);
                }
            });
        };
    }

    private static SecurityScheme scheme() {
        Scopes scopes = new Scopes()
                .addString("service", "Act for the platform's users (credentials/list, authorize, signHash with a SAD)")
                .addString("credential", "Sign with one credential, authorized by its holder on the gateway's page (no SAD)");
        return new SecurityScheme().type(SecurityScheme.Type.OAUTH2)
                .description("An access token from /oauth2/token, sent as Authorization: Bearer")
                .flows(new OAuthFlows()
                        .clientCredentials(new OAuthFlow().tokenUrl("/oauth2/token")
                                .scopes(new Scopes().addString("service", "Act for the platform's users")))
                        .authorizationCode(new OAuthFlow().authorizationUrl("/oauth2/authorize").tokenUrl("/oauth2/token")
                                .refreshUrl("/oauth2/token").scopes(scopes)));
    }
}
