package io.sigillum.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ThreadNiceTests {

    @Test
    void theNiceValueIsSetForTheCallingThreadAlone() throws InterruptedException {
        assumeTrue(ThreadNice.available().isPresent(), "Linux only");
        ThreadNice nice = ThreadNice.available().orElseThrow();
        int mine = nice.get();
        AtomicInteger seen = new AtomicInteger(Integer.MIN_VALUE);
        Thread other = Thread.ofPlatform().start(() -> {
            // a higher nice value (lower priority) needs no privilege
            if (nice.set(mine + 3)) {
                seen.set(nice.get());
            }
        });
        other.join();
        assertThat(seen.get()).isEqualTo(mine + 3);
        assertThat(nice.get()).isEqualTo(mine);
    }
}
