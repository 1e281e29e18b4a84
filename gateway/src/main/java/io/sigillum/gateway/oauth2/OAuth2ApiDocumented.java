package io.sigillum.gateway.oauth2;

import io.sigillum.gateway.web.DocumentedSchemas;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;

/**
 * The OAuth2 endpoints a platform calls, in the OpenAPI document as they work: each authenticates the platform
 * ({@link ClientAuthentication}: HTTP Basic, or {@code client_id} and {@code client_secret} in the form), and the token
 * and pushed-authorization answers are described by their fields ({@code openapi/oauth2-responses.json}) where the
 * handlers write a map.
 */
@Configuration(proxyBeanMethods = false)
class OAuth2ApiDocumented {

    /** The OpenAPI name of the platforms' client authentication. */
    static final String CLIENT_SCHEME = "oauth2Client";

    private static final List<String> CLIENT_ENDPOINTS = List.of("/oauth2/token", "/oauth2/pushed_authorize", "/oauth2/revoke");

    @Bean
    OpenApiCustomizer oauth2AsAnswered() {
        return openApi -> {
            DocumentedSchemas.addAll(openApi, "openapi/oauth2-responses.json");
            openApi.getComponents().addSecuritySchemes(CLIENT_SCHEME, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                    .scheme("basic").description("The platform's client_id and client_secret (RFC 6749 §2.3.1); the form's "
                            + "client_id and client_secret instead are accepted too (client_secret_post), never both"));
            for (String path : CLIENT_ENDPOINTS) {
                Operation operation = DocumentedSchemas.post(openApi, path);
                if (operation != null) {
                    DocumentedSchemas.securedBy(operation, CLIENT_SCHEME);
                }
            }
            Operation token = DocumentedSchemas.post(openApi, "/oauth2/token");
            if (token != null) {
                DocumentedSchemas.responseBody(token, "200", MediaType.APPLICATION_JSON_VALUE, "OAuth2TokenResponse");
            }
            Operation pushed = DocumentedSchemas.post(openApi, "/oauth2/pushed_authorize");
            if (pushed != null) {
                DocumentedSchemas.responseBody(pushed, "201", MediaType.APPLICATION_JSON_VALUE, "PushedAuthorizationResponse");
            }
        };
    }
}
