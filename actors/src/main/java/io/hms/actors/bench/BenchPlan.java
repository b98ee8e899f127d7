package io.hms.actors.bench;

import io.hms.engine.generator.GeneratorOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What {@code hms bench} measures: the 1× chain ({@code epochs} epochs plus {@code checkpoints}
 * checkpoint batches of {@code txsPerBatch} unsigned transfers, unit geometry, 4 validators) and
 * the chain {@code scale} times as long (skipped when {@code scale} is 1).
 *
 * @param mainClass the command line's entry point, run by the serving and syncing children
 * @param cache where generated chains are kept between runs
 * @param work where synced stores and the children's logs go (synced stores are deleted after each check)
 * @param syncJvmOptions JVM options of the syncing child (e.g. {@code -Xmx64m})
 * @param timeout a sync taking longer fails (its child is given this as {@code --timeout})
 */
public record BenchPlan(
        String mainClass,
        Path cache,
        Path work,
        int epochs,
        int scale,
        int checkpoints,
        int txsPerBatch,
        long seed,
        List<String> syncJvmOptions,
        Duration timeout) {
    /** Far-away peers: latency in ms and bandwidth in megabits per second (8, 4, 2 and 1 MB/s). */
    static final List<List<String>> FAR_PEERS = List.of(
            List.of("--latency", "10", "--bandwidth", "64"),
            List.of("--latency", "25", "--bandwidth", "32"),
            List.of("--latency", "50", "--bandwidth", "16"),
            List.of("--latency", "100", "--bandwidth", "8"));
    /** The far peers' bandwidths together, MB/s (10^6 bytes). */
    static final double FAR_AGGREGATE_MBPS = (64 + 32 + 16 + 8) / 8.0;

    public BenchPlan {
        syncJvmOptions = List.copyOf(syncJvmOptions);
        if (epochs < 1 || scale < 1 || checkpoints < 0 || txsPerBatch < 1) {
            throw new IllegalArgumentException("epochs, scale and txs per batch must be at least 1");
        }
    }

    GeneratorOptions chain(int times) {
        return GeneratorOptions.defaults(seed)
                .withShape(epochs * times, checkpoints)
                .withTransactions(txsPerBatch, 0.0, false)
                .withSignTransfers(false);
    }
}
