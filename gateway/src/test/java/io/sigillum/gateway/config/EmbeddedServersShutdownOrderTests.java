package io.sigillum.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.support.GenericApplicationContext;

/**
 * The embedded servers outlive everything that uses them: a shutdown first lets the web server drain (a lifecycle
 * stop), then destroys the beans (the connection pools), and only then stops PostgreSQL and Redis.
 */
class EmbeddedServersShutdownOrderTests {

    private final List<String> events = new CopyOnWriteArrayList<>();

    @Test
    void theServersStopAfterTheLifecyclesAndTheBeans() {
        GenericApplicationContext context = new GenericApplicationContext();
        EmbeddedInfrastructurePostProcessor.closeAfterEveryBean(context, () -> events.add("servers closed"));
        context.registerBean("webServer", DrainingServer.class, () -> new DrainingServer(events));
        context.registerBean("connectionPool", Pool.class, () -> new Pool(events));
        context.refresh();

        context.close();

        assertThat(events).containsExactly("web server drained", "pool closed", "servers closed");
    }

    @Test
    void aFailedStartStopsTheServersToo() {
        GenericApplicationContext context = new GenericApplicationContext();
        EmbeddedInfrastructurePostProcessor.closeAfterEveryBean(context, () -> events.add("servers closed"));
        context.registerBean("connectionPool", Pool.class, () -> new Pool(events));
        context.registerBean("broken", Object.class, () -> {
            throw new IllegalStateException("cannot start");
        });

        try {
            context.refresh();
        } catch (BeanCreationException expected) {
            events.add("start failed");
        }

        assertThat(events).containsExactly("pool closed", "servers closed", "start failed");
    }

    record Pool(List<String> events) implements AutoCloseable {
        @Override
        public void close() {
            events.add("pool closed");
        }
    }

    static final class DrainingServer implements SmartLifecycle {

        private final List<String> events;
        private volatile boolean running;

        DrainingServer(List<String> events) {
            this.events = events;
        }

        @Override
        public void start() {
            running = true;
        }

        @Override
        public void stop() {
            events.add("web server drained");
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }
    }
}
