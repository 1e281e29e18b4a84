package io.sigillum.gateway.issuance.certificate;

import io.sigillum.gateway.credential.CredentialRepository;
import io.sigillum.gateway.issuance.application.ApplicationProgress;
import io.sigillum.gateway.schedule.PeriodicWork;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Clears what issuances that crashed, and were never retried, left behind, once their lease has run out: the key in the
 * token (never delivered; it takes a slot of the HSM), the certificate the CA may have signed for it (revoked as
 * superseded, its record kept, as a retry would), and the reservation itself, untied from its application so that the
 * applicant's next try starts afresh. Each one is claimed first ({@link CredentialRepository#reclaimReservation}), as a
 * retry claims it, so the sweep and a retry, or two instances' sweeps, never clear the same one twice or one in use.
 */
@Component
class AbandonedIssuances implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AbandonedIssuances.class);

    private final CredentialRepository credentials;
    private final ApplicationProgress progress;
    private final TokenCertification token;
    private final TransactionalOperator tx;
    private final Duration lease;
    private final PeriodicWork sweeps;

    AbandonedIssuances(CredentialRepository credentials, ApplicationProgress progress, TokenCertification token,
            TransactionalOperator tx, CertificateProperties properties) {
        this.credentials = credentials;
        this.progress = progress;
        this.token = token;
        this.tx = tx;
        this.lease = properties.reservationLease();
        this.sweeps = new PeriodicWork("Clearing abandoned issuances", properties.abandonedSweep(), properties.abandonedSweep(),
                this::sweep);
    }

    /** Clears every reservation abandoned for longer than the lease; how many it cleared. */
    Mono<Long> sweep() {
        return credentials.abandonedReservations(lease)
                .concatMap(id -> credentials.reclaimReservation(id, lease)
                        .filter(Boolean::booleanValue)
                        .flatMap(claimed -> clear(id)).thenReturn(id))
                .count();
    }

    private Mono<Void> clear(String credentialId) {
        return credentials.findById(credentialId)
                .flatMap(reservation -> progress.unlinkCredential(credentialId)
                        .then(token.abandon(credentialId))
                        .then(credentials.deleteReservation(credentialId))
                        .as(tx::transactional)
                        .then(token.discard(reservation.key())))
                .doOnSuccess(done -> log.info("Cleared the abandoned issuance of credential {}", credentialId));
    }

    @Override
    public void start() {
        sweeps.start();
    }

    @Override
    public void stop() {
        sweeps.stop();
    }

    @Override
    public boolean isRunning() {
        return sweeps.isRunning();
    }
}
