package io.hms.engine.sync.ingest;

import io.hms.protocol.model.HistoricTransaction;
import java.util.List;
import java.util.Objects;

/** What the {@link BatchSetSplitter} hands on, in the order the store must see it. */
public sealed interface SplitOutput permits SplitOutput.Stage, SplitOutput.Release {

    /**
     * Leaves {@code [firstLeaf, firstLeaf + |items|)} of a batch set too large to hold in memory, to
     * be staged in the store; its {@link Release} with {@code staged} follows its last leaves.
     */
    record Stage(PendingBatchSet batchSet, long firstLeaf, List<HistoricTransaction> items) implements SplitOutput {
        public Stage {
            Objects.requireNonNull(batchSet, "batchSet");
            items = List.copyOf(items);
        }
    }

    /**
     * A batch set with all its leaves: in {@code batchSet.items()}, or — if {@code staged} — staged
     * before by {@link Stage} outputs, the batch set then carrying none.
     */
    record Release(CompleteBatchSet batchSet, boolean staged) implements SplitOutput {
        public Release {
            Objects.requireNonNull(batchSet, "batchSet");
        }
    }
}
