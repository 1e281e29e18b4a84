package io.sigillum.gateway.devdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class DevDataPropertiesTests {

    @Test
    void nothingConfiguredMeansDefaultsAndAnUnsetPassword() {
        DevDataProperties properties = bind(Map.of());
        assertThat(properties.enabled()).isTrue();
        assertThat(properties.adminEmail()).isEqualTo("admin@demo.local");
        assertThat(properties.adminPassword()).isEmpty();
    }

    @Test
    void aConfiguredPasswordIsPresent() {
        assertThat(bind(Map.of("sigillum.dev-data.admin-password", "fixed")).adminPassword()).contains("fixed");
    }

    private static DevDataProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("sigillum.dev-data", DevDataProperties.class);
    }
}
