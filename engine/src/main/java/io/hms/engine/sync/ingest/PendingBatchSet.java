package io.hms.engine.sync.ingest;

import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.MacroBlock;
import io.hms.verifier.mmr.LeafHashes;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A batch set to download (SPEC §4.7 "pending entry"): the leaves of its epoch from {@code
 * firstLeaf} up to the block's verified size. The leaves come out of the epoch's chunks, which are
 * all proved against the info's final block ({@link BatchSetPlan.Planned#chunks()}), so a batch set
 * receives exactly its own share and no leaf is fetched twice.
 *
 * @param block the batch-set macro block, verified
 * @param batchIndex position of the batch set in its BatchSetInfo
 * @param epoch epoch of {@code block}
 * @param firstLeaf first leaf to receive: what we hold for the first pending batch set of an info,
 *     else the size of the pending batch set before it; not chunk-aligned
 * @param totalLeaves the epoch's leaf count at {@code block}
 * @param chainProof how {@code block} links to the info's justified final block; empty for the
 *     final block itself, which carries its own justification
 */
public record PendingBatchSet(
        MacroBlock block,
        int batchIndex,
        long epoch,
        long firstLeaf,
        long totalLeaves,
        Optional<ChainProof> chainProof) {

    public PendingBatchSet {
        Objects.requireNonNull(block, "block");
        Objects.requireNonNull(chainProof, "chainProof");
        if (firstLeaf < 0 || firstLeaf > totalLeaves) {
            throw new IllegalArgumentException("first leaf " + firstLeaf + " outside 0.." + totalLeaves);
        }
    }

    /** {@code totalLeaves − firstLeaf}: the items the batch set is complete with. */
    public long expectedItems() {
        return totalLeaves - firstLeaf;
    }

    public long blockNumber() {
        return block.blockNumber();
    }

    /**
     * The batch set ready for the store with {@code items} and their {@code hashes}: its leaves, or
     * none if they were staged.
     */
    public CompleteBatchSet complete(List<HistoricTransaction> items, LeafHashes hashes) {
        return new CompleteBatchSet(block, firstLeaf, items, batchIndex, epoch, chainProof, hashes);
    }
}
