package io.sigillum.gateway.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.sigillum.gateway.config.StartupFailure;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;

/**
 * Lets a client inside the gateway call the gateway's own listener (the development vendor simulator posts to the real
 * webhooks): with TLS on, it trusts what the server's SSL bundle trusts — the built-in CA for the development
 * certificate, the JDK's CAs otherwise.
 */
@Component
public final class SelfConnection {

    private final Optional<SslContext> tls;

    SelfConnection(ServerProperties server, ObjectProvider<SslBundles> bundles) {
        Ssl ssl = server.getSsl();
        this.tls = Ssl.isEnabled(ssl) ? Optional.of(context(ssl.getBundle() == null ? null
                : bundles.getObject().getBundle(ssl.getBundle()).getManagers().getTrustManagerFactory())) : Optional.empty();
    }

    /** {@code builder}, with a connector that trusts this gateway's certificate when it serves HTTPS. */
    public WebClient.Builder configure(WebClient.Builder builder) {
        return tls.map(context -> builder.clientConnector(new ReactorClientHttpConnector(
                HttpClient.create().secure(spec -> spec.sslContext(context))))).orElse(builder);
    }

    private static SslContext context(@Nullable TrustManagerFactory trust) {
        try {
            return SslContextBuilder.forClient().trustManager(trust).build();
        } catch (SSLException e) {
            throw new StartupFailure("Could not make the gateway's client TLS context: " + e.getMessage(), e);
        }
    }
}
