package io.hms.actors.wire;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * What this JVM's {@link WireSerializer} wrote: the payload bytes of every message that crossed to
 * another node (Artery adds its own envelope and framing on top). A clustered process prints one line
 * with the totals to stderr when it exits ({@code hms wire: ...}), so the bytes on the cluster link
 * per synced transaction are measured, not estimated (docs/BENCHMARKS.md "Workers on Pekko Cluster").
 */
public final class WireTraffic {
    private static final LongAdder BYTES = new LongAdder();
    private static final LongAdder MESSAGES = new LongAdder();
    private static final AtomicBoolean HOOKED = new AtomicBoolean();

    private WireTraffic() {}

    static void wrote(int bytes) {
        BYTES.add(bytes);
        MESSAGES.increment();
        if (HOOKED.compareAndSet(false, true)) {
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> System.err.printf(
                                    "hms wire: %d bytes in %d messages serialized by this JVM%n", bytes(), messages()),
                            "hms-wire-traffic"));
        }
    }

    /** Payload bytes serialized so far. */
    public static long bytes() {
        return BYTES.sum();
    }

    /** Messages serialized so far. */
    public static long messages() {
        return MESSAGES.sum();
    }
}
