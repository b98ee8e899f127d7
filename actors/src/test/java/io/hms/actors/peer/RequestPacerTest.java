package io.hms.actors.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.settings.SyncActorSettings.Pacing;
import io.hms.actors.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RequestPacerTest {
    private final MutableClock clock = new MutableClock();
    private final RequestPacer pacer =
            new RequestPacer(new Pacing(Duration.ofMillis(100), Duration.ofMillis(800)), 16, clock);

    @Test
    void shouldAllowTheWholeWindowWhenNeverRateLimited() {
        assertThat(pacer.mayStart(15)).isTrue();
        assertThat(pacer.mayStart(16)).isFalse();
        assertThat(pacer.pauseLeft()).isZero();
    }

    @Test
    void shouldPauseAndHalveTheWindowWhenRateLimited() {
        assertThat(pacer.rateLimited(pacer.generation())).isTrue();

        assertThat(pacer.window()).isEqualTo(8);
        assertThat(pacer.pauseLeft()).isEqualTo(Duration.ofMillis(100));
        assertThat(pacer.mayStart(0)).isFalse();
        clock.advance(Duration.ofMillis(99));
        assertThat(pacer.mayStart(0)).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(pacer.mayStart(7)).isTrue();
        assertThat(pacer.mayStart(8)).isFalse();
    }

    @Test
    void shouldDoubleThePauseUpToTheMaximumWhenRateLimitedAgain() {
        for (long expected : new long[] {100, 200, 400, 800, 800}) {
            assertThat(pacer.rateLimited(pacer.generation())).isTrue();
            assertThat(pacer.pauseLeft()).isEqualTo(Duration.ofMillis(expected));
            clock.advance(Duration.ofMillis(expected));
        }
        assertThat(pacer.window()).isEqualTo(1);
        assertThat(pacer.mayStart(0)).isTrue();
    }

    @Test
    void shouldSlowDownOnlyOnceWhenRequestsSentBeforeTheSlowDownAreRefusedToo() {
        long sent = pacer.generation();
        assertThat(pacer.rateLimited(sent)).isTrue();
        assertThat(pacer.rateLimited(sent)).isFalse();
        assertThat(pacer.rateLimited(sent)).isFalse();

        assertThat(pacer.window()).isEqualTo(8);
        assertThat(pacer.pauseLeft()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void shouldWidenTheWindowAndShortenThePauseWhenAnswered() {
        pacer.rateLimited(pacer.generation());
        pacer.rateLimited(pacer.generation());
        pacer.rateLimited(pacer.generation()); // window 2, delay 400 ms
        clock.advance(Duration.ofSeconds(1));
        pacer.answered(); // window 3, delay 200 ms
        pacer.answered(); // window 4, delay 100 ms
        assertThat(pacer.window()).isEqualTo(4);

        pacer.rateLimited(pacer.generation());
        assertThat(pacer.pauseLeft()).as("doubled from 100 ms").isEqualTo(Duration.ofMillis(200));
        assertThat(pacer.window()).isEqualTo(2);
    }

    @Test
    void shouldForgetThePauseAndRestoreTheWindowWhenAnsweredLongEnough() {
        pacer.rateLimited(pacer.generation());
        clock.advance(Duration.ofMillis(100));
        for (int i = 0; i < 20; i++) {
            pacer.answered();
        }
        assertThat(pacer.window()).isEqualTo(16);

        pacer.rateLimited(pacer.generation());
        assertThat(pacer.pauseLeft()).as("starts again at the minimum").isEqualTo(Duration.ofMillis(100));
    }
}
