package io.sigillum.gateway.issuance.verification;

import io.sigillum.gateway.issuance.DocumentMessages;
import io.sigillum.gateway.issuance.DocumentText;
import io.sigillum.gateway.issuance.IssuanceProperties;
import io.sigillum.gateway.issuance.application.ApplicationView;
import io.sigillum.gateway.issuance.product.VerificationMethod;
import io.sigillum.gateway.issuance.verification.VerificationRepository.Attempt;
import io.sigillum.gateway.issuance.verification.VerificationRepository.Status;
import io.sigillum.gateway.notify.Notification;
import io.sigillum.gateway.notify.NotificationOutbox;
import io.sigillum.gateway.secret.Randomness;
import io.sigillum.gateway.web.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A video call with a consultant: the applicant books a free slot; the consultant decides. */
@Component
class VideoCallVerification implements VerificationStrategy {

    /** A slot in an answer as the free-slot list writes it: with its seconds and offset, without the zone's name. */
    private static final DateTimeFormatter SLOT_TEXT = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    /** A booked slot in the confirmation e-mail: the local date and time. */
    private static final DateTimeFormatter BOOKED_TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final VerificationRepository attempts;
    private final IssuanceProperties issuance;
    private final Duration horizon;
    private final Clock clock;
    private final NotificationOutbox outbox;
    private final DocumentMessages messages;

    VideoCallVerification(VerificationRepository attempts, IssuanceProperties issuance, VerificationProperties properties,
            Clock clock, NotificationOutbox outbox, DocumentMessages messages) {
        this.outbox = outbox;
        this.messages = messages;
        this.attempts = attempts;
        this.issuance = issuance;
        this.horizon = properties.videoBookingHorizon();
        this.clock = clock;
    }

    @Override
    public VerificationMethod method() {
        return VerificationMethod.VIDEO_CALL;
    }

    /**
     * Books the slot and e-mails the applicant its date and time and how to join, in the transaction that books it: in the
     * browser, from the applicant portal where the application was filled in (InfoCert: "Połączysz się z konsultantem z
     * tego samego linku, w którym uzupełniałeś dane osobowe"), which is also the attempt's link when it is configured.
     */
    @Override
    public Mono<Attempt> open(ApplicationView application, Optional<ZonedDateTime> slot) {
        return book(application, slot)
                .then(Mono.defer(() -> confirm(application, slot.orElseThrow())))
                .then(attempts.open(application.id(), method(), "VID" + Randomness.hex(12).toUpperCase(Locale.ROOT),
                        issuance.redeemAt().orElse(null)));
    }

    private Mono<Void> confirm(ApplicationView application, ZonedDateTime start) {
        DocumentText text = messages.in(application.applicantLanguage());
        String when = BOOKED_TEXT.format(start.withZoneSameInstant(issuance.zone()));
        return outbox.add(Notification.email(Notification.Kind.VIDEO_CALL_BOOKED,
                application.submittedApplicant().email().value(),
                text.get("notification.videoCall.subject", application.number()),
                text.get("notification.videoCall", application.number(), when) + " " + issuance.redeemAt()
                        .map(portal -> text.get("notification.videoCall.joinAt", portal))
                        .orElseGet(() -> text.get("notification.videoCall.join")), application.id()));
    }

    @Override
    public boolean decidedByConsultant(Attempt attempt) {
        return attempt.status() == Status.HELD || attempt.status() == Status.PENDING;
    }

    /**
     * A call is verified positively only once its slot has begun, held before or not: the consultant sees the applicant
     * and the document on the call, not before it. Holding it or turning it down (the applicant cancelled, say) may
     * come earlier.
     */
    @Override
    public Mono<Void> decidable(Attempt attempt, IdentityEvent.Result result) {
        if (result != IdentityEvent.Result.POSITIVE) {
            return Mono.empty();
        }
        return attempts.bookingOf(attempt.applicationId()).flatMap(start -> start.isAfter(clock.instant())
                ? Mono.error(ApiException.conflict("call_not_started",
                        "The video call has not begun; it is verified on the call, from its slot's start",
                        Map.of("slotStart", SLOT_TEXT.format(start.atZone(issuance.zone())))))
                : Mono.<Void>empty());
    }

    /** Free slots of one day: none of a day past the booking horizon. */
    Flux<ZonedDateTime> freeSlots(LocalDate day) {
        Instant now = clock.instant();
        List<ZonedDateTime> slots = VideoCalendar.slots(day, issuance.zone()).stream()
                .filter(slot -> bookable(slot.toInstant(), now)).toList();
        if (slots.isEmpty()) {
            return Flux.empty();
        }
        return attempts.booked(slots.getFirst().toInstant(), slots.getLast().toInstant().plusSeconds(1)).collectList()
                .flatMapMany(booked -> Flux.fromIterable(slots).filter(slot -> !booked.contains(slot.toInstant())));
    }

    /** In the future and within the horizon: a consultant's calendar is not promised years ahead. */
    private boolean bookable(Instant start, Instant now) {
        return start.isAfter(now) && !start.isAfter(now.plus(horizon));
    }

    private Mono<Void> book(ApplicationView application, Optional<ZonedDateTime> slot) {
        ZonedDateTime start = slot.orElseThrow(() -> ApiException.badRequest("A video call needs a slotStart"));
        if (!bookable(start.toInstant(), clock.instant()) || !VideoCalendar.isSlot(start, issuance.zone())) {
            throw ApiException.badRequest("Not a free slot: working days 08:00-17:40, 20-minute slots, in the future and "
                    + "at most " + horizon.toDays() + " days ahead");
        }
        return attempts.book(start.toOffsetDateTime(), application.id()).flatMap(booked -> booked ? Mono.<Void>empty()
                : Mono.error(ApiException.conflict("slot_taken", "This slot has just been booked; choose another",
                        Map.of("slotStart", SLOT_TEXT.format(start)))));
    }
}
