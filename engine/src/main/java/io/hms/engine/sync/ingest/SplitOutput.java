package io.hms.engine.sync.ingest;

import io.hms.protocol.model.HistoricTransaction;
import io.hms.verifier.mmr.LeafHashes;
import java.util.List;
import java.util.Objects;

/** What the {@link BatchSetSplitter} hands on, in the order the store must see it. */
public sealed interface SplitOutput permits SplitOutput.Stage, SplitOutput.Release {

    /**
     * Leaves {@code [firstLeaf, firstLeaf + |items|)} of a batch set too large to hold in memory, with
     * their hashes, to be staged in the store; its {@link Release} with {@code staged} follows its
     * last leaves.
     */
    record Stage(PendingBatchSet batchSet, long firstLeaf, List<HistoricTransaction> items, LeafHashes hashes)
            implements SplitOutput {
        public Stage {
            Objects.requireNonNull(batchSet, "batchSet");
            items = List.copyOf(items);
            if (hashes.size() != items.size()) {
                throw new IllegalArgumentException(hashes.size() + " leaf hashes for " + items.size() + " items");
            }
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
