package io.sigillum.gateway.config;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * In the prod profile, refuses to start while any secret still has its public development default ({@link DevSecrets}),
 * or one shorter than {@value #MIN_LENGTH} characters (a guessable key or password).
 * An initializer, so it runs before any bean: no token file is ever opened or created under a dev password.
 */
final class ProductionSecretsCheck implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    static final int MIN_LENGTH = 16;

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Environment environment = context.getEnvironment();
        if (!environment.acceptsProfiles(Profiles.of("prod"))) {
            return;
        }
        boolean softwareToken = !"pkcs11".equalsIgnoreCase(environment.getProperty("sigillum.signing.token", "software"));
        List<Map.Entry<String, String>> needed = DevSecrets.BY_PROPERTY.entrySet().stream()
                .filter(secret -> softwareToken || !secret.getKey().startsWith("sigillum.signing."))
                .toList();
        List<String> unset = names(needed.stream()
                .filter(secret -> secret.getValue().equals(environment.getProperty(secret.getKey(), secret.getValue()))));
        List<String> weak = names(needed.stream()
                .filter(secret -> environment.getProperty(secret.getKey(), secret.getValue()).strip().length() < MIN_LENGTH));
        if (!unset.isEmpty()) {
            throw new StartupFailure("The prod profile needs real secrets; set " + String.join(", ", unset));
        }
        if (!weak.isEmpty()) {
            throw new StartupFailure("The prod profile needs secrets of at least " + MIN_LENGTH + " characters; "
                    + String.join(", ", weak) + (weak.size() == 1 ? " is" : " are") + " shorter");
        }
    }

    private static List<String> names(Stream<Map.Entry<String, String>> secrets) {
        return secrets.map(secret -> secret.getKey().toUpperCase().replace('.', '_').replace('-', '_')).sorted().toList();
    }
}
