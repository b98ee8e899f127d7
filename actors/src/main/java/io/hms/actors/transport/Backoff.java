package io.hms.actors.transport;

import java.time.Duration;
import java.util.Random;

/**
 * Redial delays as Pekko's {@code RestartSettings.create(min, max, randomFactor)} computes them:
 * {@code min(max, min · 2^n) · (1 + r · randomFactor)} for the n-th failure since the last reset,
 * with {@code r} uniform in [0, 1). The random part spreads the redials of nodes that lost a peer
 * at the same moment; reset after a connection got through its handshake. Not thread-safe; one per
 * dialed address.
 */
final class Backoff {
    private final Duration min;
    private final Duration max;
    private final double randomFactor;
    private final Random random;
    private Duration base;

    Backoff(Duration min, Duration max, double randomFactor, Random random) {
        if (randomFactor < 0) {
            throw new IllegalArgumentException("randomFactor must not be negative: " + randomFactor);
        }
        this.min = min;
        this.max = max;
        this.randomFactor = randomFactor;
        this.random = random;
        this.base = min;
    }

    /** The delay before the next attempt; each call doubles the following one's base, capped at {@code max}. */
    Duration next() {
        Duration current = base;
        Duration doubled = base.multipliedBy(2);
        base = doubled.compareTo(max) > 0 ? max : doubled;
        double jitter = 1 + random.nextDouble() * randomFactor;
        return Duration.ofNanos(Math.round(current.toNanos() * jitter));
    }

    void reset() {
        base = min;
    }
}
