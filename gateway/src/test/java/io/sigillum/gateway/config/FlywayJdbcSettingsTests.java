package io.sigillum.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

/** Flyway's JDBC settings from an R2DBC URL: a password in the URL moves to the password, never into the JDBC URL. */
class FlywayJdbcSettingsTests {

    @Test
    void aUserAndPasswordInTheUrlBecomeFlywaysUserAndPasswordAndLeaveTheJdbcUrl() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("spring.r2dbc.url", "r2dbc:postgresql://sigillum:s%40cret%3Ax+y@db.example:6432/sigillum?sslmode=require");
        new FlywayJdbcSettings().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.flyway.url"))
                .isEqualTo("jdbc:postgresql://db.example:6432/sigillum?sslmode=require&connectTimeout=5&loginTimeout=5")
                .doesNotContain("cret");
        assertThat(environment.getProperty("spring.flyway.user")).isEqualTo("sigillum");
        assertThat(environment.getProperty("spring.flyway.password")).isEqualTo("s@cret:x+y");
    }

    @Test
    void configuredCredentialsWinAndAUrlWithoutThemIsKept() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("spring.r2dbc.url", "r2dbc:pool:postgresql://other:pw@127.0.0.1/db")
                .withProperty("spring.r2dbc.username", "configured").withProperty("spring.r2dbc.password", "configured pw");
        new FlywayJdbcSettings().postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty("spring.flyway.url"))
                .isEqualTo("jdbc:postgresql://127.0.0.1/db?connectTimeout=5&loginTimeout=5");
        assertThat(environment.getProperty("spring.flyway.user")).isEqualTo("configured");
        assertThat(environment.getProperty("spring.flyway.password")).isEqualTo("configured pw");

        assertThat(FlywayJdbcSettings.jdbcUrl("r2dbc:postgresql://127.0.0.1:5432/db"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/db?connectTimeout=5&loginTimeout=5");
        assertThat(FlywayJdbcSettings.userInfo("r2dbc:postgresql://127.0.0.1:5432/db")).isEmpty();
    }
}
