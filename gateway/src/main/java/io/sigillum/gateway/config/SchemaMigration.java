package io.sigillum.gateway.config;

import java.net.URI;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Applies the Flyway migrations over JDBC (the only JDBC use in the gateway) before anything reads PostgreSQL, and
 * fails start-up within seconds, in one line, when PostgreSQL cannot be reached.
 */
@Component
public class SchemaMigration implements InitializingBean {

    private static final int CONNECT_TIMEOUT_SECONDS = 5;

    private final String r2dbcUrl;
    private final String username;
    private final String password;

    SchemaMigration(Environment environment) {
        this.r2dbcUrl = environment.getRequiredProperty("spring.r2dbc.url");
        this.username = environment.getProperty("spring.r2dbc.username", "postgres");
        this.password = environment.getProperty("spring.r2dbc.password", "");
    }

    @Override
    public void afterPropertiesSet() {
        String jdbcUrl = jdbcUrl(r2dbcUrl);
        try {
            Flyway.configure()
                    .dataSource(jdbcUrl, username, password)
                    .connectRetries(0)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            if (causedByConnection(e)) {
                throw new StartupFailure("PostgreSQL is unreachable at " + hostAndPort(r2dbcUrl) + " ("
                        + Causes.rootMessage(e) + "); set SPRING_R2DBC_URL to a running server or unset it for the embedded default", e);
            }
            throw e;
        }
    }

    static String jdbcUrl(String r2dbcUrl) {
        String url = r2dbcUrl.replaceFirst("^r2dbc:(pool:)?", "jdbc:");
        String separator = url.contains("?") ? "&" : "?";
        return url + separator + "connectTimeout=" + CONNECT_TIMEOUT_SECONDS + "&loginTimeout=" + CONNECT_TIMEOUT_SECONDS;
    }

    static String hostAndPort(String r2dbcUrl) {
        URI uri = URI.create(r2dbcUrl.replaceFirst("^r2dbc:(pool:)?", ""));
        return uri.getHost() + ":" + (uri.getPort() < 0 ? 5432 : uri.getPort());
    }

    private static boolean causedByConnection(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

}
