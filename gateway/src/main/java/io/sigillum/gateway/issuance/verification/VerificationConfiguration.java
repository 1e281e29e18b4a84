package io.sigillum.gateway.issuance.verification;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.net.URI;
import org.springframework.beans.factory.ObjectProvider;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The identity vendor's adapter: the HTTP one when {@code sigillum.verification.vendor-url} is set; otherwise (dev only)
 * the built-in simulator of {@code verification.simulator} plays the vendor. A prod gateway without a vendor URL does
 * not start (no {@link MobileIdVendor}).
 */
@Configuration(proxyBeanMethods = false)
class VerificationConfiguration {

    @Bean
    @ConditionalOnExpression("'${sigillum.verification.vendor-url:}' != ''")
    MobileIdVendor httpMobileIdVendor(VerificationProperties properties, ObjectProvider<WebClient.Builder> builders,
            CircuitBreakerRegistry breakers) {
        return new HttpMobileIdVendor(builders.getIfAvailable(WebClient::builder),
                URI.create(properties.vendorUrl().orElseThrow()), properties.vendorApiKey().orElse(""),
                properties.vendorTimeout(), properties.vendorRetries(), Duration.ofMillis(200),
                breakers.circuitBreaker("identity-vendor"));
    }
}
