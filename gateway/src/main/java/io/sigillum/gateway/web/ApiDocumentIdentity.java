package io.sigillum.gateway.web;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.models.Operation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document's title, and operation ids a generated client can keep: SpringDoc names an operation after its
 * handler method and numbers the methods that share a name ({@code info}, {@code info_1}, {@code info_2}) in the order it
 * happens to scan them, so a regenerated client could call {@code credentials/info} by the name {@code csc/v2/info} had.
 * Every operation of such a group is named from its method and path instead ({@code postCredentialsInfo}).
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(info = @Info(title = "Sigillum remote signing gateway", version = "1",
        description = "CSC API v2 remote signing (/csc/v2), its OAuth2 authorization server (/oauth2), the issuance of "
                + "cloud qualified certificates (/api/v1), and the CA's and TSA's protocols (/ca, /tsa)"))
class ApiDocumentIdentity {

    @Bean
    OpenApiCustomizer stableOperationIds() {
        return openApi -> {
            if (openApi.getPaths() == null) {
                return;
            }
            Map<String, List<Map.Entry<String, Map.Entry<String, Operation>>>> byName = new LinkedHashMap<>();
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                if (operation.getOperationId() != null) {
                    byName.computeIfAbsent(operation.getOperationId().replaceFirst("_\\d+$", ""), name -> new ArrayList<>())
                            .add(Map.entry(path, Map.entry(method.name(), operation)));
                }
            }));
            List<Map.Entry<String, Map.Entry<String, Operation>>> renamed = byName.values().stream()
                    .filter(group -> group.size() > 1).flatMap(List::stream).toList();
            Map<String, Long> taken = new HashMap<>();
            byName.values().stream().filter(group -> group.size() == 1)
                    .forEach(group -> taken.put(group.getFirst().getValue().getValue().getOperationId(), 1L));
            renamed.forEach(entry -> taken.merge(fromMethodAndPath(entry.getValue().getKey(), entry.getKey()), 1L, Long::sum));
            for (Map.Entry<String, Map.Entry<String, Operation>> entry : renamed) {
                String method = entry.getValue().getKey();
                String name = fromMethodAndPath(method, entry.getKey());
                // /api/v1/x and /csc/v2/x would share a short name: both then keep their API's segment
                entry.getValue().getValue().setOperationId(taken.get(name) > 1 ? fromMethodAndPath(method, entry.getKey(), true) : name);
            }
        };
    }

    /** {@code POST /csc/v2/credentials/info} → {@code postCredentialsInfo}; a path variable {@code {id}} → {@code ById}. */
    static String fromMethodAndPath(String method, String path) {
        return fromMethodAndPath(method, path, false);
    }

    private static String fromMethodAndPath(String method, String path, boolean withApi) {
        StringBuilder name = new StringBuilder(method.toLowerCase(Locale.ROOT));
        for (String segment : path.split("/")) {
            boolean api = segment.equals("api") || segment.equals("csc");
            if (segment.isEmpty() || api && !withApi || segment.matches("v\\d+")) {
                continue;
            }
            boolean variable = segment.startsWith("{") && segment.endsWith("}");
            String word = variable ? "By" + capitalised(segment.substring(1, segment.length() - 1)) : segment;
            for (String part : word.split("[^A-Za-z0-9]+")) {
                name.append(capitalised(part));
            }
        }
        return name.toString();
    }

    private static String capitalised(String word) {
        return word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
