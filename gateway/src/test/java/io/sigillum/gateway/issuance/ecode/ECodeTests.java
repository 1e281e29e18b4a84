package io.sigillum.gateway.issuance.ecode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigillum.gateway.issuance.InvalidValueException;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ECodeTests {

    @Test
    void aCodeIsShownInGroupsOfFourAndReadWithOrWithoutSpaces() {
        ECode code = ECode.parse("Djfw 9mAN vhXk GWiX");
        assertThat(code.value()).isEqualTo("Djfw9mANvhXkGWiX");
        assertThat(code.grouped()).isEqualTo("Djfw 9mAN vhXk GWiX");
        assertThat(ECode.parse(" Djfw9mANvhXkGWiX\t")).isEqualTo(code);
        assertThat(ECode.parse("Djfw-9mAN-vhXk-GWiX")).isEqualTo(code);
        assertThat(ECode.parse("Djfw \u2013 9mAN \u2013 vhXk \u2013 GWiX")).isEqualTo(code);
    }

    @Test
    void lettersAreCaseExact() {
        assertThat(ECode.parse("djfw 9man vhxk gwix")).isNotEqualTo(ECode.parse("Djfw 9mAN vhXk GWiX"));
    }

    @Test
    void lookAlikeCharactersAndWrongLengthsAreRefused() {
        assertThatThrownBy(() -> ECode.parse("Djfw 9mAN vhXk GWi0")).isInstanceOf(InvalidValueException.class)
                .extracting(e -> ((InvalidValueException) e).code()).isEqualTo("InvalidCharacter");
        assertThatThrownBy(() -> ECode.parse("Djfw 9mAN vhXk GWil")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> ECode.parse("Djfw 9mAN vhXk GWi")).isInstanceOf(InvalidValueException.class)
                .extracting(e -> ((InvalidValueException) e).code()).isEqualTo("InvalidLength");
        assertThat(ECode.ALPHABET).doesNotContain("0", "O", "o", "1", "I", "l");
    }

    @Test
    void randomCodesUseTheWholeAlphabetAndDoNotRepeat() {
        SecureRandom random = new SecureRandom();
        Set<String> seen = new HashSet<>();
        Set<Character> characters = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String value = ECode.random(random).value();
            seen.add(value);
            value.chars().forEach(c -> characters.add((char) c));
        }
        assertThat(seen).hasSize(10_000);
        assertThat(characters).hasSize(ECode.ALPHABET.length());
    }
}
