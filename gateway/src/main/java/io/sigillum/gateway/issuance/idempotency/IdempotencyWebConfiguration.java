package io.sigillum.gateway.issuance.idempotency;

import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.Arrays;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

/**
 * Wires the {@link IdempotentRequest} argument into WebFlux, and documents its header on every operation that takes
 * one (the parameter itself is resolved, not bound, so the OpenAPI generator would not see the header).
 */
@Configuration(proxyBeanMethods = false)
class IdempotencyWebConfiguration implements WebFluxConfigurer {

    static {
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(IdempotentRequest.class);
    }

    @Override
    public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
        configurer.addCustomResolver(new IdempotentRequestResolver());
    }

    @Bean
    OperationCustomizer idempotencyKeyHeader() {
        return (operation, handler) -> {
            boolean idempotent = Arrays.stream(handler.getMethodParameters())
                    .anyMatch(parameter -> parameter.getParameterType() == IdempotentRequest.class);
            if (!idempotent) {
                return operation;
            }
            operation.addParametersItem(new HeaderParameter().name(IdempotencyKey.HEADER)
                    .required(false).schema(new StringSchema().minLength(1).maxLength(IdempotencyKey.MAX_LENGTH)
                            .pattern("^[\\x20-\\x7e]+$"))
                    .description("Makes a retry return the first result (with Idempotent-Replayed: true) "
                            + "without a second transition; 1 to " + IdempotencyKey.MAX_LENGTH + " printable ASCII characters"));
            if (operation.getResponses() != null) {
                operation.getResponses().putIfAbsent("422", new ApiResponse()
                        .description("idempotency_key_reused: the key came before with another request"));
            }
            return operation;
        };
    }
}
