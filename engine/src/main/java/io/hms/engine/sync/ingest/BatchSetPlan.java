package io.hms.engine.sync.ingest;

import java.util.List;

/** What to do with a verified BatchSetInfo (SPEC §4.7 {@code onEpochReceived}, §0 "Scale"). */
public sealed interface BatchSetPlan permits BatchSetPlan.Outdated, BatchSetPlan.Planned, BatchSetPlan.Unusable {

    /** The info's final block is at or below our head: the cluster ends as Outdated. */
    record Outdated(long finalBlockNumber, long ourHead) implements BatchSetPlan {}

    /**
     * Batch sets to push, in order, never empty, and the epoch's chunks to download, ascending and
     * contiguous, all proved against the info's final block; empty when no leaf is missing. The
     * chunks' leaves, from the first pending batch set's {@code firstLeaf} on, are exactly the
     * pending batch sets' leaves, in order. {@code skipped} batch sets lie at or below our head and
     * are neither downloaded nor pushed.
     */
    record Planned(List<PendingBatchSet> pending, List<ChunkRequest> chunks, int skipped) implements BatchSetPlan {
        public Planned {
            pending = List.copyOf(pending);
            chunks = List.copyOf(chunks);
        }
    }

    /**
     * The info contradicts itself in a way the verifier should have caught (no batch sets, or sizes
     * that shrink). Kept as a value so the planner is total on any input.
     */
    record Unusable(String reason) implements BatchSetPlan {}
}
