package io.hms.actors.transport;

import java.time.Duration;

/**
 * Makes a loopback link behave like a far-away or a failing one, for every connection of a node
 * ({@code hms serve --latency --bandwidth --silent}). Only our answers are delayed: the Hello and our
 * own requests leave at once, so a peer with a latency beyond the handshake timeout still connects
 * and is then merely slow to answer. The bytes we send are paced to {@code bytesPerSecond}.
 *
 * @param latency added to every response or error answer we send; zero for none
 * @param bytesPerSecond outbound pace; 0 for unlimited
 * @param silent read RequestBatchSet and RequestHistoryChunk and never answer them (the handshake
 *     and RequestMacroChain still are), like a peer that stopped serving but stays connected
 */
public record LinkShaping(Duration latency, long bytesPerSecond, boolean silent) {
    public static final LinkShaping NONE = new LinkShaping(Duration.ZERO, 0, false);

    public LinkShaping {
        if (latency == null || latency.isNegative() || bytesPerSecond < 0) {
            throw new IllegalArgumentException("latency and bandwidth must not be negative");
        }
    }

    /** From the command line's units: milliseconds and megabits per second (0 = unlimited). */
    public static LinkShaping of(long latencyMs, double megabitsPerSecond) {
        return new LinkShaping(Duration.ofMillis(latencyMs), Math.round(megabitsPerSecond * 1_000_000 / 8), false);
    }

    /** The same link, silent (or not) to batch-set and chunk requests. */
    public LinkShaping withSilent(boolean value) {
        return new LinkShaping(latency, bytesPerSecond, value);
    }

    public boolean isNone() {
        return latency.isZero() && bytesPerSecond == 0 && !silent;
    }
}
