package io.sigillum.gateway.tls;

import io.sigillum.gateway.config.StartupFailure;
import java.util.Arrays;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * With {@code sigillum.tls.enabled} and no certificate of the operator's, points the server at the development SSL
 * bundle ({@link DevelopmentTlsConfiguration}); in the prod profile refuses to start instead, and refuses the
 * development bundle however it was chosen. Runs before the web server exists, which is when its SSL is decided.
 */
final class BuiltInTlsPostProcessor implements EnvironmentPostProcessor, Ordered {

    /** The SSL bundle that holds the development certificate. */
    static final String DEVELOPMENT_BUNDLE = "sigillum-development";

    /** After the configuration files are read, so the operator's SSL settings are seen. */
    static final int ORDER = ConfigDataEnvironmentPostProcessor.ORDER + 20;

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        boolean prod = Arrays.asList(environment.getActiveProfiles()).contains("prod");
        String bundle = environment.getProperty("server.ssl.bundle");
        if (prod && DEVELOPMENT_BUNDLE.equals(bundle)) {
            throw new StartupFailure("The prod profile refuses the development TLS certificate (server.ssl.bundle="
                    + DEVELOPMENT_BUNDLE + "); configure an SSL bundle with the operator's certificate");
        }
        if (!environment.getProperty("sigillum.tls.enabled", Boolean.class, false)) {
            return;
        }
        boolean operatorCertificate = bundle != null || environment.containsProperty("server.ssl.key-store")
                || environment.containsProperty("server.ssl.certificate");
        if (operatorCertificate) {
            return;
        }
        if (prod) {
            throw new StartupFailure("SIGILLUM_TLS_ENABLED=true in the prod profile needs the operator's certificate: set"
                    + " SERVER_SSL_BUNDLE=<name> and spring.ssl.bundle.pem.<name>.keystore.certificate/private-key"
                    + " (the development certificate from the built-in CA is not for production)");
        }
        environment.getPropertySources().addFirst(new MapPropertySource("sigillum-built-in-tls",
                Map.of("server.ssl.bundle", DEVELOPMENT_BUNDLE)));
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
