package io.sigillum.signer.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigillum.signer.InvalidInputException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyRefTests {

    @ParameterizedTest
    @ValueSource(strings = {"a", "user-42.sign_key", "ABC.def-123"})
    void reasonableAliasesAreAccepted(String alias) {
        assertThat(KeyRef.of(alias).alias()).isEqualTo(alias);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "slash/y", "ąę", "x\\n",
            "0123456789012345678901234567890123456789012345678901234567890123456789"})
    void anythingElseIsRejected(String alias) {
        assertThatThrownBy(() -> KeyRef.of(alias)).isInstanceOf(InvalidInputException.class);
    }
}
