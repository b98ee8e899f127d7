package io.hms.actors.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a syncing process reports about itself at exit ({@code hms sync --stats-json FILE}), read by
 * {@code hms bench}. Figures of the whole process: start-up and shut-down included.
 *
 * @param synced whether the sync reached a Good peer's head
 * @param transactions historic transactions applied by this run
 * @param bytesReceived bytes received on all TCP connections
 * @param syncSeconds from the start of the sync to the first Synced (the sync phase)
 * @param processSeconds from the JVM's start to the report
 * @param cpuSeconds CPU time of the whole process (user and system, all threads)
 * @param peakHeapAfterGcBytes the largest heap in use right after a collection (live data; 0 if no GC ran)
 * @param vmHwmBytes resident set size at its peak ({@code VmHWM} of /proc/self/status; -1 where absent)
 * @param threadsStarted threads started since the JVM started ({@code ThreadMXBean.getTotalStartedThreadCount})
 * @param gcCount collections of all collectors
 */
public record SyncStats(
        boolean synced,
        long transactions,
        long bytesReceived,
        double syncSeconds,
        double processSeconds,
        double cpuSeconds,
        long peakHeapAfterGcBytes,
        long vmHwmBytes,
        long threadsStarted,
        long gcCount) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public void write(Path file) throws IOException {
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this));
    }

    public static SyncStats read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), SyncStats.class);
    }
}
