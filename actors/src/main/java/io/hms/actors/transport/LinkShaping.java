package io.hms.actors.transport;

import java.time.Duration;

/**
 * Makes a loopback link behave like a far-away one: every frame we send waits {@code latency}
 * before it leaves, and the bytes we send are paced to {@code bytesPerSecond}. Applied to the
 * outbound direction of every connection of a node ({@code hms serve --latency --bandwidth}).
 *
 * @param latency added to every outbound frame; zero for none
 * @param bytesPerSecond outbound pace; 0 for unlimited
 */
public record LinkShaping(Duration latency, long bytesPerSecond) {
    public static final LinkShaping NONE = new LinkShaping(Duration.ZERO, 0);

    public LinkShaping {
        if (latency == null || latency.isNegative() || bytesPerSecond < 0) {
            throw new IllegalArgumentException("latency and bandwidth must not be negative");
        }
    }

    /** From the command line's units: milliseconds and megabits per second (0 = unlimited). */
    public static LinkShaping of(long latencyMs, double megabitsPerSecond) {
        return new LinkShaping(Duration.ofMillis(latencyMs), Math.round(megabitsPerSecond * 1_000_000 / 8));
    }

    public boolean isNone() {
        return latency.isZero() && bytesPerSecond == 0;
    }
}
