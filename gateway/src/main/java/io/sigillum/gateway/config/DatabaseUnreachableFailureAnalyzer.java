package io.sigillum.gateway.config;

import java.sql.SQLException;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/**
 * Turns a JDBC connection failure (SQL state class 08) during start-up, i.e. Flyway's migration finding no server, into
 * the same one line as the reachability pre-flight, instead of a stack trace.
 */
final class DatabaseUnreachableFailureAnalyzer extends AbstractFailureAnalyzer<SQLException> {

    private final Environment environment;

    DatabaseUnreachableFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    protected @Nullable FailureAnalysis analyze(Throwable rootFailure, SQLException cause) {
        String url = environment.getProperty("spring.flyway.url");
        if (url == null || cause.getSQLState() == null || !cause.getSQLState().startsWith("08")) {
            return null;
        }
        return new FailureAnalysis("PostgreSQL is unreachable at " + FlywayJdbcSettings.hostAndPort(url) + " ("
                + Causes.rootMessage(cause) + "); set SPRING_R2DBC_URL to a running server or unset it for the embedded default",
                "", cause);
    }
}
