package io.sigillum.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigillum.gateway.config.StartupFailure;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

class BuiltInTlsPostProcessorTests {

    @Test
    void inDevelopmentTlsWithoutACertificateUsesTheDevelopmentBundle() {
        MockEnvironment environment = new MockEnvironment().withProperty("sigillum.tls.enabled", "true");

        process(environment);

        assertThat(environment.getProperty("server.ssl.bundle")).isEqualTo(BuiltInTlsPostProcessor.DEVELOPMENT_BUNDLE);
    }

    @Test
    void theOperatorsCertificateIsLeftAlone() {
        MockEnvironment environment = prod().withProperty("sigillum.tls.enabled", "true").withProperty("server.ssl.bundle", "qtsp");

        process(environment);

        assertThat(environment.getProperty("server.ssl.bundle")).isEqualTo("qtsp");
    }

    @Test
    void withoutTlsNothingChanges() {
        MockEnvironment environment = new MockEnvironment();

        process(environment);

        assertThat(environment.containsProperty("server.ssl.bundle")).isFalse();
    }

    @Test
    void prodRefusesTheDevelopmentCertificate() {
        assertThatThrownBy(() -> process(prod().withProperty("sigillum.tls.enabled", "true")))
                .isInstanceOf(StartupFailure.class).hasMessageContaining("SERVER_SSL_BUNDLE");
        assertThatThrownBy(() -> process(prod().withProperty("server.ssl.bundle", BuiltInTlsPostProcessor.DEVELOPMENT_BUNDLE)))
                .isInstanceOf(StartupFailure.class).hasMessageContaining("refuses the development TLS certificate");
    }

    private static MockEnvironment prod() {
        MockEnvironment environment = new MockEnvironment();
        environment.setActiveProfiles("prod");
        return environment;
    }

    private static void process(MockEnvironment environment) {
        new BuiltInTlsPostProcessor().postProcessEnvironment(environment, new SpringApplication());
    }
}
