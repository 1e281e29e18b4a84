package io.sigillum.gateway.issuance.verification;

import io.sigillum.gateway.issuance.application.CancellationListener;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** A cancelled application's video call slot is free again for others. */
@Component
class VideoBookingRelease implements CancellationListener {

    private final VerificationRepository attempts;

    VideoBookingRelease(VerificationRepository attempts) {
        this.attempts = attempts;
    }

    @Override
    public Mono<Void> cancelled(UUID application) {
        return attempts.releaseBooking(application);
    }
}
