package io.sigillum.gateway.config;

import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.RowMetadata;
import io.r2dbc.spi.Statement;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A statement's result whose rows or count fail with a {@link java.util.concurrent.TimeoutException} when the server
 * has sent nothing of them — no row, no count, no end — within the deadline. PostgreSQL's driver hands out a result
 * before the server has answered, so the wait for the answer is here, not in {@code Statement.execute()}.
 *
 * @param result the driver's result
 * @param deadline how long the first of its signals may take
 */
record DeadlineResult(Result result, Duration deadline) implements Result {

    /** The statement's results, each bounded by {@code deadline}, the first of them too. */
    static Publisher<? extends Result> execute(Statement statement, Duration deadline) {
        return firstWithin(statement.execute(), deadline).map(result -> new DeadlineResult(result, deadline));
    }

    @Override
    public Publisher<Long> getRowsUpdated() {
        return firstWithin(result.getRowsUpdated(), deadline);
    }

    @Override
    public <T> Publisher<T> map(BiFunction<Row, RowMetadata, ? extends T> mapping) {
        return firstWithin(result.map(mapping), deadline);
    }

    @Override
    public <T> Publisher<T> map(Function<? super Readable, ? extends T> mapping) {
        return firstWithin(result.map(mapping), deadline);
    }

    @Override
    public Result filter(Predicate<Segment> filter) {
        return new DeadlineResult(result.filter(filter), deadline);
    }

    @Override
    public <T> Publisher<T> flatMap(Function<Segment, ? extends Publisher<? extends T>> mapping) {
        return firstWithin(result.flatMap(mapping), deadline);
    }

    /** {@code signals}, failing if the first of them (an item, or the end) has not come within {@code deadline}. */
    private static <T> Flux<T> firstWithin(Publisher<T> signals, Duration deadline) {
        return Flux.from(signals).timeout(Mono.delay(deadline), signal -> Mono.never());
    }
}
