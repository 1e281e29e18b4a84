package io.sigillum.gateway.config;

import java.nio.file.Path;
import java.util.Arrays;
import org.apache.commons.logging.Log;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The embedded default: when no PostgreSQL ({@code spring.r2dbc.url}) or Redis ({@code spring.data.redis.url}) is
 * configured, starts real ones from the jar before anything connects. Refused in the {@code prod} profile. Configured
 * external servers are checked for reachability first, so a dead one stops start-up at once.
 */
final class EmbeddedInfrastructurePostProcessor implements EnvironmentPostProcessor, Ordered {

    /** After the configuration files are read, so a configured URL is seen. */
    static final int ORDER = ConfigDataEnvironmentPostProcessor.ORDER + 10;

    private final Log log;

    EmbeddedInfrastructurePostProcessor(DeferredLogFactory logFactory) {
        this.log = logFactory.getLog(EmbeddedInfrastructurePostProcessor.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        boolean needPostgres = !environment.containsProperty("spring.r2dbc.url");
        boolean needRedis = !environment.containsProperty("spring.data.redis.url")
                && !environment.containsProperty("spring.data.redis.host");
        // checked once logging is set up (initializers run after it, before any bean), so the failure reads as one line
        application.addInitializers(context -> {
            if (!needPostgres) {
                ReachabilityPreflight.checkPostgres(context.getEnvironment());
            }
            if (!needRedis) {
                ReachabilityPreflight.checkRedis(context.getEnvironment());
            }
        });
        if (!needPostgres && !needRedis) {
            return;
        }
        if (Arrays.asList(environment.getActiveProfiles()).contains("prod")) {
            throw new StartupFailure((needPostgres ? "SPRING_R2DBC_URL" : "SPRING_DATA_REDIS_URL")
                    + " is not set: the prod profile needs external PostgreSQL and Redis (the embedded default is for development)");
        }
        if (!environment.getProperty("sigillum.embedded.enabled", Boolean.class, true)) {
            throw new StartupFailure("No PostgreSQL/Redis URL configured and sigillum.embedded.enabled=false");
        }
        Path dataDir = Path.of(environment.getProperty("sigillum.embedded.data-dir", ".data")).toAbsolutePath().normalize();
        long started = System.nanoTime();
        EmbeddedServers servers = EmbeddedServers.start(dataDir, needPostgres, needRedis);
        environment.getPropertySources().addFirst(new MapPropertySource("sigillum-embedded", servers.properties()));
        environment.getPropertySources().addFirst(new MapPropertySource("sigillum-embedded-marker",
                java.util.Map.of("sigillum.embedded.active", true, "sigillum.embedded.data-dir-resolved", dataDir.toString())));
        if (!servers.orphansStopped().isEmpty()) {
            log.warn("Stopped what a gateway that died left running on the embedded data under " + dataDir + ": "
                    + String.join(", ", servers.orphansStopped()));
        }
        log.info("Embedded default: " + (needPostgres ? "PostgreSQL " : "") + (needRedis ? "Redis " : "")
                + "started in " + (System.nanoTime() - started) / 1_000_000 + " ms, data under " + dataDir);
        application.addInitializers(context -> {
            servers.closeWithTheContext();
            closeAfterEveryBean(context, servers);
        });
    }

    /**
     * Closes {@code servers} when the context has destroyed every bean: after the web server's graceful shutdown has let
     * the requests in flight finish and after the connection pools are closed, so that none of them meets a store that
     * is already gone (on {@code ContextClosedEvent}, which comes first, a request answered during the shutdown could not
     * audit its signature, and a SAD spent for it could not be given back). Registered before any bean exists, so it is
     * destroyed last; a failed start destroys it too. The order holds on a SIGTERM to the gateway as well: the servers'
     * own shutdown hook waits for this close (see {@link EmbeddedServers}).
     */
    static void closeAfterEveryBean(ConfigurableApplicationContext context, AutoCloseable servers) {
        ((DefaultSingletonBeanRegistry) context.getBeanFactory()).registerDisposableBean(
                "sigillumEmbeddedServers", servers::close);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
