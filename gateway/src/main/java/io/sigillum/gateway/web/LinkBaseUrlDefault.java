package io.sigillum.gateway.web;

import java.net.InetAddress;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.server.Ssl;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Sets {@code sigillum.link-base-url}, the base of links that leave the gateway without a request to take it from
 * (vouchers, e-mails, vendor callbacks; see application.yml): the public base URL when configured, else the configured
 * listening address (https when the server has TLS). Only a default: any property source may set it.
 */
final class LinkBaseUrlDefault implements EnvironmentPostProcessor, Ordered {

    /** After the configuration files, and after the built-in TLS has chosen its bundle. */
    static final int ORDER = ConfigDataEnvironmentPostProcessor.ORDER + 30;

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String configured = environment.getProperty("sigillum.public-base-url", "").strip();
        String base = configured.isEmpty() ? listening(environment) : configured.replaceFirst("/+$", "");
        environment.getPropertySources().addLast(new MapPropertySource("sigillum-link-base-url",
                Map.of("sigillum.link-base-url", base)));
    }

    private static String listening(ConfigurableEnvironment environment) {
        Binder binder = Binder.get(environment);
        boolean tls = Ssl.isEnabled(binder.bind("server.ssl", Ssl.class).orElse(null));
        String host = binder.bind("server.address", InetAddress.class)
                .map(address -> address.isAnyLocalAddress() ? "127.0.0.1" : PublicBaseUrl.literal(address))
                .orElse("127.0.0.1");
        int port = binder.bind("server.port", Integer.class).orElse(8080);
        return PublicBaseUrl.origin(tls ? "https" : "http", host, port);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
