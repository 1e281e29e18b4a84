package io.sigillum.gateway.config;

import java.util.List;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * In the prod profile, refuses to start while any secret still has its public development default ({@link DevSecrets}).
 * An initializer, so it runs before any bean: no token file is ever opened or created under a dev password.
 */
final class ProductionSecretsCheck implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Environment environment = context.getEnvironment();
        if (!environment.acceptsProfiles(Profiles.of("prod"))) {
            return;
        }
        boolean softwareToken = !"pkcs11".equalsIgnoreCase(environment.getProperty("sigillum.signing.token", "software"));
        List<String> unset = DevSecrets.BY_PROPERTY.entrySet().stream()
                .filter(secret -> softwareToken || !secret.getKey().startsWith("sigillum.signing."))
                .filter(secret -> secret.getValue().equals(environment.getProperty(secret.getKey(), secret.getValue())))
                .map(secret -> secret.getKey().toUpperCase().replace('.', '_').replace('-', '_'))
                .sorted()
                .toList();
        if (!unset.isEmpty()) {
            throw new StartupFailure("The prod profile needs real secrets; set " + String.join(", ", unset));
        }
    }
}
