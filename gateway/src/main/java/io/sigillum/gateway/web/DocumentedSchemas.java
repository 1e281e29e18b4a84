package io.sigillum.gateway.web;

import com.fasterxml.jackson.core.type.TypeReference;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.ClassPathResource;

/**
 * Schemas of the OpenAPI document written by hand, for the bodies a handler reads or writes as JSON it checks itself
 * (the CSC requests, read field by field into typed requests; the OAuth2 answers), where SpringDoc would describe only
 * {@code JsonNode} or a map. Each capability keeps its own in a resource under {@code openapi/} and attaches them to
 * its operations here, so that a client generated from the document sends and reads what the gateway does.
 */
public final class DocumentedSchemas {

    private static final String REF = "#/components/schemas/";

    private DocumentedSchemas() {
    }

    /** Adds the schemas of a classpath resource (a JSON object of named schemas) to the document's components. */
    @SuppressWarnings("rawtypes")
    public static void addAll(OpenAPI openApi, String resource) {
        try (InputStream in = new ClassPathResource(resource).getInputStream()) {
            Map<String, Schema> schemas = Json31.mapper().readValue(in, new TypeReference<Map<String, Schema>>() { });
            schemas.forEach(openApi.getComponents()::addSchemas);
        } catch (IOException e) {
            throw new UncheckedIOException("The OpenAPI schemas in " + resource + " cannot be read", e);
        }
    }

    /** The POST operation of a path, if the document has it. */
    public static @Nullable Operation post(OpenAPI openApi, String path) {
        PathItem item = openApi.getPaths() == null ? null : openApi.getPaths().get(path);
        return item == null ? null : item.getPost();
    }

    /** Describes the operation's JSON request body with a named schema, keeping its examples. */
    public static void requestBody(Operation operation, String mediaType, String schema) {
        if (operation.getRequestBody() == null) {
            operation.setRequestBody(new RequestBody());
        }
        RequestBody body = operation.getRequestBody();
        if (body.getContent() == null) {
            body.setContent(new Content());
        }
        body.getContent().computeIfAbsent(mediaType, type -> new io.swagger.v3.oas.models.media.MediaType())
                .setSchema(new Schema<>().$ref(REF + schema));
    }

    /** Describes a success answer's JSON body with a named schema. */
    public static void responseBody(Operation operation, String status, String mediaType, String schema) {
        ApiResponse response = Objects.requireNonNull(operation.getResponses().get(status), () -> "no " + status + " answer");
        if (response.getContent() == null) {
            response.setContent(new Content());
        }
        response.getContent().computeIfAbsent(mediaType, type -> new io.swagger.v3.oas.models.media.MediaType())
                .setSchema(new Schema<>().$ref(REF + schema));
    }

    /** Says which security scheme (with which scopes) the operation needs. */
    public static void securedBy(Operation operation, String scheme, String... scopes) {
        operation.addSecurityItem(new SecurityRequirement().addList(scheme, java.util.List.of(scopes)));
    }
}
