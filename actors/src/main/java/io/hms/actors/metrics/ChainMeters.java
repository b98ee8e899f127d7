package io.hms.actors.metrics;

import io.hms.engine.store.ChainView;
import io.hms.protocol.Policy;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where the node's chain stands, for "% synced" on a dashboard: {@code hms_head_block} (our macro
 * head), {@code hms_sync_target_block} (the highest macro block a sync cluster leads to, at least our
 * head), {@code hms_epochs_synced} (complete epochs in the store) and {@code hms_epochs_target}
 * (complete epochs up to the target). All count from genesis, so a resumed sync shows where the chain
 * is, not where the run started. NaN until a chain is watched.
 */
final class ChainMeters {
    private final AtomicReference<ChainView> chain = new AtomicReference<>();
    private final AtomicLong target = new AtomicLong();

    ChainMeters(MeterRegistry registry) {
        Gauge.builder("hms.head.block", this, m -> m.head())
                .description("Block number of our macro head (the last applied macro block)")
                .register(registry);
        Gauge.builder("hms.sync.target.block", this, m -> m.target())
                .description("Highest macro block a sync cluster leads to (our head when nothing is to sync)")
                .register(registry);
        Gauge.builder("hms.epochs.synced", this, m -> m.epochsSynced())
                .description("Complete epochs in the store (our election head's epoch)")
                .register(registry);
        Gauge.builder("hms.epochs.target", this, m -> m.epochsTarget())
                .description("Complete epochs up to the sync target block")
                .register(registry);
    }

    /** Watches {@code view}; only the first chain counts (a process runs one node's meters). */
    void watch(ChainView view) {
        chain.compareAndSet(null, view);
    }

    void targetBlock(long blockNumber) {
        target.accumulateAndGet(blockNumber, Math::max);
    }

    private double head() {
        ChainView c = chain.get();
        return c == null ? Double.NaN : c.headBlockNumber();
    }

    private double target() {
        ChainView c = chain.get();
        return c == null ? Double.NaN : Math.max(target.get(), c.headBlockNumber());
    }

    private double epochsSynced() {
        ChainView c = chain.get();
        return c == null
                ? Double.NaN
                : c.spec().policy().epochAt(c.electionHead().blockNumber());
    }

    private double epochsTarget() {
        ChainView c = chain.get();
        if (c == null) {
            return Double.NaN;
        }
        Policy policy = c.spec().policy();
        long block = (long) target();
        long epoch = policy.epochAt(block);
        return Math.max(epochsSynced(), policy.isElectionBlockAt(block) ? epoch : epoch - 1);
    }
}
