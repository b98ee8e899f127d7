package io.hms.engine.sync.ingest;

import io.hms.protocol.Policy;
import io.hms.protocol.message.BatchSet;
import io.hms.protocol.message.BatchSetInfo;
import io.hms.protocol.model.MacroBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns a verified BatchSetInfo into the batch sets and chunks to download (SPEC §4.7
 * {@code onEpochReceived}). Each batch set is downloaded from a chunk-aligned offset, so the chunk
 * straddling two batch sets is fetched twice, proved against each block's root.
 *
 * <p>Differences from the original:
 *
 * <ul>
 *   <li>{@code knownInEpoch} counts only leaves finalized in the batch sets' own epoch; see {@link
 *       #knownInEpoch}. The original used the previous epoch's count when our head was in the first
 *       batch of a new epoch (SPEC §7.2 item 17).
 *   <li>A batch set is skipped iff its block is at or below our head: we hold exactly those. The
 *       original skipped when {@code S > 0 ∧ known ≥ S}, which skips the final block (never pushing
 *       it) when no history follows our macro head, and pushed empty batch sets at or below our
 *       head, which the store answers Known and the cluster then fails.
 * </ul>
 */
public final class BatchSetPlanner {
  private final Policy policy;
  private final int chunkSize;

  public BatchSetPlanner(Policy policy, int chunkSize) {
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunkSize must be positive: " + chunkSize);
    }
    this.policy = policy;
    this.chunkSize = chunkSize;
  }

  /**
   * Leaves of {@code targetEpoch} we have finalized: the leaf count at our last macro block if that
   * block lies in {@code targetEpoch}, else 0. With our head in the first batch of epoch e+1 the
   * last macro block is the election block of epoch e, so the answer is 0.
   *
   * @param lastMacroBlock number of our latest macro block (our macro head)
   * @param leavesAtLastMacroBlock leaves of its epoch's history tree at that block
   */
  public static long knownInEpoch(Policy policy, long targetEpoch, long lastMacroBlock, long leavesAtLastMacroBlock) {
    return policy.epochAt(lastMacroBlock) == targetEpoch ? leavesAtLastMacroBlock : 0;
  }

  /**
   * @param verified a BatchSetInfo that passed verification
   * @param ourHead our head block number
   * @param knownInEpoch leaves of the info's epoch we have finalized ({@link #knownInEpoch})
   */
  public BatchSetPlan plan(BatchSetInfo verified, long ourHead, long knownInEpoch) {
    Optional<MacroBlock> finalBlock = verified.finalMacroBlock();
    if (finalBlock.isEmpty() || verified.batchSets().isEmpty()) {
      return new BatchSetPlan.Unusable("no batch sets");
    }
    long finalNumber = finalBlock.get().blockNumber();
    if (finalNumber <= ourHead) {
      return new BatchSetPlan.Outdated(finalNumber, ourHead);
    }
    long epoch = policy.epochAt(finalNumber);
    List<PendingBatchSet> pending = new ArrayList<>();
    int skipped = 0;
    long processed = 0;
    List<BatchSet> sets = verified.batchSets();
    for (int i = 0; i < sets.size(); i++) {
      MacroBlock block = sets.get(i).macroBlock();
      long size = sets.get(i).historyLen().size();
      if (size < processed) {
        return new BatchSetPlan.Unusable("batch set " + i + " has " + size + " leaves, fewer than " + processed);
      }
      if (block.blockNumber() <= ourHead) {
        skipped++;
        processed = size;
        continue;
      }
      long offset = align(processed);
      long start = Math.max(offset, align(Math.min(knownInEpoch, size)));
      pending.add(new PendingBatchSet(block, i, epoch, start, size, chunks(epoch, block, start, size)));
      processed = size;
    }
    return new BatchSetPlan.Planned(pending, skipped);
  }

  private long align(long leaves) {
    return leaves / chunkSize * chunkSize;
  }

  private List<ChunkRequest> chunks(long epoch, MacroBlock block, long start, long size) {
    List<ChunkRequest> out = new ArrayList<>();
    long end = (size + chunkSize - 1) / chunkSize;
    for (long c = start / chunkSize; c < end; c++) {
      out.add(new ChunkRequest(epoch, block.blockNumber(), c, block.header().historyRoot(), size, chunkSize));
    }
    return out;
  }
}
