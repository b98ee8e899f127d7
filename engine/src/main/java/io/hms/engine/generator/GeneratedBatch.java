package io.hms.engine.generator;

import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.MacroBlock;
import java.util.List;

/**
 * One batch of a generated chain: its closing macro block (checkpoint or election) and the history
 * items recorded in the batch, which occupy leaves {@code firstLeafIndex ..} of the epoch's tree.
 * The block's history root covers every leaf of the epoch up to the last of {@code items}.
 */
public record GeneratedBatch(MacroBlock block, long firstLeafIndex, List<HistoricTransaction> items) {
    public GeneratedBatch {
        items = List.copyOf(items);
    }

    /** Leaves of the epoch's history tree at this block. */
    public long historyLength() {
        return firstLeafIndex + items.size();
    }
}
