package io.sigillum.gateway.issuance.application;

import static io.sigillum.gateway.issuance.application.ApplicantDataValidatorTests.foreigner;
import static io.sigillum.gateway.issuance.application.ApplicantDataValidatorTests.polish;
import static io.sigillum.gateway.issuance.application.ApplicantDataValidatorTests.withDocument;
import static io.sigillum.gateway.issuance.application.ApplicantDataValidatorTests.withPesel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigillum.gateway.issuance.InvalidValueException;
import io.sigillum.gateway.issuance.application.ApplicantData.DocumentType;
import io.sigillum.gateway.issuance.application.ApplicantData.IdentityDocument;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApplicantTests {

    @Test
    void aPolishCitizenHasAPeselAndAnIdCard() {
        Applicant applicant = Applicant.from(polish());

        assertThat(applicant.pesel()).map(Pesel::value).contains("84042003432");
        assertThat(applicant.citizenship().isPoland()).isTrue();
        assertThat(applicant.fullName()).isEqualTo("Jan Adam Nowak");
        assertThat(applicant.givenNames()).isEqualTo("Jan Adam");
        assertThat(applicant.identityDocument().type()).isEqualTo(DocumentType.ID_CARD);
        assertThat(applicant.phone().value()).isEqualTo("+48605935754");
        assertThat(applicant.email().value()).isEqualTo("jan.nowak@example.com");
        assertThat(applicant.address().lines()).isEqualTo("Królowej Korony Polskiej 21/222, 70-486 Szczecin");
    }

    @Test
    void aForeignerIdentifiesWithAPassportAndNeedsNoPesel() {
        Applicant applicant = Applicant.from(foreigner());

        assertThat(applicant.pesel()).isEmpty();
        assertThat(applicant.secondName()).isEmpty();
        assertThat(applicant.sex()).isEmpty();
        assertThat(applicant.fullName()).isEqualTo("Hans Müller");
        assertThat(applicant.citizenship()).isEqualTo(new CountryCode("DE"));
        assertThat(applicant.identityDocument().type()).isEqualTo(DocumentType.PASSPORT);
        assertThat(applicant.identityDocument().issuingCountry().value()).isEqualTo("DE");
        assertThat(applicant.address().flatNumber()).isEmpty();
        assertThat(applicant.address().lines()).isEqualTo("Unter den Linden 1, 10117 Berlin");
    }

    @Test
    void dataAreParsedAsNormalised() {
        ApplicantData typed = withDocument(polish(), new IdentityDocument(DocumentType.ID_CARD, " pl ", "alu 842672",
                LocalDate.of(2030, 12, 31), "Prezydent Szczecina"));

        Applicant applicant = Applicant.from(typed);

        assertThat(applicant.identityDocument().seriesAndNumber()).isEqualTo("ALU842672");
        assertThat(applicant.identityDocument().issuingCountry()).isEqualTo(new CountryCode("PL"));
    }

    @Test
    void aPolishCitizenWithoutPeselCannotExist() {
        assertThatThrownBy(() -> Applicant.from(withPesel(polish(), null, Sex.MALE, LocalDate.of(1984, 4, 20))))
                .isInstanceOf(InvalidValueException.class).extracting(e -> ((InvalidValueException) e).code())
                .isEqualTo("Required");
    }

    @Test
    void aForeignerWithAnotherCountrysIdCardCannotExist() {
        ApplicantData withIdCard = withDocument(foreigner(), new IdentityDocument(DocumentType.ID_CARD, "AT",
                "123456789", LocalDate.of(2030, 1, 1), "Wien"));

        assertThatThrownBy(() -> Applicant.from(withIdCard)).isInstanceOf(InvalidValueException.class)
                .extracting(e -> ((InvalidValueException) e).code()).isEqualTo("PassportRequired");
        assertThat(Applicant.from(withDocument(foreigner(), new IdentityDocument(DocumentType.ID_CARD, "DE",
                "L01X00T47", LocalDate.of(2030, 1, 1), "Stadt Berlin"))).identityDocument().type()).isEqualTo(DocumentType.ID_CARD);
    }

    @Test
    void aPeselDisagreeingWithTheBirthDateOrSexCannotExist() {
        assertThatThrownBy(() -> Applicant.from(withPesel(polish(), "84042003432", Sex.MALE, LocalDate.of(1984, 4, 21))))
                .extracting(e -> ((InvalidValueException) e).code()).isEqualTo("BirthDateMismatch");
        assertThatThrownBy(() -> Applicant.from(withPesel(polish(), "84042003432", Sex.FEMALE, LocalDate.of(1984, 4, 20))))
                .extracting(e -> ((InvalidValueException) e).code()).isEqualTo("SexMismatch");
        assertThatThrownBy(() -> Applicant.from(withPesel(polish(), "84042003433", Sex.MALE, LocalDate.of(1984, 4, 20))))
                .extracting(e -> ((InvalidValueException) e).code()).isEqualTo("InvalidChecksum");
    }

    @Test
    void missingOrWrongFieldsCannotExist() {
        ApplicantData empty = new ApplicantData(null, null, null, null, null, null, null, null, null, null, null, null);
        ApplicantData noEmail = new ApplicantData("Hans", null, "Müller", "DE", null, null, LocalDate.of(1980, 1, 2),
                "Berlin", foreigner().identityDocument(), "+4915112345678", "not-an-address", foreigner().address());

        assertThatThrownBy(() -> Applicant.from(empty)).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("identityDocument");
        assertThatThrownBy(() -> Applicant.from(noEmail)).isInstanceOf(InvalidValueException.class)
                .extracting(e -> ((InvalidValueException) e).code()).isEqualTo("InvalidFormat");
        assertThatThrownBy(() -> new CountryCode("XX")).isInstanceOf(InvalidValueException.class)
                .extracting(e -> ((InvalidValueException) e).code()).isEqualTo("InvalidCountry");
        assertThatThrownBy(() -> new Applicant.Address(" ", "1", Optional.empty(), "00-001", "Warszawa",
                new CountryCode("PL"))).isInstanceOf(InvalidValueException.class);
    }
}
