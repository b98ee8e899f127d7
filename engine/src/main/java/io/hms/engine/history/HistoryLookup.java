package io.hms.engine.history;

import io.hms.engine.history.BlockRecord.Kind;
import io.hms.engine.store.ChainView;
import io.hms.engine.store.IndexedTransaction;
import io.hms.engine.store.StoreException;
import io.hms.engine.store.TxLocation;
import io.hms.protocol.Policy;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.proof.RangeProof;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Historical queries over a {@link ChainView}, pure and synchronous: inclusion proofs and the
 * transactions recorded at a block number. A history-synced store may lack some checkpoints of an
 * epoch, so "the block that commits to leaf i" is the lowest <em>stored</em> main-chain macro block
 * at or after the leaf's block in its epoch, and a block's leaves are found by a binary search on
 * block numbers (leaves are in block order) between the stored macro blocks around it.
 */
public final class HistoryLookup {
    /** Leaves read per store call while collecting a block's transactions. */
    private static final int PAGE = 256;

    private final ChainView view;
    private final Policy policy;

    public HistoryLookup(ChainView view) {
        this.view = view;
        this.policy = view.spec().policy();
    }

    /** A stored transaction and where it sits; empty if the store does not hold it (unknown or pruned). */
    public Optional<IndexedTransaction> transaction(Hash txHash) {
        Optional<TxLocation> found = view.findTransaction(txHash);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        TxLocation at = found.get();
        List<HistoricTransaction> leaf = view.history(at.epoch(), at.leafIndex(), 1);
        return leaf.isEmpty() ? Optional.empty() : Optional.of(new IndexedTransaction(at, leaf.get(0)));
    }

    /** The transaction's inclusion proof; empty if the store does not hold it (unknown or pruned). */
    public Optional<InclusionProof> prove(Hash txHash) throws StoreException {
        Optional<IndexedTransaction> found = transaction(txHash);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        TxLocation at = found.get().location();
        List<HistoricTransaction> leaf = List.of(found.get().transaction());
        OptionalLong committing = committingBlock(at.blockNumber());
        if (committing.isEmpty()) {
            return Optional.empty();
        }
        long number = committing.getAsLong();
        Optional<MacroBlock> block = view.mainChainBlockAt(number);
        OptionalLong leaves = view.historyLengthOfBlock(number);
        if (block.isEmpty() || leaves.isEmpty()) {
            return Optional.empty();
        }
        RangeProof proof = view.proveRange(at.epoch(), at.leafIndex(), 1, leaves.getAsLong());
        return Optional.of(new InclusionProof(leaf.get(0), at, block.get(), leaves.getAsLong(), proof));
    }

    /**
     * The lowest stored main-chain macro block at or after {@code blockNumber} in its epoch: the one
     * whose history root first covers what was recorded at {@code blockNumber}.
     */
    public OptionalLong committingBlock(long blockNumber) {
        long epoch = policy.epochAt(blockNumber);
        long m = policy.isMacroBlockAt(blockNumber) ? blockNumber : policy.macroBlockAfter(blockNumber);
        for (; m <= view.headBlockNumber() && policy.epochAt(m) == epoch; m = policy.macroBlockAfter(m)) {
            if (view.historyLengthOfBlock(m).isPresent()) {
                return OptionalLong.of(m);
            }
        }
        return OptionalLong.empty();
    }

    /**
     * The block at {@code number} and up to {@code maxTransactions} transactions recorded at it;
     * empty below genesis, beyond our head, or in a pruned epoch.
     */
    public Optional<BlockRecord> block(long number, int maxTransactions) {
        long genesis = policy.genesisBlockNumber();
        if (number < genesis || number > view.headBlockNumber()) {
            return Optional.empty();
        }
        long epoch = policy.epochAt(number);
        long batch = policy.batchAt(number);
        if (number == genesis) {
            return Optional.of(new BlockRecord(
                    number,
                    Kind.GENESIS,
                    epoch,
                    batch,
                    number,
                    Optional.of(view.spec().genesis()),
                    List.of(),
                    false));
        }
        OptionalLong committing = committingBlock(number);
        if (committing.isEmpty() || epoch < view.firstHistoryEpoch()) {
            return Optional.empty();
        }
        long end = view.historyLengthOfBlock(committing.getAsLong()).orElse(0);
        long start = firstLeafAtOrAfter(epoch, storedLengthBefore(number), end, number);
        List<IndexedTransaction> recorded = new ArrayList<>();
        boolean truncated = false;
        boolean more = true;
        int pageSize = (int) Math.min(PAGE, maxTransactions + 1L);
        for (long leaf = start; more && leaf < end; ) {
            List<HistoricTransaction> page = view.history(epoch, leaf, (int) Math.min(pageSize, end - leaf));
            more = !page.isEmpty();
            for (HistoricTransaction tx : page) {
                if (tx.blockNumber() != number || recorded.size() == maxTransactions) {
                    truncated = tx.blockNumber() == number;
                    more = false;
                    break;
                }
                recorded.add(new IndexedTransaction(new TxLocation(epoch, leaf++, number), tx));
            }
        }
        boolean macro = policy.isMacroBlockAt(number);
        Kind kind = !macro ? Kind.MICRO : policy.isElectionBlockAt(number) ? Kind.ELECTION : Kind.CHECKPOINT;
        Optional<MacroBlock> block = macro ? view.mainChainBlockAt(number) : Optional.empty();
        return Optional.of(new BlockRecord(
                number, kind, epoch, batch, committing.getAsLong(), block, List.copyOf(recorded), truncated));
    }

    /** The leaves of the epoch held by the highest stored main-chain macro block below {@code number} in it. */
    private long storedLengthBefore(long number) {
        long epoch = policy.epochAt(number);
        OptionalLong m = policy.macroBlockBefore(number);
        while (m.isPresent() && policy.epochAt(m.getAsLong()) == epoch) {
            OptionalLong length = view.historyLengthOfBlock(m.getAsLong());
            if (length.isPresent()) {
                return length.getAsLong();
            }
            m = policy.macroBlockBefore(m.getAsLong());
        }
        return 0;
    }

    /** Binary search in {@code [from, to)}: the first leaf whose block number is at least {@code number}. */
    private long firstLeafAtOrAfter(long epoch, long from, long to, long number) {
        long lo = from;
        long hi = to;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            List<HistoricTransaction> leaf = view.history(epoch, mid, 1);
            if (leaf.isEmpty() || leaf.get(0).blockNumber() >= number) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
