package io.sigillum.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.sigillum.gateway.support.IntegrationTest;
import java.time.Duration;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.r2dbc.core.DatabaseClient;

/** PostgreSQL's and Redis' answers come on the HTTP server's event loops, not on loop threads of their own. */
class StoreEventLoopsIntegrationTests extends IntegrationTest {

    @Autowired
    ReactorResourceFactory resources;

    @Autowired
    DatabaseClient db;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Test
    void postgresAnswersOnTheServersLoops() {
        Boolean onServerLoop = db.sql("SELECT 1").map(row -> onServerLoop()).first().block(Duration.ofSeconds(10));

        assertThat(onServerLoop).isTrue();
    }

    @Test
    void redisAnswersOnTheServersLoops() {
        Boolean onServerLoop = redis.hasKey("store-event-loops:absent").map(absent -> onServerLoop())
                .block(Duration.ofSeconds(10));

        assertThat(onServerLoop).isTrue();
    }

    private boolean onServerLoop() {
        EventLoopGroup server = resources.getLoopResources().onServer(true);
        return StreamSupport.stream(server.spliterator(), false).anyMatch(EventExecutor::inEventLoop);
    }
}
