package io.hms.engine.store;

import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.model.MacroHeader;
import io.hms.protocol.model.PublicKey;
import io.hms.protocol.model.ValidatorSet;
import io.hms.protocol.proof.RangeProof;
import io.hms.protocol.proof.SizeProof;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Read-only view of a chain store, what the serving handlers and the sync read. Implementations
 * are thread-safe for concurrent readers and never expose half of a push: every value read belongs
 * to a state before or after a whole batch set.
 *
 * <p>Methods answer "not there" as an empty value; only proofs, whose inputs a caller may get wrong
 * or a pruned store may have dropped, throw a {@link StoreException} naming why. If the disk fails
 * under a getter it throws {@link UncheckedStoreException} (the {@code StoreException} inside says
 * what failed); a getter that needs the disk throws {@link IllegalStateException} once the store is
 * closed, and a proof {@link StoreException.Kind#CLOSED}.
 */
public interface ChainView {

    ChainSpec spec();

    /** Latest election block (genesis at start). */
    MacroBlock electionHead();

    /** Latest macro block, checkpoint or election. */
    MacroBlock macroHead();

    /** The macro head's number: hms stores no micro blocks. */
    long headBlockNumber();

    /** Any stored macro block. */
    Optional<MacroBlock> blockByHash(Hash hash);

    /** The main-chain macro block at that height, if stored. */
    Optional<MacroBlock> mainChainBlockAt(long blockNumber);

    /**
     * The header of the main-chain macro block at that height: the stored block's, or — for a block
     * this node holds only as a link of a chained push (a node that history-synced) — the link's.
     */
    default Optional<MacroHeader> mainChainHeaderAt(long blockNumber) {
        return mainChainBlockAt(blockNumber).map(MacroBlock::header);
    }

    boolean isOnMainChain(Hash hash);

    /**
     * True for a "non-prunable" block (SPEC §1.4): a batch-set boundary. Genesis and every block
     * adopted by {@code pushHistorySync} is one.
     */
    boolean isBatchSetBoundary(Hash hash);

    /**
     * The validators governing the blocks of epoch {@code epoch}, named by election block {@code
     * epoch − 1} (genesis names epoch 1's).
     *
     * @throws java.util.NoSuchElementException for an epoch outside {@code 1 .. electionHeadEpoch + 1}
     */
    ValidatorSet validatorsForEpoch(long epoch);

    /** Leaves stored for the epoch; 0 for an epoch without history or whose history was pruned. */
    long historyLength(long epoch);

    /**
     * SPEC §2.4 step 2 read literally: the leaves of {@code epoch_at(n)} at the highest stored macro
     * block {@code ≤ n} of that epoch, 0 if none of that epoch is stored at or below {@code n}; empty
     * if {@code n} is below genesis or beyond our head. A store that skipped checkpoints (history
     * sync) answers for a block it does not hold with a smaller tree, so this is no basis for a proof
     * at {@code n}: serving uses {@link #historyLengthOfBlock}.
     */
    OptionalLong historyLengthAt(long blockNumber);

    /**
     * The leaves recorded for the main-chain macro block stored at exactly {@code blockNumber}: the
     * size of the tree that block's {@code history_root} commits to. Empty if no main-chain block is
     * stored at that number (a micro block, a checkpoint a history sync skipped, beyond our head).
     */
    default OptionalLong historyLengthOfBlock(long blockNumber) {
        // main-chain blocks are never replaced, so the block found is the one historyLengthAt reads
        return mainChainBlockAt(blockNumber).isPresent() ? historyLengthAt(blockNumber) : OptionalLong.empty();
    }

    /**
     * Up to {@code maxCount} consecutive stored leaves of the epoch from {@code fromLeaf}; fewer (or
     * none) where the stored history ends or was pruned.
     */
    List<HistoricTransaction> history(long epoch, long fromLeaf, int maxCount);

    /** Root of the epoch's tree truncated to {@code numLeaves} leaves, from persisted nodes. */
    Hash historyRoot(long epoch, long numLeaves) throws StoreException;

    /**
     * Range proof ({@code assumePrevious = false}) for leaves {@code [firstLeaf, firstLeaf + count)}
     * against the epoch's tree truncated to {@code numLeaves} leaves, read from persisted MMR nodes
     * without rebuilding the tree.
     *
     * @throws StoreException {@link StoreException.Kind#OUT_OF_RANGE} for an empty range or one past
     *     {@code numLeaves}, or {@code numLeaves} past the stored history; {@link
     *     StoreException.Kind#PRUNED} for a dropped epoch
     */
    RangeProof proveRange(long epoch, long firstLeaf, long count, long numLeaves) throws StoreException;

    /** Size proof (SPEC §3.7) of the epoch's tree truncated to {@code numLeaves} leaves. */
    SizeProof proveSize(long epoch, long numLeaves) throws StoreException;

    /** Where a stored transaction sits; empty if unknown or pruned. */
    Optional<TxLocation> findTransaction(Hash txHash);

    /**
     * Up to {@code max} stored transactions involving {@code address} (a transfer's sender or
     * recipient, a reward's validator or reward address, a penalty's or jail's validator), newest
     * first, strictly older than {@code olderThan} if given; none of a pruned epoch.
     */
    List<IndexedTransaction> transactionsByAddress(PublicKey address, Optional<TxLocation> olderThan, int max);

    /** Leaves stored over all epochs still held. */
    long totalTransactions();

    /** A pruned store keeps only the latest epoch's history. */
    boolean pruned();

    /** The lowest epoch whose history is still stored (0 for an archive store). */
    long firstHistoryEpoch();

    /** {@code Services.HISTORY | Services.FULL_BLOCKS}, or 0 when pruned. */
    long services();
}
