package io.hms.actors.concurrent;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Turns a stage Pekko hands out (a Scala future converted to Java: a queue offer, a stream's
 * termination, a bind) into a plain {@link CompletableFuture}. Scala's converted stage runs even
 * {@code thenApply}, {@code handle} and {@code whenComplete} callbacks on the JDK's default async
 * executor, which on a machine with fewer than 3 cores starts a new thread for every callback; the
 * plain future runs its non-async callbacks on the completing thread, as the JDK documents. The
 * single hop here runs on the completing thread too ({@link #ON_COMPLETING_THREAD}) and only
 * completes the plain future.
 */
public final class PlainStage {
    /** Runs a task on the thread that completed the stage; used only to complete a plain future. */
    private static final Executor ON_COMPLETING_THREAD = Runnable::run;

    private PlainStage() {}

    public static <T> CompletableFuture<T> of(CompletionStage<T> stage) {
        CompletableFuture<T> plain = new CompletableFuture<>();
        stage.whenCompleteAsync(
                (value, failure) -> {
                    if (failure != null) {
                        plain.completeExceptionally(failure);
                    } else {
                        plain.complete(value);
                    }
                },
                ON_COMPLETING_THREAD);
        return plain;
    }
}
