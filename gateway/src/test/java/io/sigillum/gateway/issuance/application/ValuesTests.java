package io.sigillum.gateway.issuance.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigillum.gateway.issuance.InvalidValueException;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ValuesTests {

    @Test
    void aPeselEncodesBirthDateAndSex() {
        Pesel pesel = new Pesel("84042003432");
        assertThat(pesel.birthDate()).isEqualTo(LocalDate.of(1984, 4, 20));
        assertThat(pesel.sex()).isEqualTo(Sex.MALE);
        assertThat(new Pesel("02270803624").birthDate()).isEqualTo(LocalDate.of(2002, 7, 8));
        assertThat(new Pesel("02270803624").sex()).isEqualTo(Sex.FEMALE);
        assertThat(pesel.toString()).doesNotContain("03432");
    }

    @Test
    void aPeselWithAWrongCheckDigitOrDateCannotExist() {
        assertThatThrownBy(() -> new Pesel("84042003433")).isInstanceOf(InvalidValueException.class)
                .extracting(e -> ((InvalidValueException) e).code()).isEqualTo("InvalidChecksum");
        assertThatThrownBy(() -> new Pesel("8404200343")).isInstanceOf(InvalidValueException.class)
                .extracting(e -> ((InvalidValueException) e).code()).isEqualTo("InvalidFormat");
        // month 13 with a correct checksum
        assertThatThrownBy(() -> new Pesel("84132000004")).isInstanceOf(InvalidValueException.class)
                .extracting(e -> ((InvalidValueException) e).code()).isEqualTo("InvalidBirthDate");
    }

    @Test
    void phoneNumbersAreReadAsTypedAndUnknownCountryCodesAreRefused() {
        assertThat(PhoneNumber.parse("+48 605 935 754").value()).isEqualTo("+48605935754");
        assertThat(PhoneNumber.parse("0049 (151) 1234-5678").countryCode()).isEqualTo("49");
        assertThat(PhoneNumber.parse("+380 67 123 4567").countryCode()).isEqualTo("380");
        assertThatThrownBy(() -> PhoneNumber.parse("+281234567890")).isInstanceOf(InvalidValueException.class)
                .extracting(e -> ((InvalidValueException) e).code()).isEqualTo("UnknownCountryPrefix");
        assertThatThrownBy(() -> PhoneNumber.parse("605935754")).isInstanceOf(InvalidValueException.class)
                .extracting(e -> ((InvalidValueException) e).code()).isEqualTo("InvalidFormat");
        assertThatThrownBy(() -> PhoneNumber.parse("+4860593575")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> PhoneNumber.parse("+1234567890123456")).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void aPolishMobileIsAcceptedAndWrittenInE164() {
        assertThat(PhoneNumber.parse("+48 605-935-754").value()).isEqualTo("+48605935754");
        assertThat(PhoneNumber.parse("0048 512 345 678").value()).isEqualTo("+48512345678");
    }

    @Test
    void aPolishLandlineIsRefusedBecauseNoSmsReachesIt() {
        // +48 22 is Warsaw's fixed-line area
        assertThatThrownBy(() -> PhoneNumber.parse("+48 22 123 45 67")).isInstanceOf(InvalidValueException.class)
                .extracting(e -> ((InvalidValueException) e).code()).isEqualTo("NotMobile");
    }

    @Test
    void aForeignMobileIsAccepted() {
        assertThat(PhoneNumber.parse("+49 151 1234 5678").value()).isEqualTo("+4915112345678");
        assertThat(PhoneNumber.parse("+44 7400 123456").countryCode()).isEqualTo("44");
    }

    @Test
    void aNumberThatIsNotE164IsRefusedAsConstructed() {
        assertThatThrownBy(() -> new PhoneNumber("+48 605 935 754")).isInstanceOf(InvalidValueException.class);
        assertThat(new PhoneNumber("+48605935754").countryCode()).isEqualTo("48");
    }

    @Test
    void applicationNumbersRoundTrip() {
        assertThat(ApplicationNumber.parse("2026-000082")).isEqualTo(new ApplicationNumber(2026, 82));
        assertThat(new ApplicationNumber(2026, 82)).hasToString("2026-000082");
        assertThatThrownBy(() -> ApplicationNumber.parse("82")).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void theTransitionTableAllowsOnlyListedMoves() {
        assertThat(ApplicationTransition.SUBMIT_DATA.next(ApplicationState.DRAFT, false))
                .contains(ApplicationState.DATA_SUBMITTED);
        assertThat(ApplicationTransition.SUBMIT_DATA.next(ApplicationState.DATA_SUBMITTED, false)).isEmpty();
        assertThat(ApplicationTransition.ACCEPT_DOCUMENTS.next(ApplicationState.DRAFT, false)).isEmpty();
        assertThat(ApplicationTransition.CANCEL.next(ApplicationState.CERTIFICATE_ISSUED, false)).isEmpty();
        assertThat(ApplicationTransition.APPROVE_BY_OPERATOR.next(ApplicationState.STATEMENT_SIGNED, false)).isEmpty();
        assertThat(ApplicationTransition.APPROVE_BY_OPERATOR.next(ApplicationState.STATEMENT_SIGNED, true))
                .contains(ApplicationState.OPERATOR_APPROVED);
        assertThat(ApplicationTransition.ISSUE_CERTIFICATE.next(ApplicationState.STATEMENT_SIGNED, true)).isEmpty();
        assertThat(ApplicationTransition.ISSUE_CERTIFICATE.next(ApplicationState.STATEMENT_SIGNED, false))
                .contains(ApplicationState.CERTIFICATE_ISSUED);
        assertThat(ApplicationState.ACTIVE.terminal()).as("its certificate may still be revoked").isFalse();
        assertThat(ApplicationTransition.REVOKE_CERTIFICATE.next(ApplicationState.ACTIVE, false)).contains(ApplicationState.REVOKED);
        assertThat(ApplicationTransition.REVOKE_CERTIFICATE.next(ApplicationState.VERIFIED, false)).isEmpty();
        assertThat(ApplicationState.REVOKED.terminal()).isTrue();
        assertThat(ApplicationState.REFUNDED.terminal()).isTrue();
        assertThat(ApplicationState.DRAFT.terminal()).isFalse();
    }
}
