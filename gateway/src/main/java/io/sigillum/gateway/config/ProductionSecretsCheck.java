package io.sigillum.gateway.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/** In the prod profile, refuses to start while any secret still has its public development default. */
@Component
class ProductionSecretsCheck implements InitializingBean {

    private static final Map<String, String> DEV_DEFAULTS = Map.of(
            "sigillum.otp.hmac-secret", "dev-only-otp-hmac-secret-change-me",
            "sigillum.signing.keystore-password", "dev-only-keystore-password",
            "sigillum.verification.identity-webhook-secret", "dev-identity-webhook-secret",
            "sigillum.verification.payment-webhook-secret", "dev-payment-webhook-secret");

    private final Environment environment;

    ProductionSecretsCheck(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void afterPropertiesSet() {
        if (!environment.acceptsProfiles(Profiles.of("prod"))) {
            return;
        }
        List<String> unset = new ArrayList<>();
        boolean softwareToken = !"pkcs11".equalsIgnoreCase(environment.getProperty("sigillum.signing.token", "software"));
        DEV_DEFAULTS.forEach((property, devDefault) -> {
            if (property.startsWith("sigillum.signing.") && !softwareToken) {
                return;
            }
            String value = environment.getProperty(property);
            if (value == null || value.equals(devDefault)) {
                unset.add(property.toUpperCase().replace('.', '_').replace('-', '_'));
            }
        });
        if (!unset.isEmpty()) {
            throw new StartupFailure("The prod profile needs real secrets; set " + String.join(", ", unset.stream().sorted().toList()));
        }
    }
}
