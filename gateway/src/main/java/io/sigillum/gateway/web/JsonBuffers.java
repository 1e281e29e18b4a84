package io.sigillum.gateway.web;

import java.util.List;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.json.JsonMapper;

/**
 * The application's JSON mapper builder — Boot's, with every {@link JsonMapperBuilderCustomizer} applied as Boot
 * applies them — over a {@link JsonFactory} that keeps its parse and write buffers per thread.
 *
 * <p>Why: Jackson 3's default buffer pool hands out a recycler per use and gets it back only when the caller returns
 * it, and Spring's codecs take one for every message they read or write without returning it. So every request
 * allocated fresh 8 kB byte and char buffers, about a third of everything the signHash path allocated, which GC then
 * had to collect. The threads that parse and write JSON here are a fixed set of event loops and workers, the case the
 * thread-local pool is made for: each thread reuses its own buffers, with no lock and nothing shared.
 */
@Configuration(proxyBeanMethods = false)
class JsonBuffers {

    @Bean
    @Scope("prototype")
    JsonMapper.Builder jsonMapperBuilder(List<JsonMapperBuilderCustomizer> customizers) {
        JsonMapper.Builder builder = JsonMapper.builder(JsonFactory.builder()
                .recyclerPool(JsonRecyclerPools.threadLocalPool())
                .build());
        customizers.forEach(customizer -> customizer.customize(builder));
        return builder;
    }
}
