package io.sigillum.gateway.web;

import java.net.URI;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where clients reach the gateway.
 *
 * @param publicBaseUrl the gateway's public base URL ({@code SIGILLUM_PUBLIC_BASE_URL}), e.g. {@code https://sign.example.com}
 *        behind a TLS proxy: an absolute http(s) URL, optionally with a path, no query; unset, the listening address
 */
@ConfigurationProperties("sigillum")
public record PublicBaseUrlProperties(@DefaultValue Optional<URI> publicBaseUrl) {
}
