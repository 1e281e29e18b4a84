package io.sigillum.gateway.tls;

import io.sigillum.gateway.web.PublicBaseUrlProperties;
import io.sigillum.signer.ca.CertificateAuthority;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The development SSL bundle: a server certificate issued at start-up by the built-in CA for this machine's names,
 * and the CA's root written to {@code sigillum.tls.ca-certificate-file} for clients to trust. Registered with Boot's
 * SSL bundles, so the server is created with it (this pulls the CA, hence the token, in before the web server).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "server.ssl.bundle", havingValue = BuiltInTlsPostProcessor.DEVELOPMENT_BUNDLE)
class DevelopmentTlsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DevelopmentTlsConfiguration.class);

    @Bean
    SslBundleRegistrar developmentTlsBundle(CertificateAuthority ca, TlsProperties tls, PublicBaseUrlProperties publicUrl,
            ServerProperties server, Clock clock) {
        List<String> hosts = hosts(tls, publicUrl.publicBaseUrl(), Optional.ofNullable(server.getAddress()));
        DevelopmentCertificate certificate = DevelopmentCertificate.issue(ca, hosts, clock.instant(),
                tls.certificateValidity());
        certificate.writeTrustAnchor(tls.caCertificateFile());
        log.info("Built-in TLS (development): certificate for {} from '{}'; clients trust {}", hosts,
                ca.chain().getFirst().getSubjectX500Principal().getName(), tls.caCertificateFile().toAbsolutePath());
        return registry -> registry.registerBundle(BuiltInTlsPostProcessor.DEVELOPMENT_BUNDLE, certificate.bundle());
    }

    private static List<String> hosts(TlsProperties tls, Optional<URI> publicBaseUrl, Optional<InetAddress> address) {
        Set<String> hosts = new LinkedHashSet<>(List.of("127.0.0.1", "localhost", "::1"));
        address.filter(a -> !a.isAnyLocalAddress()).ifPresent(a -> hosts.add(a.getHostAddress()));
        publicBaseUrl.map(URI::getHost).map(host -> host.replace("[", "").replace("]", "")).ifPresent(hosts::add);
        hosts.addAll(tls.hosts());
        return List.copyOf(hosts);
    }
}
