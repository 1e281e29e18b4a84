package io.sigillum.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sigillum.gateway.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.core.JacksonException;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.json.JsonMapper;

class JsonBuffersIntegrationTests extends IntegrationTest {

    @Autowired
    JsonMapper mapper;

    @Test
    void theApplicationMapperKeepsItsBuffersPerThread() {
        assertThat(mapper.tokenStreamFactory()._getRecyclerPool()).isSameAs(JsonRecyclerPools.threadLocalPool());
    }

    @Test
    void theInputRulesStillApplyToTheMapperBuiltHere() {
        assertThatThrownBy(() -> mapper.readTree("{\"hashes\":[\"a\"],\"hashes\":[\"b\"]}"))
                .isInstanceOf(JacksonException.class).hasMessageContaining("Duplicate");
    }
}
