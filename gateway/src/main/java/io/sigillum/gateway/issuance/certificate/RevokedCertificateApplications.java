package io.sigillum.gateway.issuance.certificate;

import io.sigillum.gateway.issuance.application.ApplicationProgress;
import io.sigillum.gateway.revocation.RevocationListener;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** The application of a revoked certificate says so (REVOKED), not that the certificate is still active. */
@Component
class RevokedCertificateApplications implements RevocationListener {

    private final ApplicationProgress progress;

    RevokedCertificateApplications(ApplicationProgress progress) {
        this.progress = progress;
    }

    @Override
    public Mono<Void> revoked(String credentialId, Optional<UUID> actor) {
        return progress.certificateRevoked(credentialId, actor);
    }
}
