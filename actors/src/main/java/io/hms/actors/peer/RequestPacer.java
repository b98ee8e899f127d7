package io.hms.actors.peer;

import io.hms.actors.settings.SyncActorSettings.Pacing;
import java.time.Clock;
import java.time.Duration;

/**
 * How hard we may press one peer: an in-flight window and a pause, adjusted by the peer's {@code
 * RATE_LIMITED} and {@code BUSY} answers (SPEC §0 "Scale": the answer tells the client to pace that peer). A
 * rate-limited answer halves the window (down to 1) and pauses all sends for a delay that starts at
 * {@code minDelay} and doubles on every further one, up to {@code maxDelay}; each answered request
 * widens the window by one (up to {@code maxInFlight}) and halves the delay (below {@code minDelay}
 * it is gone). Requests already in flight when the peer first refused are likely refused too, so
 * only a refusal of a request sent after the last slow-down slows down again ({@link #generation}).
 * Plain and single-threaded: the {@link PeerActor} owns one and executes its decisions with timers.
 */
final class RequestPacer {
    private final Pacing pacing;
    private final int maxInFlight;
    private final Clock clock;
    private int window;
    private long delayMillis;
    private long pausedUntil = Long.MIN_VALUE;
    private long generation;

    RequestPacer(Pacing pacing, int maxInFlight, Clock clock) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be positive: " + maxInFlight);
        }
        this.pacing = pacing;
        this.maxInFlight = maxInFlight;
        this.clock = clock;
        this.window = maxInFlight;
    }

    /** Stamp for a request sent now; hand it back to {@link #rateLimited} if the peer refuses it. */
    long generation() {
        return generation;
    }

    /** Whether one more request may go out now, with {@code inFlight} outstanding. */
    boolean mayStart(int inFlight) {
        return inFlight < window && pauseLeft().isZero();
    }

    /** Time until sends may resume; zero when not paused. */
    Duration pauseLeft() {
        long now = clock.millis();
        return now >= pausedUntil ? Duration.ZERO : Duration.ofMillis(pausedUntil - now);
    }

    int window() {
        return window;
    }

    /** The peer refused a request sent in {@code sentIn}; true if this slowed us down. */
    boolean rateLimited(long sentIn) {
        if (sentIn != generation) {
            return false;
        }
        generation++;
        long min = pacing.minDelay().toMillis();
        delayMillis = delayMillis == 0
                ? min
                : Math.min(2 * delayMillis, pacing.maxDelay().toMillis());
        window = Math.max(1, window / 2);
        pausedUntil = clock.millis() + delayMillis;
        return true;
    }

    /** The peer answered a request (any answer but a refusal): speed up again. */
    void answered() {
        window = Math.min(maxInFlight, window + 1);
        delayMillis = delayMillis / 2 < pacing.minDelay().toMillis() ? 0 : delayMillis / 2;
    }
}
