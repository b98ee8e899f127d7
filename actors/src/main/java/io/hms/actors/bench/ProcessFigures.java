package io.hms.actors.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The running JVM's own figures for {@link SyncStats}: process CPU, peak RSS, thread starts, and the
 * peak of live heap — the heap in use right after each collection, followed through the collectors'
 * notifications from {@link #start()} on.
 */
public final class ProcessFigures {
    private final AtomicLong peakHeapAfterGc = new AtomicLong();
    private final Set<String> heapPools;

    private ProcessFigures() {
        this.heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getName)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Starts following collections. */
    public static ProcessFigures start() {
        ProcessFigures figures = new ProcessFigures();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(
                        (n, handback) -> {
                            if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                                figures.onCollection(
                                        GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()));
                            }
                        },
                        null,
                        null);
            }
        }
        return figures;
    }

    private void onCollection(GarbageCollectionNotificationInfo info) {
        long live = 0;
        for (Map.Entry<String, MemoryUsage> pool :
                info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(pool.getKey())) {
                live += pool.getValue().getUsed();
            }
        }
        peakHeapAfterGc.accumulateAndGet(live, Math::max);
    }

    /** The figures now, for a sync that applied {@code transactions} in {@code syncTime}. */
    public SyncStats snapshot(boolean synced, long transactions, long bytesReceived, Duration syncTime) {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Instant started =
                Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
        long gcs = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount)
                .sum();
        return new SyncStats(
                synced,
                transactions,
                bytesReceived,
                syncTime.toNanos() / 1e9,
                Duration.between(started, Instant.now()).toNanos() / 1e9,
                os.getProcessCpuTime() / 1e9,
                peakHeapAfterGc.get(),
                vmHwm(),
                ManagementFactory.getThreadMXBean().getTotalStartedThreadCount(),
                gcs);
    }

    /** {@code VmHWM} of /proc/self/status in bytes; -1 where there is none. */
    static long vmHwm() {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return -1;
        }
        try {
            List<String> lines = Files.readAllLines(status);
            for (String line : lines) {
                if (line.startsWith("VmHWM:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024; // kB
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
