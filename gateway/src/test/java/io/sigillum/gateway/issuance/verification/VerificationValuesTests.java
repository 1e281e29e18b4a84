package io.sigillum.gateway.issuance.verification;

import static org.assertj.core.api.Assertions.assertThat;

import io.sigillum.gateway.issuance.application.Applicant;
import io.sigillum.gateway.issuance.application.ApplicantData;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerificationValuesTests {

    static final byte[] SECRET = "webhook-secret".getBytes(StandardCharsets.UTF_8);
    static final Duration WINDOW = Duration.ofMinutes(5);
    static final ZoneId WARSAW = ZoneId.of("Europe/Warsaw");

    @Test
    void payerNamesMatchWithoutCaseDiacriticsOrOrder() {
        assertThat(PayerNameMatcher.matches("NOWAK JAN", "Jan", "Adam", "Nowak")).isTrue();
        assertThat(PayerNameMatcher.matches("jan adam nowak", "Jan", "Adam", "Nowak")).isTrue();
        assertThat(PayerNameMatcher.matches("ŁUKASZ ŻÓŁKIEWSKI", "Lukasz", null, "Zolkiewski")).isTrue();
        assertThat(PayerNameMatcher.matches("Zolkiewski, Lukasz", "Łukasz", null, "Żółkiewski")).isTrue();
        assertThat(PayerNameMatcher.matches("Anna Nowak-Kowalska", "Anna", null, "Nowak-Kowalska")).isTrue();
    }

    /** A Polish transfer's payer field is "nazwa i adres nadawcy": the name before the address, maybe after "Pan". */
    @Test
    void thePayersAddressAndCourtesyTitleAreNoPartOfTheName() {
        assertThat(PayerNameMatcher.matches("JAN ADAM NOWAK UL. KROLOWEJ KORONY POLSKIEJ 21/222 70-486 SZCZECIN", "Jan", "Adam",
                "Nowak")).isTrue();
        assertThat(PayerNameMatcher.matches("Nowak Jan 70-486 Szczecin", "Jan", null, "Nowak")).isTrue();
        assertThat(PayerNameMatcher.matches("Pan Jan Nowak", "Jan", null, "Nowak")).isTrue();
        assertThat(PayerNameMatcher.matches("Jan Pan", "Jan", null, "Pan")).isTrue();
        // someone else's name before the address is still someone else's
        assertThat(PayerNameMatcher.matches("Jan Nowak i Anna Nowak ul. Długa 1", "Jan", null, "Nowak")).isFalse();
        assertThat(PayerNameMatcher.matches("Anna Kowalska ul. Jana Nowaka 5", "Jan", null, "Nowak")).isFalse();
    }

    @Test
    void payerNamesOfSomeoneElseDoNotMatch() {
        assertThat(PayerNameMatcher.matches("Jan Kowalski", "Jan", "Adam", "Nowak")).isFalse();
        assertThat(PayerNameMatcher.matches("Nowak", "Jan", "Adam", "Nowak")).isFalse();
        assertThat(PayerNameMatcher.matches("Jan Nowak i Anna Nowak", "Jan", null, "Nowak")).isFalse();
        assertThat(PayerNameMatcher.matches("", "Jan", null, "Nowak")).isFalse();
    }

    @Test
    void polishIbansNeedTheirChecksum() {
        assertThat(PolishIban.isValid("PL61 1090 1014 0000 0712 1981 2874")).isTrue();
        assertThat(PolishIban.isValid("pl61109010140000071219812874")).isTrue();
        assertThat(PolishIban.isValid("PL61 1090 1014 0000 0712 1981 2875")).isFalse();
        assertThat(PolishIban.isValid("PL62 1090 1014 0000 0712 1981 2874")).isFalse();
        assertThat(PolishIban.isValid("DE89 3704 0044 0532 0130 00")).isFalse();
        assertThat(PolishIban.isValid("PL61 1090 1014 0000 0712 1981 287")).isFalse();
        assertThat(PolishIban.isValid(null)).isFalse();
    }

    @Test
    void aWebhookSignedOverTheRawBodyAndTimestampVerifies() {
        byte[] body = "{\"eventId\":\"e1\"}".getBytes(StandardCharsets.UTF_8);
        Instant now = Instant.parse("2026-11-24T10:00:00Z");
        String signature = WebhookSignature.sign(SECRET, now.getEpochSecond(), body);

        assertThat(WebhookSignature.verify(SECRET, Long.toString(now.getEpochSecond()), signature, body, now, WINDOW))
                .isEqualTo(WebhookSignature.Verdict.VALID);
        assertThat(WebhookSignature.verify(SECRET, Long.toString(now.getEpochSecond()), signature,
                "{\"eventId\":\"e2\"}".getBytes(StandardCharsets.UTF_8), now, WINDOW))
                .isEqualTo(WebhookSignature.Verdict.BAD_SIGNATURE);
        // the timestamp is signed: moving it breaks the signature
        assertThat(WebhookSignature.verify(SECRET, Long.toString(now.getEpochSecond() + 1), signature, body, now, WINDOW))
                .isEqualTo(WebhookSignature.Verdict.BAD_SIGNATURE);
        assertThat(WebhookSignature.verify("other".getBytes(StandardCharsets.UTF_8), Long.toString(now.getEpochSecond()),
                signature, body, now, WINDOW)).isEqualTo(WebhookSignature.Verdict.BAD_SIGNATURE);
    }

    @Test
    void oldOrMalformedWebhooksAreRefused() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        Instant now = Instant.parse("2026-11-24T10:00:00Z");
        long old = now.minus(Duration.ofMinutes(6)).getEpochSecond();
        assertThat(WebhookSignature.verify(SECRET, Long.toString(old), WebhookSignature.sign(SECRET, old, body), body, now,
                WINDOW)).isEqualTo(WebhookSignature.Verdict.STALE);
        assertThat(WebhookSignature.verify(SECRET, "yesterday", "v1=00", body, now, WINDOW))
                .isEqualTo(WebhookSignature.Verdict.MALFORMED);
        assertThat(WebhookSignature.verify(SECRET, Long.toString(now.getEpochSecond()), "sha256=00", body, now, WINDOW))
                .isEqualTo(WebhookSignature.Verdict.MALFORMED);
        assertThat(WebhookSignature.verify(SECRET, Long.toString(now.getEpochSecond()), "v1=zz", body, now, WINDOW))
                .isEqualTo(WebhookSignature.Verdict.MALFORMED);
    }

    /** Consultants take no calls on Poland's public holidays, the movable ones (from Easter) included. */
    @Test
    void noVideoSlotsOnPublicHolidays() {
        // Christmas Eve (a holiday from 2025), Christmas, Epiphany; Easter Monday, Corpus Christi and Pentecost of 2027
        for (LocalDate holiday : List.of(LocalDate.of(2026, 12, 24), LocalDate.of(2026, 12, 25), LocalDate.of(2027, 1, 6),
                LocalDate.of(2027, 3, 29), LocalDate.of(2027, 5, 27), LocalDate.of(2027, 5, 3), LocalDate.of(2027, 11, 11))) {
            assertThat(VideoCalendar.slots(holiday, WARSAW)).as("%s", holiday).isEmpty();
        }
        assertThat(PolishPublicHolidays.easterSunday(2026)).isEqualTo(LocalDate.of(2026, 4, 5));
        assertThat(PolishPublicHolidays.easterSunday(2027)).isEqualTo(LocalDate.of(2027, 3, 28));
        assertThat(PolishPublicHolidays.easterSunday(2038)).isEqualTo(LocalDate.of(2038, 4, 25));
        // a Christmas Eve before 2025 was a working day; the day after Epiphany is one
        assertThat(VideoCalendar.slots(LocalDate.of(2024, 12, 24), WARSAW)).hasSize(29);
        assertThat(VideoCalendar.slots(LocalDate.of(2027, 1, 7), WARSAW)).hasSize(29);
    }

    @Test
    void videoSlotsAreTwentyMinutesOnWorkingDaysFromEightToTwentyToSix() {
        LocalDate monday = LocalDate.of(2026, 11, 30);
        assertThat(VideoCalendar.slots(monday, WARSAW)).hasSize(29)
                .first().isEqualTo(monday.atTime(8, 0).atZone(WARSAW));
        assertThat(VideoCalendar.slots(monday, WARSAW).getLast()).isEqualTo(monday.atTime(17, 20).atZone(WARSAW));
        assertThat(VideoCalendar.slots(monday.with(TemporalAdjusters.next(DayOfWeek.SUNDAY)), WARSAW)).isEmpty();
        assertThat(VideoCalendar.isSlot(monday.atTime(9, 40).atZone(WARSAW), WARSAW)).isTrue();
        assertThat(VideoCalendar.isSlot(monday.atTime(9, 45).atZone(WARSAW), WARSAW)).isFalse();
        assertThat(VideoCalendar.isSlot(ZonedDateTime.of(2026, 11, 30, 7, 40, 0, 0, ZoneId.of("UTC")), WARSAW)).isTrue();
    }

    @Test
    void theDocumentReadIsComparedWithTheApplicationFieldByField() {
        Applicant data = Applicant.from(new ApplicantData(
                "Łukasz", null, "Żółkiewski", "PL", "84042003432", null, LocalDate.of(1984, 4, 20), "Szczecin",
                new ApplicantData.IdentityDocument(
                        ApplicantData.DocumentType.ID_CARD, "PL", "ALU842672",
                        LocalDate.of(2030, 12, 31), "Prezydent Szczecina"),
                "+48605935754", "l@example.com",
                new ApplicantData.Address("Wały Chrobrego", "1", null, "70-500", "Szczecin", "PL")));

        assertThat(new DocumentData("LUKASZ", "ZOLKIEWSKI", "ALU 842672", LocalDate.of(2030, 12, 31), "84042003432", "PL")
                .mismatches(data)).isEmpty();
        assertThat(new DocumentData("Lukasz", "Kowalski", "ALU842673", LocalDate.of(2031, 12, 31), "84042003433", "PL")
                .mismatches(data)).containsExactly("surname", "documentNumber", "expiryDate", "pesel");
        assertThat(new DocumentData(null, null, "ALU842672", null, null, null).mismatches(data)).isEmpty();
    }
}
