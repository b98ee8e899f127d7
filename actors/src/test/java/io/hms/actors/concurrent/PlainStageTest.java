package io.hms.actors.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import scala.concurrent.Promise;
import scala.jdk.javaapi.FutureConverters;

class PlainStageTest {
    @Test
    void shouldRunCallbacksOnTheCompletingThreadWhenTheStageCameFromScala() throws Exception {
        Promise<String> promise = scala.concurrent.Promise.apply();
        CompletionStage<String> fromScala = FutureConverters.asJava(promise.future());
        CompletableFuture<String> ranOn =
                PlainStage.of(fromScala).thenApply(v -> Thread.currentThread().getName());

        Thread completer = new Thread(() -> promise.success("x"), "the-completer");
        completer.start();
        completer.join();

        assertThat(ranOn.get(10, TimeUnit.SECONDS)).isEqualTo("the-completer");
    }

    @Test
    void shouldPassOnAFailure() {
        Promise<String> promise = scala.concurrent.Promise.apply();
        CompletableFuture<String> plain = PlainStage.of(FutureConverters.asJava(promise.future()));

        promise.failure(new IllegalStateException("boom"));

        assertThat(plain).isCompletedExceptionally();
    }
}
