package io.hms.engine.sync.ingest;

import io.hms.protocol.Policy;
import io.hms.protocol.message.BatchSet;
import io.hms.protocol.message.BatchSetInfo;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.model.MacroHeader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Turns a verified BatchSetInfo into the batch sets to push and the chunks to download (SPEC §4.7
 * {@code onEpochReceived} as changed by §0 "Scale"): every chunk of the epoch is proved against
 * the info's final block, whose root and size were verified, and each pending batch set receives
 * exactly its own leaves {@code [S_previous, S_i)} out of them. Each leaf is thus fetched once per
 * epoch. The original planned each batch set from a chunk-aligned offset against its own root, so
 * the chunk straddling two batch sets travelled once per batch set: at mainnet geometry (720 small
 * batch sets per epoch) the same 1024 leaves many times. Intermediate roots are not lost: {@code
 * pushHistorySync} recomputes every batch set's root from its leaves and refuses a mismatch.
 *
 * <p>A batch set other than the final block carries no justification (protocol version 2); it is
 * handed its {@link ChainProof}, the justified final block and the headers between, which the
 * verifier already checked as the info's hash chain.
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
 *       head, which the store answers Known and the cluster then fails (SPEC §7.2 item 18).
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
        Optional<MacroBlock> anchor = verified.finalMacroBlock();
        List<BatchSet> sets = verified.batchSets();
        if (anchor.isEmpty() || sets.isEmpty()) {
            return new BatchSetPlan.Unusable("no batch sets");
        }
        long finalNumber = anchor.get().blockNumber();
        if (finalNumber <= ourHead) {
            return new BatchSetPlan.Outdated(finalNumber, ourHead);
        }
        long epoch = policy.epochAt(finalNumber);
        int last = sets.size() - 1;
        List<MacroHeader> chain = chainBelowFinal(verified);
        List<PendingBatchSet> pending = new ArrayList<>();
        int skipped = 0;
        long previous = 0;
        long previousPending = 0;
        for (int i = 0; i <= last; i++) {
            MacroBlock block = sets.get(i).macroBlock();
            long size = sets.get(i).historyLen().size();
            if (size < previous) {
                return new BatchSetPlan.Unusable("batch set " + i + " has " + size + " leaves, fewer than " + previous);
            }
            previous = size;
            if (block.blockNumber() <= ourHead) {
                skipped++;
                continue;
            }
            long first = Math.min(size, Math.max(knownInEpoch, previousPending));
            Optional<ChainProof> proof =
                    i == last ? Optional.empty() : Optional.of(chainProof(anchor.get(), chain, block));
            pending.add(new PendingBatchSet(block, i, epoch, first, size, proof));
            previousPending = size;
        }
        return new BatchSetPlan.Planned(pending, chunks(epoch, sets.get(last), pending), skipped);
    }

    /**
     * The chunks holding the pending batch sets' leaves, proved against the final block: from the
     * chunk holding the first missing leaf to the last, {@code [i·chunkSize, min((i+1)·chunkSize,
     * S_final))} each.
     */
    private List<ChunkRequest> chunks(long epoch, BatchSet finalSet, List<PendingBatchSet> pending) {
        Optional<PendingBatchSet> firstWithLeaves =
                pending.stream().filter(p -> p.expectedItems() > 0).findFirst();
        if (firstWithLeaves.isEmpty()) {
            return List.of();
        }
        MacroBlock block = finalSet.macroBlock();
        long size = finalSet.historyLen().size();
        List<ChunkRequest> out = new ArrayList<>();
        long end = (size + chunkSize - 1) / chunkSize;
        for (long c = firstWithLeaves.get().firstLeaf() / chunkSize; c < end; c++) {
            out.add(new ChunkRequest(
                    epoch, block.blockNumber(), c, block.header().historyRoot(), size, chunkSize));
        }
        return out;
    }

    /** Headers of the batch sets but the last and of the links, ascending: every macro block below the final one. */
    private static List<MacroHeader> chainBelowFinal(BatchSetInfo info) {
        List<MacroHeader> headers =
                new ArrayList<>(info.batchSets().size() + info.links().size());
        List<BatchSet> sets = info.batchSets();
        for (int i = 0; i < sets.size() - 1; i++) {
            headers.add(sets.get(i).macroBlock().header());
        }
        headers.addAll(info.links());
        headers.sort(Comparator.comparingLong(MacroHeader::blockNumber));
        return List.copyOf(headers);
    }

    /** The headers above {@code block} in {@code chain}, as a view: no copy per batch set. */
    private static ChainProof chainProof(MacroBlock anchor, List<MacroHeader> chain, MacroBlock block) {
        int lo = 0;
        int hi = chain.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (chain.get(mid).blockNumber() <= block.blockNumber()) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return new ChainProof(anchor, chain.subList(lo, chain.size()));
    }
}
