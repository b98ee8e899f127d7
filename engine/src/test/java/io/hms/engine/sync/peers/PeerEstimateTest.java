package io.hms.engine.sync.peers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PeerEstimateTest {
    static final long MS = 1_000_000;
    final SchedulingSettings settings = SchedulingSettings.DEFAULTS;
    final PeerEstimate e = new PeerEstimate(settings);

    /** A peer behind {@code rttMs} whose link sends one answer per {@code serviceMs}, kept busy. */
    long pipeline(long rttMs, long serviceMs, int answers) {
        long linkFree = 0;
        long now = 0;
        for (int i = 0; i < answers; i++) {
            // requests are sent ahead of time, so the link never idles: answers arrive serviceMs apart
            long sent = Math.max(0, now - rttMs * MS);
            long arrives = Math.max(sent + rttMs * MS, linkFree) + serviceMs * MS;
            linkFree = arrives;
            e.answered(sent, arrives);
            now = arrives;
        }
        return now;
    }

    @Test
    void shouldStartWithTheInitialWindowWhenNothingIsMeasured() {
        assertThat(e.measured()).isFalse();
        assertThat(e.window()).isEqualTo(settings.initialWindow());
    }

    @Test
    void shouldSizeTheWindowByBandwidthTimesDelayWhenMeasured() {
        pipeline(40, 10, 50); // 100 answers/s, min round trip 50 ms: 5 answers fill the pipe

        assertThat(e.rate()).isBetween(99.0, 101.0);
        assertThat(e.minRttNanos()).isEqualTo(50 * MS);
        assertThat(e.window()).isEqualTo(6);
    }

    @Test
    void shouldCapTheWindowAtTheMaximumWhenThePipeIsLong() {
        pipeline(400, 10, 50);

        assertThat(e.window()).isEqualTo(settings.maxWindow());
    }

    @Test
    void shouldHalveTheWindowAndGoSuspectWhenARequestTimesOut() {
        long last = pipeline(40, 10, 50);

        e.timedOut();

        assertThat(e.suspect()).isTrue();
        assertThat(e.window()).as("one probe at a time").isEqualTo(1);
        e.answered(last - 40 * MS, last + 10 * MS);
        assertThat(e.suspect()).isFalse();
        assertThat(e.window()).as("cap halved from 8 to 4, then one answer: 5").isEqualTo(5);
    }

    @Test
    void shouldShrinkTheWindowWithoutSuspicionWhenOverloaded() {
        pipeline(40, 10, 50);

        e.overloaded();

        assertThat(e.suspect()).isFalse();
        assertThat(e.window()).isEqualTo(4);
    }

    @Test
    void shouldNotJumpWhenSeveralAnswersArriveTogether() {
        long last = pipeline(40, 10, 50);

        for (int i = 0; i < 3; i++) {
            e.answered(last - 50 * MS, last); // three more at the same instant as the last one
        }

        assertThat(e.rate()).as("a mean of 1/interval would be infinite").isBetween(100.0, 400.0);
    }
}
