package io.sigillum.gateway.config;

import io.lettuce.core.resource.EventLoopGroupProvider;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.r2dbc.postgresql.PostgresqlConnectionFactoryProvider;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.r2dbc.autoconfigure.ConnectionFactoryOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * PostgreSQL's and Redis' connections on the HTTP server's own event loops, rather than on groups of loop threads of
 * their own: an answer from a store (an audit commit that releases signatures, a SAD spent) then goes on with the
 * requests of the connections that share its loop without a hand-off, and a two-core machine runs no more loop threads
 * than it has cores. Under signHash ×1 on two cores this gave 15 % more requests a second (four pairs of five) and on
 * another machine 16 % (four of four), batches of 100 unchanged with the loops at their default priority
 * ({@code benchmarks/RESULTS.md}); {@code sigillum.stores.server-event-loops=false} gives the stores their own loops again,
 * for a comparison on another machine. Nothing blocks on these loops: blocking work has its own bounded schedulers, and
 * the one blocking Redis call (connecting) is made off them ({@code LuaScripts}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "sigillum.stores.server-event-loops", havingValue = "true", matchIfMissing = true)
class StoreEventLoops {

    @Bean
    ConnectionFactoryOptionsBuilderCustomizer postgresOnServerLoops(ReactorResourceFactory resources) {
        return options -> options.option(PostgresqlConnectionFactoryProvider.LOOP_RESOURCES, resources.getLoopResources());
    }

    @Bean
    ClientResourcesBuilderCustomizer redisOnServerLoops(ReactorResourceFactory resources) {
        return builder -> builder.eventLoopGroupProvider(new ServerLoops(resources.getLoopResources().onClient(true)));
    }

    /** Hands Lettuce the server's loops; Spring, which made them, also shuts them down. */
    private record ServerLoops(EventLoopGroup loops) implements EventLoopGroupProvider {

        @Override
        @SuppressWarnings("unchecked")
        public <T extends EventLoopGroup> T allocate(Class<T> type) {
            return (T) loops;
        }

        @Override
        public int threadPoolSize() {
            int threads = 0;
            for (EventExecutor ignored : loops) {
                threads++;
            }
            return threads;
        }

        @Override
        public Future<Boolean> release(EventExecutorGroup group, long quietPeriod, long timeout, TimeUnit unit) {
            return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true);
        }

        @Override
        public Future<Boolean> shutdown(long quietPeriod, long timeout, TimeUnit unit) {
            return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true);
        }
    }
}
