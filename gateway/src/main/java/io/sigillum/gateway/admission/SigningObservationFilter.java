package io.sigillum.gateway.admission;

import io.micrometer.observation.ObservationPredicate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * Leaves the signing requests out of Spring's per-request HTTP server observation. On the hot path that observation
 * (context, tags, a histogram per URI and status) cost about a tenth of the CPU of a whole signHash — the p99 under
 * overload. Those requests are timed by {@link AdmissionControl} instead ({@code sigillum.requests{class=signing}}), and
 * every signature is in the audit log.
 */
@Configuration(proxyBeanMethods = false)
class SigningObservationFilter {

    @Bean
    ObservationPredicate signingRequestsNotObserved() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext request
                && RequestClass.of(request.getCarrier().getPath().pathWithinApplication().value())
                        .filter(type -> type == RequestClass.SIGNING).isPresent());
    }
}
