package io.sigillum.gateway.config;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Points Boot's Flyway at the database the application uses: the gateway speaks R2DBC, Flyway speaks JDBC, so
 * {@code spring.flyway.url/user/password} are derived from {@code spring.r2dbc.*} (after the embedded default has set
 * them) unless configured explicitly. Connect and login are bounded, so an unreachable server fails start-up in seconds.
 */
final class FlywayJdbcSettings implements EnvironmentPostProcessor, Ordered {

    private static final int CONNECT_TIMEOUT_SECONDS = 5;

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String r2dbcUrl = environment.getProperty("spring.r2dbc.url");
        if (r2dbcUrl == null || environment.containsProperty("spring.flyway.url")) {
            return;
        }
        Map<String, Object> derived = new LinkedHashMap<>();
        derived.put("spring.flyway.url", jdbcUrl(r2dbcUrl));
        derived.put("spring.flyway.user", environment.getProperty("spring.r2dbc.username", "postgres"));
        derived.put("spring.flyway.password", environment.getProperty("spring.r2dbc.password", ""));
        // last: anything configured anywhere wins over the derived values
        environment.getPropertySources().addLast(new MapPropertySource("sigillum-flyway-from-r2dbc", derived));
    }

    /** The JDBC form of an R2DBC PostgreSQL URL, with bounded connect and login times. */
    static String jdbcUrl(String r2dbcUrl) {
        String url = r2dbcUrl.replaceFirst("^r2dbc:(pool:)?", "jdbc:");
        String separator = url.contains("?") ? "&" : "?";
        return url + separator + "connectTimeout=" + CONNECT_TIMEOUT_SECONDS + "&loginTimeout=" + CONNECT_TIMEOUT_SECONDS;
    }

    /** {@code host:port} of an R2DBC or JDBC PostgreSQL URL, for messages (never the credentials). */
    static String hostAndPort(String url) {
        URI uri = URI.create(url.replaceFirst("^(r2dbc:(pool:)?|jdbc:)", ""));
        return uri.getHost() + ":" + (uri.getPort() < 0 ? 5432 : uri.getPort());
    }

    @Override
    public int getOrder() {
        // after EmbeddedInfrastructurePostProcessor, which may have just set spring.r2dbc.url
        return EmbeddedInfrastructurePostProcessor.ORDER + 1;
    }
}
