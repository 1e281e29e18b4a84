package io.sigillum.signer.pool;

import io.sigillum.signer.SignerException;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * A unit of queued work: the body runs on a worker and returns how to publish its result to {@code owner} (a batch
 * owns several tasks).
 * A task whose owner is already done (failed, timed out, cancelled) is skipped.
 */
record Task(CompletableFuture<?> owner, long deadlineNanos, Function<Worker, Runnable> body) {

    boolean abandoned() {
        return owner.isDone();
    }

    void fail(SignerException e) {
        owner.completeExceptionally(e);
    }
}
