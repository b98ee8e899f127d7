package io.hms.actors.bench;

/**
 * One line of the bench's table. Rates are per second of the sync phase; CPU is the whole syncing
 * process's (start-up included), or the bound's one thread. Ratios compare with the bound of the
 * same chain: {@code cpuRatio} = CPU per transaction ÷ the bound's, {@code speedRatio} = tx/s ÷ the
 * bound's. Figures that do not apply are null.
 *
 * @param wanFraction MB/s received ÷ the peers' aggregate bandwidth (far-away peers only)
 * @param same the synced store equals its source (heads, transactions, every epoch's history root)
 */
public record BenchRow(
        String scenario,
        String chain,
        String peers,
        boolean same,
        long transactions,
        double megabytes,
        double seconds,
        double txPerSecond,
        double megabytesPerSecond,
        double cpuSeconds,
        double cpuPerMillionTx,
        Double cpuRatio,
        Double speedRatio,
        Double wanFraction,
        Double peakHeapMiB,
        Double rssMiB,
        Long threadsStarted,
        Double processSeconds,
        String note) {
    static final double MB = 1_000_000.0;
    static final double MIB = 1024.0 * 1024.0;

    static BenchRow bound(String chain, BoundRun.Result r) {
        return new BenchRow(
                "bound (1 thread, no network)",
                chain,
                "-",
                true,
                r.transactions(),
                r.wireBytes() / MB,
                r.wallSeconds(),
                r.transactions() / r.wallSeconds(),
                r.wireBytes() / MB / r.wallSeconds(),
                r.cpuSeconds(),
                r.cpuSeconds() / r.transactions() * 1e6,
                1.0,
                1.0,
                null,
                null,
                null,
                null,
                null,
                "");
    }

    static BenchRow sync(
            String scenario, String chain, String peers, SyncRun.Result r, BenchRow bound, Double aggregateMBps) {
        SyncStats s = r.stats();
        double mbps = s.bytesReceived() / MB / s.syncSeconds();
        double txps = s.transactions() / s.syncSeconds();
        double cpuPerM = s.transactions() == 0 ? Double.NaN : s.cpuSeconds() / s.transactions() * 1e6;
        return new BenchRow(
                scenario,
                chain,
                peers,
                r.sameAsSource() && r.exitCode() == 0,
                s.transactions(),
                s.bytesReceived() / MB,
                s.syncSeconds(),
                txps,
                mbps,
                s.cpuSeconds(),
                cpuPerM,
                cpuPerM / bound.cpuPerMillionTx(),
                txps / bound.txPerSecond(),
                aggregateMBps == null ? null : mbps / aggregateMBps,
                s.peakHeapAfterGcBytes() / MIB,
                s.vmHwmBytes() < 0 ? null : s.vmHwmBytes() / MIB,
                s.threadsStarted(),
                s.processSeconds(),
                r.exitCode() == 0 ? "" : "exit " + r.exitCode() + ", see " + r.log());
    }
}
