package io.sigillum.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sigillum.gateway.support.IntegrationTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "sigillum.http.event-loops.nice=-5") // the default, 0, leaves every thread alone
class EventLoopPriorityIntegrationTests extends IntegrationTest {

    @Test
    void theEventLoopsThatServeConnectionsRunAtTheConfiguredNiceValueAndNoOtherThreadDoes() throws InterruptedException {
        assumeTrue(ThreadNice.available().isPresent(), "Linux only");
        assumeTrue(mayRaisePriority(), "this process lacks CAP_SYS_NICE: the loops keep their normal priority");
        for (int i = 0; i < 8; i++) {
            // new connections, so that they land on more than one loop; the health check runs parts of itself on a
            // worker pool that a loop may start: those threads must not inherit the loop's priority
            unpooled().get().uri("/actuator/health").exchange().expectStatus().isOk();
        }
        List<ThreadState> threads = threads();
        assertThat(threads).filteredOn(ThreadState::eventLoop).extracting(ThreadState::nice).contains(-5);
        assertThat(threads).filteredOn(thread -> !thread.eventLoop()).extracting(ThreadState::nice).allMatch(nice -> nice >= 0)
                .isNotEmpty();
    }

    private static boolean mayRaisePriority() throws InterruptedException {
        AtomicBoolean permitted = new AtomicBoolean();
        Thread probe = Thread.ofPlatform().start(() -> permitted.set(ThreadNice.available().orElseThrow().set(-1)));
        probe.join();
        return permitted.get();
    }

    private record ThreadState(String name, int nice) {

        boolean eventLoop() {
            return name.contains("-http-"); // reactor-http-epoll-1, webflux-http-nio-2, ... (at most 15 characters)
        }
    }

    /** Each live thread of this JVM with its nice value (field 19 of /proc/self/task/ID/stat). */
    private static List<ThreadState> threads() {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.flatMap(EventLoopPriorityIntegrationTests::state).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<ThreadState> state(Path task) {
        try {
            String stat = Files.readString(task.resolve("stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Stream.of(new ThreadState(Files.readString(task.resolve("comm")).strip(), Integer.parseInt(fields[16])));
        } catch (IOException e) {
            return Stream.empty(); // the thread ended meanwhile
        }
    }
}
