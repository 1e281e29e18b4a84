package io.sigillum.gateway.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.models.media.Schema;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

/**
 * A record's {@link Optional} component is written as {@code null} when empty, so the OpenAPI document (3.1, JSON
 * Schema) lets that property be null: {@code "type": ["string", "null"]}, or any of the referenced schema and null. (A
 * {@code @Nullable} component is not read so: most are fields of a request its handler checks itself, which says
 * {@code required}.) Without it a client generated from the document refuses the gateway's own answers (an application's
 * {@code documentsAcceptedAt} before acceptance, an account's {@code organisationId}). SpringDoc unwraps the
 * {@code Optional} before any property customizer sees it, so the records are read here, once, when the document is
 * built: each one named by a schema of the document (schemas are named by their class's simple name).
 */
@Configuration(proxyBeanMethods = false)
class OptionalsDocumented {

    private static final String NULL = "null";

    @Bean
    OpenApiCustomizer optionalsMayBeNull() {
        return openApi -> {
            @SuppressWarnings("rawtypes")
            Map<String, Schema> schemas = openApi.getComponents() == null ? null : openApi.getComponents().getSchemas();
            if (schemas == null) {
                return;
            }
            for (Class<?> record : records()) {
                String name = schemaName(record);
                schemas.forEach((schemaName, schema) -> {
                    if (schemaName.equals(name) || record.getTypeParameters().length > 0 && isInstanceOfGeneric(schemaName, name)) {
                        allowNulls(record, schema);
                    }
                });
            }
        };
    }

    /** SpringDoc names a generic record's schema by the record and its type arguments: {@code PageECodeView}. */
    private static boolean isInstanceOfGeneric(String schemaName, String recordName) {
        return schemaName.length() > recordName.length() && schemaName.startsWith(recordName)
                && Character.isUpperCase(schemaName.charAt(recordName.length()));
    }

    private static void allowNulls(Class<?> record, Schema<?> schema) {
        if (schema.getProperties() == null) {
            return;
        }
        for (RecordComponent component : record.getRecordComponents()) {
            String property = propertyName(component);
            if (component.getType() == Optional.class && schema.getProperties().containsKey(property)) {
                schema.getProperties().put(property, mayBeNull(schema.getProperties().get(property)));
            }
        }
    }

    private static List<Class<?>> records() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter((reader, factory) -> Record.class.getName().equals(reader.getClassMetadata().getSuperClassName()));
        ClassLoader loader = OptionalsDocumented.class.getClassLoader();
        return scanner.findCandidateComponents("io.sigillum.gateway").stream()
                .<Class<?>>map(candidate -> ClassUtils.resolveClassName(candidate.getBeanClassName(), loader)).toList();
    }

    private static String schemaName(Class<?> record) {
        io.swagger.v3.oas.annotations.media.Schema named = record.getAnnotation(io.swagger.v3.oas.annotations.media.Schema.class);
        return named != null && !named.name().isEmpty() ? named.name() : record.getSimpleName();
    }

    private static String propertyName(RecordComponent component) {
        JsonProperty named = component.getAccessor().getAnnotation(JsonProperty.class);
        if (named == null) {
            named = component.getAnnotation(JsonProperty.class);
        }
        return named != null && !named.value().isEmpty() ? named.value() : component.getName();
    }

    /** The same schema with null among its values (the enum's element type unknown here, hence unchecked). */
    @SuppressWarnings("unchecked")
    static Schema<?> mayBeNull(Schema<?> property) {
        if (property.get$ref() != null) {
            return new Schema<>().anyOf(List.of(new Schema<>().$ref(property.get$ref()), new Schema<>().types(Set.of(NULL))))
                    .description(property.getDescription());
        }
        Set<String> types = new LinkedHashSet<>();
        if (property.getTypes() != null) {
            types.addAll(property.getTypes());
        } else if (property.getType() != null) {
            types.add(property.getType());
        }
        types.add(NULL);
        property.setTypes(types);
        if (property.getEnum() != null && !property.getEnum().contains(null)) {
            ((List<Object>) property.getEnum()).add(null);
        }
        return property;
    }
}
