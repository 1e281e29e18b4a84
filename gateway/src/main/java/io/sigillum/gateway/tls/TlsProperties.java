package io.sigillum.gateway.tls;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Built-in HTTPS.
 *
 * @param enabled serve HTTPS ({@code SIGILLUM_TLS_ENABLED}): with the operator's certificate when {@code server.ssl.bundle}
 *        (or {@code server.ssl.key-store}/{@code certificate}) is set, else — never in prod — with a development
 *        certificate from the built-in CA
 * @param caCertificateFile where the development certificate's trust anchor (the built-in root CA, PEM) is written
 * @param certificateValidity lifetime of the development certificate (a new one is issued at every start)
 * @param hosts more names (DNS names or IP addresses) for the development certificate, besides 127.0.0.1, ::1,
 *        localhost, the listening address and the public base URL's host
 */
@ConfigurationProperties("sigillum.tls")
@Validated
public record TlsProperties(@DefaultValue("false") boolean enabled,
        @DefaultValue(".data/tls/ca.pem") @NotNull Path caCertificateFile,
        @DefaultValue("365d") @NotNull Duration certificateValidity,
        @DefaultValue List<String> hosts) {
}
