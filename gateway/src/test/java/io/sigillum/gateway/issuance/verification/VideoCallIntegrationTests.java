package io.sigillum.gateway.issuance.verification;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.gateway.account.AccountService;
import io.sigillum.gateway.issuance.IssuanceJourney;
import io.sigillum.gateway.support.IntegrationTest;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

class VideoCallIntegrationTests extends IntegrationTest {

    static final ZoneId WARSAW = ZoneId.of("Europe/Warsaw");

    @Autowired
    AccountService accounts;

    @Autowired
    VideoCallVerification videoCalls;

    @Autowired
    VerificationProperties properties;

    @Autowired
    DatabaseClient db;

    /** The call's slot has begun: its booking moved to a moment just past (a slot can only be booked ahead). */
    void callBegins(IssuanceJourney journey) {
        db.sql("UPDATE video_booking SET slot_start = now() - interval '1 minute' - random() * interval '1 hour' "
                        + "WHERE application_id = :id")
                .bind("id", UUID.fromString(journey.id)).fetch().rowsUpdated().block();
    }

    /**
     * A free slot on a random working day from tomorrow to the booking horizon, one of that day's free slots at random:
     * the bookings of earlier runs stay in the test database, and another test may book at the same time.
     */
    ZonedDateTime freeSlot() {
        int days = (int) properties.videoBookingHorizon().toDays() - 2;
        for (int tries = 0; tries < 100; tries++) {
            LocalDate day = LocalDate.now(WARSAW).plusDays(1 + ThreadLocalRandom.current().nextInt(days));
            List<ZonedDateTime> free = videoCalls.freeSlots(day).collectList().block();
            if (free != null && !free.isEmpty()) {
                return free.get(ThreadLocalRandom.current().nextInt(free.size()));
            }
        }
        throw new IllegalStateException("No free video slot within the horizon: clear the test database's bookings");
    }

    @Test
    void theCalendarOffersWorkingDaySlotsAndTheConsultantsPositiveDecisionVerifies() {
        ZonedDateTime slot = freeSlot();
        IssuanceJourney journey = IssuanceJourney.documentsAccepted(web, accounts, "CQS-1Y", "VIDEO_CALL");
        List<?> offered = web.get().uri("/api/v1/video-slots?date={d}", slot.toLocalDate())
                .headers(h -> h.setBearerAuth(journey.applicant)).exchange().expectStatus().isOk()
                .expectBody(List.class).returnResult().getResponseBody();
        // a working day has 29 slots; another run's booking on the same random day may have taken one of them
        assertThat(VideoCalendar.slots(slot.toLocalDate(), WARSAW)).hasSize(29);
        assertThat(offered).hasSizeBetween(26, 29);

        journey.post("verification", Map.of("slotStart", slot.toOffsetDateTime().toString())).expectStatus().isOk();
        assertThat(journey.state()).isEqualTo("VERIFICATION_PENDING");
        // the applicant is told when the call is, in Polish time
        String number = (String) journey.get("").get("number");
        assertThat(db.sql("SELECT subject, body FROM notification_outbox WHERE application_id = :id AND kind = 'VIDEO_CALL_BOOKED'")
                .bind("id", java.util.UUID.fromString(journey.id)).fetch().all().collectList().block())
                .singleElement().satisfies(row -> {
                    assertThat(row.get("subject")).isEqualTo("Umówiona wideorozmowa z konsultantem (wniosek " + number + ")");
                    assertThat((String) row.get("body")).isEqualTo("Wideorozmowa z konsultantem do wniosku " + number
                            + " jest umówiona na "
                            + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(slot.withZoneSameInstant(WARSAW))
                            + " czasu polskiego. Przygotuj dokument tożsamości podany we wniosku. O umówionej godzinie połączysz "
                            + "się z konsultantem w przeglądarce, z poziomu swojego wniosku; nie musisz niczego instalować.");
                });
        List<?> freeSlots = web.get().uri("/api/v1/video-slots?date={d}", slot.toLocalDate())
                .headers(h -> h.setBearerAuth(journey.applicant)).exchange()
                .expectBody(List.class).returnResult().getResponseBody();
        assertThat(freeSlots).hasSize(offered.size() - 1);

        String consultant = journey.newOperator();
        Map<String, Object> positive = Map.of("result", "POSITIVE", "documentChecked", Map.of("documentNumber", "ALU842672"));
        journey.decide(consultant, positive).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("call_not_started")
                .jsonPath("$.slotStart").isEqualTo(slot.withZoneSameInstant(WARSAW).toOffsetDateTime()
                        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        // a decision without its result is the consultant's client's error, not a failure of ours
        Map<String, Object> noResult = new HashMap<>();
        noResult.put("result", null);
        journey.decide(consultant, noResult).expectStatus().isBadRequest();
        journey.decide(consultant, Map.of()).expectStatus().isBadRequest();
        assertThat(journey.state()).isEqualTo("VERIFICATION_PENDING");

        callBegins(journey);
        journey.decide(consultant, positive).expectStatus().isOk().expectBody().jsonPath("$.state").isEqualTo("VERIFIED");
    }

    @Test
    void aCallHeldBeforeItsSlotIsNotVerifiedBeforeItEither() {
        IssuanceJourney journey = IssuanceJourney.documentsAccepted(web, accounts, "CQS-1Y", "VIDEO_CALL");
        journey.post("verification", Map.of("slotStart", freeSlot().toOffsetDateTime().toString())).expectStatus().isOk();
        String consultant = journey.newOperator();

        journey.decide(consultant, Map.of("result", "HELD")).expectStatus().isOk();
        journey.decide(consultant, Map.of("result", "POSITIVE")).expectStatus().isEqualTo(409);
        assertThat(journey.state()).isEqualTo("VERIFICATION_HELD");
        callBegins(journey);
        journey.decide(consultant, Map.of("result", "POSITIVE")).expectStatus().isOk()
                .expectBody().jsonPath("$.state").isEqualTo("VERIFIED");
    }

    @Test
    void slotsOutsideWorkingHoursAreRefused() {
        IssuanceJourney journey = IssuanceJourney.documentsAccepted(web, accounts, "CQS-1Y", "VIDEO_CALL");
        ZonedDateTime saturday = freeSlot().with(TemporalAdjusters.next(DayOfWeek.SATURDAY)).withHour(10).withMinute(0);
        journey.post("verification", Map.of("slotStart", saturday.toOffsetDateTime().toString())).expectStatus().isBadRequest();
        ZonedDateTime evening = freeSlot().withHour(17).withMinute(40);
        journey.post("verification", Map.of("slotStart", evening.toOffsetDateTime().toString())).expectStatus().isBadRequest();
        ZonedDateTime offGrid = freeSlot().withHour(9).withMinute(10);
        journey.post("verification", Map.of("slotStart", offGrid.toOffsetDateTime().toString())).expectStatus().isBadRequest();
        // a slot is its ISO text: a free slot's epoch seconds (or an array of its fields) is not read as that slot
        ZonedDateTime free = freeSlot();
        journey.post("verification", Map.of("slotStart", free.toEpochSecond())).expectStatus().isBadRequest();
        journey.post("verification", Map.of("slotStart", List.of(free.getYear(), free.getMonthValue(), free.getDayOfMonth(),
                free.getHour(), free.getMinute()))).expectStatus().isBadRequest();

        assertThat(journey.state()).isEqualTo("DOCUMENTS_ACCEPTED");
    }

    @Test
    void slotsPastTheBookingHorizonAreNeitherOfferedNorBooked() {
        IssuanceJourney journey = IssuanceJourney.documentsAccepted(web, accounts, "CQS-1Y", "VIDEO_CALL");
        LocalDate past = LocalDate.now(WARSAW).plusDays(properties.videoBookingHorizon().toDays() + 1)
                .with(TemporalAdjusters.next(DayOfWeek.MONDAY));
        web.get().uri("/api/v1/video-slots?date={d}", past).headers(h -> h.setBearerAuth(journey.applicant)).exchange()
                .expectStatus().isOk().expectBody(List.class).isEqualTo(List.of());
        for (ZonedDateTime beyond : List.of(past.atTime(10, 0).atZone(WARSAW), past.plusYears(40).atTime(10, 0).atZone(WARSAW))) {
            journey.post("verification", Map.of("slotStart", beyond.toOffsetDateTime().toString()))
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("days ahead"));
        }
        // a slot within the horizon is booked as ever
        ZonedDateTime within = freeSlot();
        journey.post("verification", Map.of("slotStart", within.toOffsetDateTime().toString())).expectStatus().isOk();
        assertThat(journey.state()).isEqualTo("VERIFICATION_PENDING");
    }

    @Test
    void twoApplicantsBookingOneSlotAtOnceGetItOnlyOnce() throws Exception {
        ZonedDateTime slot = freeSlot();
        List<IssuanceJourney> journeys = List.of(
                IssuanceJourney.documentsAccepted(web, accounts, "CQS-1Y", "VIDEO_CALL"),
                IssuanceJourney.documentsAccepted(web, accounts, "CQS-1Y", "VIDEO_CALL"),
                IssuanceJourney.documentsAccepted(web, accounts, "CQS-1Y", "VIDEO_CALL"));
        CyclicBarrier start = new CyclicBarrier(journeys.size());
        List<CompletableFuture<Integer>> bookings = journeys.stream().map(journey -> CompletableFuture.supplyAsync(() -> {
            try {
                start.await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return journey.post("verification", Map.of("slotStart", slot.toOffsetDateTime().toString()))
                    .expectBody().returnResult().getStatus().value();
        })).toList();

        List<Integer> statuses = bookings.stream().map(CompletableFuture::join).toList();
        assertThat(statuses).containsExactlyInAnyOrder(200, 409, 409);
        assertThat(journeys.stream().map(IssuanceJourney::state).toList())
                .containsExactlyInAnyOrder("VERIFICATION_PENDING", "DOCUMENTS_ACCEPTED", "DOCUMENTS_ACCEPTED");
    }

    @Test
    void theConsultantMayHoldThenRejectAndTheSlotIsFreedForTheRetry() {
        ZonedDateTime slot = freeSlot();
        IssuanceJourney journey = IssuanceJourney.documentsAccepted(web, accounts, "CQS-1Y", "VIDEO_CALL");
        journey.post("verification", Map.of("slotStart", slot.toOffsetDateTime().toString())).expectStatus().isOk();
        String consultant = journey.newOperator();

        journey.decide(consultant, Map.of("result", "HELD")).expectStatus().isOk()
                .expectBody().jsonPath("$.state").isEqualTo("VERIFICATION_HELD");
        journey.decide(consultant, Map.of("result", "NEGATIVE")).expectStatus().isBadRequest();
        journey.decide(consultant, Map.of("result", "NEGATIVE", "reason", "TECHNICAL_ERROR")).expectStatus().isOk()
                .expectBody().jsonPath("$.state").isEqualTo("VERIFICATION_FAILED");

        journey.post("verification/retry", Map.of("slotStart", slot.toOffsetDateTime().toString())).expectStatus().isOk();
        assertThat(journey.state()).isEqualTo("VERIFICATION_PENDING");
    }

    /** The seeds' calendar: a slot an applicant gave up by cancelling the application is another applicant's to take. */
    @Test
    void aCancelledApplicationsSlotIsFreeAgain() {
        ZonedDateTime slot = freeSlot();
        IssuanceJourney journey = IssuanceJourney.documentsAccepted(web, accounts, "CQS-1Y", "VIDEO_CALL");
        journey.post("verification", Map.of("slotStart", slot.toOffsetDateTime().toString())).expectStatus().isOk();
        journey.post("cancel", null).expectStatus().isOk().expectBody().jsonPath("$.state").isEqualTo("CANCELLED");

        IssuanceJourney next = IssuanceJourney.documentsAccepted(web, accounts, "CQS-1Y", "VIDEO_CALL");
        next.post("verification", Map.of("slotStart", slot.toOffsetDateTime().toString())).expectStatus().isOk();
        assertThat(next.state()).isEqualTo("VERIFICATION_PENDING");
    }

    @Test
    void aMobileVerificationIsNotTheConsultantsToDecide() {
        IssuanceJourney journey = IssuanceJourney.documentsAccepted(web, accounts, "CQS-1Y", "MOBILE_SELF_ID");
        journey.startVerification(null);

        journey.decide(journey.newOperator(), Map.of("result", "POSITIVE")).expectStatus().isEqualTo(409);
        assertThat(journey.state()).isEqualTo("VERIFICATION_PENDING");
    }
}
