package io.hms.engine.sync.peers;

import java.time.Duration;
import java.util.Objects;

/**
 * How a cluster spreads its requests over its peers ({@code hms.sync.scheduling}).
 *
 * @param initialWindow requests a peer gets at once before anything is measured of it
 * @param maxWindow largest bandwidth-delay window of one peer (it bounds the duplicates it takes); a
 *     request still goes to a peer beyond it when that peer is expected to answer first
 * @param smoothing weight of a new sample in the moving averages (0 &lt; x ≤ 1)
 * @param hedgeFactor a request is duplicated on another peer when it has taken this many times
 *     its expected time, or when what is left of it is this many times the other peer's expected time
 * @param minHedgeDelay a request is never duplicated, nor checked for it, sooner than this after it was sent
 * @param maxHedges duplicates one cluster keeps outstanding at most; 0 disables duplicates
 */
public record SchedulingSettings(
        int initialWindow, int maxWindow, double smoothing, double hedgeFactor, Duration minHedgeDelay, int maxHedges) {

    /** The defaults of {@code reference.conf}. */
    public static final SchedulingSettings DEFAULTS = new SchedulingSettings(2, 8, 0.25, 2.0, Duration.ofMillis(50), 2);

    public SchedulingSettings {
        if (initialWindow < 1 || maxWindow < initialWindow) {
            throw new IllegalArgumentException(
                    "need 1 <= initialWindow <= maxWindow: " + initialWindow + ", " + maxWindow);
        }
        if (!(smoothing > 0 && smoothing <= 1)) {
            throw new IllegalArgumentException("smoothing must be in (0, 1]: " + smoothing);
        }
        if (!(hedgeFactor >= 1)) {
            throw new IllegalArgumentException("hedgeFactor must be at least 1: " + hedgeFactor);
        }
        Objects.requireNonNull(minHedgeDelay, "minHedgeDelay");
        if (minHedgeDelay.isNegative() || minHedgeDelay.isZero()) {
            throw new IllegalArgumentException("minHedgeDelay must be positive: " + minHedgeDelay);
        }
        if (maxHedges < 0) {
            throw new IllegalArgumentException("maxHedges must not be negative: " + maxHedges);
        }
    }

    public SchedulingSettings withMaxHedges(int value) {
        return new SchedulingSettings(initialWindow, maxWindow, smoothing, hedgeFactor, minHedgeDelay, value);
    }
}
