package io.sigillum.gateway.account;

import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

/** Wires the bearer-session argument into WebFlux and describes it in the OpenAPI document. */
@Configuration(proxyBeanMethods = false)
@SecurityScheme(name = CurrentAccount.SECURITY_SCHEME, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "An opaque session token from POST /api/v1/sessions")
class AccountWebConfiguration implements WebFluxConfigurer {

    static {
        // the caller is resolved from the Authorization header, not bound from the request
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(CurrentAccount.class);
    }

    private final SessionStore sessions;

    AccountWebConfiguration(SessionStore sessions) {
        this.sessions = sessions;
    }

    @Override
    public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
        configurer.addCustomResolver(new CurrentAccountResolver(sessions));
    }

    @Bean
    static OpaqueTokens opaqueTokens() {
        return new OpaqueTokens();
    }
}
