package io.hms.actors.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
    static final Duration MIN = Duration.ofMillis(500);
    static final Duration MAX = Duration.ofSeconds(30);

    /** A Random whose nextDouble() returns the given values in turn. */
    static Random fixed(double... values) {
        return new Random() {
            int i;

            @Override
            public double nextDouble() {
                return values[i++ % values.length];
            }
        };
    }

    static List<Duration> delays(Backoff b, int n) {
        List<Duration> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(b.next());
        }
        return out;
    }

    @Test
    void shouldDoubleUpToTheMaximumWhenThereIsNoRandomPart() {
        Backoff b = new Backoff(MIN, MAX, 0, new Random(1));

        assertThat(delays(b, 9))
                .extracting(Duration::toMillis)
                .containsExactly(500L, 1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L, 30000L);
    }

    @Test
    void shouldStretchEachDelayByOnePlusRTimesTheFactorWhenRandom() {
        Backoff b = new Backoff(MIN, MAX, 0.2, fixed(0.0, 0.5, 0.75));

        assertThat(delays(b, 3))
                .containsExactly(Duration.ofMillis(500), Duration.ofMillis(1100), Duration.ofMillis(2300));
    }

    @Test
    void shouldStayWithinTheFactorWhateverTheRandomDraws() {
        Backoff b = new Backoff(MIN, MAX, 0.2, new Random(42));
        Duration base = MIN;
        for (Duration d : delays(b, 20)) {
            assertThat(d).isBetween(base, Duration.ofNanos((long) (base.toNanos() * 1.2)));
            base = base.multipliedBy(2).compareTo(MAX) > 0 ? MAX : base.multipliedBy(2);
        }
    }

    @Test
    void shouldSpreadTheRedialsOfNodesThatLostThePeerTogetherWhenRandom() {
        List<Duration> firstDelays = new ArrayList<>();
        for (long seed = 0; seed < 10; seed++) {
            firstDelays.add(new Backoff(MIN, MAX, 0.2, new Random(seed)).next());
        }

        assertThat(firstDelays).doesNotHaveDuplicates();
    }

    @Test
    void shouldStartAgainFromTheMinimumWhenReset() {
        Backoff b = new Backoff(MIN, MAX, 0, new Random(1));
        delays(b, 4);

        b.reset();

        assertThat(b.next()).isEqualTo(MIN);
    }

    @Test
    void shouldRefuseANegativeFactor() {
        assertThatThrownBy(() -> new Backoff(MIN, MAX, -0.1, new Random(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
