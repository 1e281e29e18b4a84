package io.sigillum.gateway.support;

import io.sigillum.gateway.GatewayApplication;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A further, complete gateway in the test JVM, on its own port, for multi-instance and outage tests. */
public final class GatewayInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final WebTestClient web;

    private GatewayInstance(ConfigurableApplicationContext context) {
        this.context = context;
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        this.web = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(30)).build();
    }

    /** Starts a gateway; {@code overrides} win over the shared test servers (they are passed as command-line args). */
    public static GatewayInstance start(Map<String, String> overrides) {
        TestInfrastructure.install();
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--sigillum.dev-data.enabled=false",
                "--sigillum.secret-hashing.argon2-memory-kib=1024", "--sigillum.secret-hashing.argon2-iterations=1"));
        overrides.forEach((key, value) -> args.add("--" + key + "=" + value));
        return new GatewayInstance(new SpringApplicationBuilder(GatewayApplication.class)
                .initializers(context -> context.getBeanFactory().addBeanPostProcessor(new OwnNettyResources()))
                .run(args.toArray(String[]::new)));
    }

    /**
     * Gives this instance its own Reactor Netty event loops, as Spring Boot does for test contexts: with the JVM-wide
     * ones, closing this instance would dispose loops that the test's main gateway still uses.
     */
    private static final class OwnNettyResources implements BeanPostProcessor {
        @Override
        public Object postProcessBeforeInitialization(Object bean, String beanName) {
            if (bean instanceof ReactorResourceFactory factory) {
                factory.setUseGlobalResources(false);
            }
            return bean;
        }
    }

    public WebTestClient web() {
        return web;
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    @Override
    public void close() {
        context.close();
    }
}
