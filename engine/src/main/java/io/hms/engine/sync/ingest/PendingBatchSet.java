package io.hms.engine.sync.ingest;

import io.hms.protocol.model.MacroBlock;
import java.util.List;
import java.util.Objects;

/**
 * A batch set to download (SPEC §4.7 "pending entry"): the history of its epoch from the
 * chunk-aligned {@code startLeaf} up to the block's verified size, fetched as {@code chunks}.
 *
 * @param block the batch-set macro block, verified
 * @param batchIndex position of the batch set in its BatchSetInfo
 * @param epoch epoch of {@code block}
 * @param startLeaf first leaf to download, a multiple of the chunk size; items below it are ours already
 * @param totalLeaves the epoch's leaf count at {@code block}
 * @param chunks the chunk requests, ascending and contiguous; empty when nothing is to be downloaded
 */
public record PendingBatchSet(
    MacroBlock block, int batchIndex, long epoch, long startLeaf, long totalLeaves, List<ChunkRequest> chunks) {

  public PendingBatchSet {
    Objects.requireNonNull(block, "block");
    chunks = List.copyOf(chunks);
    if (startLeaf < 0 || startLeaf > totalLeaves) {
      throw new IllegalArgumentException("start " + startLeaf + " outside 0.." + totalLeaves);
    }
  }

  /** {@code totalLeaves − startLeaf}: the items the batch set is complete with. */
  public long expectedItems() {
    return totalLeaves - startLeaf;
  }

  public long blockNumber() {
    return block.blockNumber();
  }
}
