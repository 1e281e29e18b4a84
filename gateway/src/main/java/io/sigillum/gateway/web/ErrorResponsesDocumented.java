package io.sigillum.gateway.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document's error answers as the edge really writes them ({@code ApiErrorHandler}): the CSC error JSON
 * ({@code error}, {@code error_description}) on the CSC API and the OAuth2 endpoints, {@code application/problem+json}
 * elsewhere. An error status an operation names without a body would otherwise be described with the operation's own
 * success schema. The CSC methods and the OAuth2 client endpoints also name the errors every one of them can answer.
 */
@Configuration(proxyBeanMethods = false)
class ErrorResponsesDocumented {

    static final String CSC_ERROR = "CscError";
    static final String PROBLEM = "Problem";
    /** The pages of a person's browser, whose errors are HTML pages. */
    private static final List<String> PAGES = List.of("/oauth2/authorize", "/oauth2/authorize/confirm", "/invitations",
            "/password-reset", "/password-reset/new");
    private static final List<String> OAUTH2_CLIENT_ENDPOINTS = List.of("/oauth2/token", "/oauth2/pushed_authorize",
            "/oauth2/revoke");

    @Bean
    OpenApiCustomizer errorResponsesAsWritten() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSchemas(CSC_ERROR, cscError()).addSchemas(PROBLEM, problem());
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().forEach((path, item) -> {
                if (PAGES.contains(path)) {
                    item.readOperations().forEach(operation -> operation.getResponses().putIfAbsent("400", new ApiResponse()
                            .description("The page, saying what is wrong (a form's field, an unknown or expired request)")
                            .content(new Content().addMediaType(org.springframework.http.MediaType.TEXT_HTML_VALUE,
                                    new MediaType().schema(new StringSchema())))));
                    return;
                }
                boolean csc = path.startsWith("/csc/") || path.startsWith("/oauth2/");
                item.readOperationsMap().forEach((method, operation) -> {
                    if (operation.getResponses() == null) {
                        operation.setResponses(new ApiResponses());
                    }
                    ApiResponses responses = operation.getResponses();
                    if ((path.startsWith("/csc/v2/") && !path.equals("/csc/v2/info")) || OAUTH2_CLIENT_ENDPOINTS.contains(path)) {
                        common(responses);
                    }
                    if (path.equals("/csc/v2/info") && method == PathItem.HttpMethod.POST) {
                        responses.putIfAbsent("400", new ApiResponse().description("The body is not a JSON object, or lang not a string"));
                        responses.putIfAbsent("415", new ApiResponse().description("The body is not JSON"));
                    }
                    if (path.startsWith("/api/")) {
                        rest(responses, path, method, operation);
                    }
                    if (operation.getSecurity() != null && !operation.getSecurity().isEmpty()) {
                        responses.putIfAbsent("401", new ApiResponse().description("No valid token"));
                        if (path.startsWith("/api/")) {
                            responses.putIfAbsent("403", new ApiResponse().description("The account's role may not do this"));
                        }
                    }
                    responses.forEach((status, response) -> {
                        if (status.startsWith("4") || status.startsWith("5")) {
                            response.setContent(errorBody(csc));
                        }
                    });
                });
            });
        };
    }

    /** In this order, so that the document reads the same at every start. */
    private static final List<Map.Entry<String, String>> COMMON = List.of(
            Map.entry("400", "A parameter is missing or invalid (invalid_request, or the method's own error)"),
            Map.entry("401", "No valid bearer token, or the client's authentication failed"),
            Map.entry("415", "The body is not of the media type the method reads"),
            Map.entry("429", "Too many attempts or codes; Retry-After says when to try again"),
            Map.entry("503", "A store or the token is not answering, or the gateway is at capacity; Retry-After"));

    private static void common(ApiResponses responses) {
        for (Map.Entry<String, String> error : COMMON) {
            if (!responses.containsKey(error.getKey())) {
                responses.addApiResponse(error.getKey(), new ApiResponse().description(error.getValue()));
            }
        }
    }

    /**
     * What every operation of the REST API can answer by its shape: 400 when it reads a body or parameters (each field
     * checked), 404 when its path names a resource (one that does not exist, or is not the caller's), and 409 when it
     * changes a named resource (one whose state does not allow the change).
     */
    private static void rest(ApiResponses responses, String path, PathItem.HttpMethod method, Operation operation) {
        boolean named = path.contains("{");
        boolean reads = operation.getRequestBody() != null || operation.getParameters() != null && !operation.getParameters().isEmpty();
        if (reads) {
            responses.putIfAbsent("400", new ApiResponse().description("A field or parameter is missing or invalid"));
        }
        if (named) {
            responses.putIfAbsent("404", new ApiResponse().description("No such resource, or not the caller's"));
        }
        if (named && method != PathItem.HttpMethod.GET) {
            responses.putIfAbsent("409", new ApiResponse().description("Its state does not allow this now"));
        }
    }

    private static Content errorBody(boolean csc) {
        return new Content().addMediaType(csc ? org.springframework.http.MediaType.APPLICATION_JSON_VALUE
                        : org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + (csc ? CSC_ERROR : PROBLEM))));
    }

    private static Schema<?> cscError() {
        ObjectSchema error = new ObjectSchema();
        error.setDescription("The CSC API's and OAuth2's error (CSC API v2 §10, RFC 6749 §5.2)");
        error.addProperty("error", new StringSchema().example("invalid_request"));
        error.addProperty("error_description", new StringSchema().example("Missing (or invalid type) string parameter hashes"));
        error.setRequired(List.of("error"));
        return error;
    }

    private static Schema<?> problem() {
        ObjectSchema field = new ObjectSchema();
        field.addProperty("field", new StringSchema());
        field.addProperty("code", new StringSchema());
        field.addProperty("message", new StringSchema());
        ArraySchema errors = new ArraySchema();
        errors.setItems(field);
        errors.setDescription("Field by field, for a request whose fields were refused");
        ObjectSchema problem = new ObjectSchema();
        problem.setDescription("RFC 9457 problem details, with the gateway's own code");
        problem.addProperty("type", new StringSchema().format("uri").example("https://sigillum.io/problems/not-found"));
        problem.addProperty("title", new StringSchema().example("Not Found"));
        problem.addProperty("status", new IntegerSchema().example(404));
        problem.addProperty("detail", new StringSchema().example("No such application"));
        problem.addProperty("instance", new StringSchema().example("/api/v1/applications/0c1d…"));
        problem.addProperty("code", new StringSchema().example("not_found"));
        problem.addProperty("errors", errors);
        problem.addProperty("attemptsLeft", new IntegerSchema().description("Tries left for the code or password refused"));
        problem.addProperty("currentState", new StringSchema().description("The state that refused the transition"));
        problem.addProperty("transition", new StringSchema().description("The transition refused"));
        problem.addProperty("available", new IntegerSchema().description("The units in stock, when too few"));
        problem.setRequired(List.of("type", "title", "status", "code"));
        return problem;
    }
}
