package io.sigillum.gateway.config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    /** The scheme and authority's start of a URL, then its {@code user[:password]@}, if it has one. */
    private static final Pattern USER_INFO = Pattern.compile("^([a-z0-9:]+://)([^/?#@]*)@");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String r2dbcUrl = environment.getProperty("spring.r2dbc.url");
        if (r2dbcUrl == null || environment.containsProperty("spring.flyway.url")) {
            return;
        }
        Map<String, Object> derived = new LinkedHashMap<>();
        derived.put("spring.flyway.url", jdbcUrl(r2dbcUrl));
        // an R2DBC URL may carry user:password@ (as R2DBC reads it); the JDBC URL must not, or the driver takes it for
        // the host name and an error message prints the password
        Optional<String[]> inUrl = userInfo(r2dbcUrl);
        derived.put("spring.flyway.user", environment.getProperty("spring.r2dbc.username",
                inUrl.map(info -> info[0]).orElse("postgres")));
        derived.put("spring.flyway.password", environment.getProperty("spring.r2dbc.password",
                inUrl.filter(info -> info.length > 1).map(info -> info[1]).orElse("")));
        // last: anything configured anywhere wins over the derived values
        environment.getPropertySources().addLast(new MapPropertySource("sigillum-flyway-from-r2dbc", derived));
    }

    /** The JDBC form of an R2DBC PostgreSQL URL, without its user and password, with bounded connect and login times. */
    static String jdbcUrl(String r2dbcUrl) {
        String url = USER_INFO.matcher(r2dbcUrl).replaceFirst("$1").replaceFirst("^r2dbc:(pool:)?", "jdbc:");
        String separator = url.contains("?") ? "&" : "?";
        return url + separator + "connectTimeout=" + CONNECT_TIMEOUT_SECONDS + "&loginTimeout=" + CONNECT_TIMEOUT_SECONDS;
    }

    /** The user and, if given, the password an R2DBC URL carries before its host ({@code user:password@}), decoded. */
    static Optional<String[]> userInfo(String r2dbcUrl) {
        Matcher matcher = USER_INFO.matcher(r2dbcUrl);
        if (!matcher.find()) {
            return Optional.empty();
        }
        return Optional.of(Arrays.stream(matcher.group(2).split(":", 2))
                .map(part -> URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8)).toArray(String[]::new));
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
