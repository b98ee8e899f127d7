package io.hms.engine.store;

import io.hms.engine.ban.BanStore;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.MacroBlock;
import io.hms.verifier.mmr.LeafHashes;
import java.util.List;

/**
 * A writable chain store: {@code pushHistorySync} (SPEC §5 as adapted by §0: no accounts, no micro
 * blocks) and the staging of large batch sets. Pushes are serialized; readers run concurrently.
 *
 * <h2>Applying a batch set</h2>
 *
 * A push verifies the block (intrinsic checks, macro successor of our <em>macro</em> head,
 * justification by the validators governing its epoch), skips the leaves we already hold (after
 * comparing them), appends the rest to the epoch's MMR and requires the resulting root to equal
 * the block's {@code history_root} (the root binds the leaf count). Then one atomic, synced
 * {@code WriteBatch} stores the block by hash and number, the main-chain and batch-set-boundary
 * flags, the heads, the next epoch's validators (election blocks), the leaves, the MMR nodes and
 * the transaction index. Any failure writes nothing.
 *
 * <h2>Staging: large batch sets without holding them in memory</h2>
 *
 * The sync may hand over a batch set chunk by chunk: {@link #stageChunk} writes verified items
 * into a staging area keyed by (block hash, leaf index) as they arrive, and {@link #pushStaged}
 * then streams them out of staging into the same single commit and removes them. The Java heap
 * holds one chunk at a time plus 64 bytes of MMR nodes per new leaf. Staged items are never
 * visible to readers and are discarded on open, since a restarted sync downloads again.
 */
public interface Blockchain extends ChainView, AutoCloseable {

    /**
     * Pushes a block this node <em>follows</em> (produces or receives block by block) with the history
     * items the store lacks: {@code history.get(0)} is the first leaf of the block's epoch that we do
     * not hold (leaf 0 for a new epoch). The block must carry its own justification. It becomes a
     * batch-set boundary only when the epoch's history since the previous boundary exceeds {@link
     * StoreOptions#historyChunksMaxSize()} (SPEC §1.4), or when it is an election block. Producers
     * (the chain generator, {@code hms generate}, {@code hms serve --produce-every}) use this form.
     */
    PushResult pushHistorySync(MacroBlock block, List<HistoricTransaction> history);

    /**
     * Pushes a justified block adopted by <em>history sync</em>: {@link #pushHistorySync(MacroBlock,
     * long, List, Finality)} with {@link Finality.Justified}.
     */
    default PushResult pushHistorySync(MacroBlock block, long firstLeafIndex, List<HistoricTransaction> history) {
        return pushHistorySync(block, firstLeafIndex, history, Finality.Justified.INSTANCE);
    }

    /**
     * Pushes a block adopted by <em>history sync</em> with the epoch's items from absolute leaf {@code
     * firstLeafIndex} on, as the sync downloads them: the start may lie before our position
     * (1024-aligned); overlapping items are compared with the stored ones and skipped, and a start
     * beyond our position is a {@link PushError#HISTORY_GAP}. The block is final by {@code finality}
     * (a chained block is stored without a justification) and always becomes a batch-set boundary
     * (SPEC §1.4).
     */
    PushResult pushHistorySync(
            MacroBlock block, long firstLeafIndex, List<HistoricTransaction> history, Finality finality);

    /**
     * {@link #pushHistorySync(MacroBlock, long, List, Finality)} with the items' leaf and transaction
     * hashes, computed from exactly these items by the sync's chunk verification ({@link
     * LeafHashes#of}), so the store does not hash them again. The store still builds the MMR above
     * the given leaf hashes and refuses the block if the root differs ({@link
     * PushError#HISTORY_ROOT_MISMATCH}); the transaction hashes are indexed as given. Trust boundary:
     * hashes computed in this process (or a node of our own Pekko cluster) from the bytes being pushed,
     * never taken from a peer.
     *
     * @throws IllegalArgumentException if {@code hashes} does not hold one entry per item
     */
    PushResult pushHistorySync(
            MacroBlock block,
            long firstLeafIndex,
            List<HistoricTransaction> history,
            LeafHashes hashes,
            Finality finality);

    /**
     * Stages verified items of the batch set that {@code blockHash} closes, at absolute leaf
     * positions of its epoch; staging the same position again overwrites it.
     */
    void stageChunk(Hash blockHash, long firstLeafIndex, List<HistoricTransaction> items) throws StoreException;

    /**
     * {@link #stageChunk(Hash, long, List)} with the items' hashes from chunk verification (same trust
     * boundary as {@link #pushHistorySync(MacroBlock, long, List, LeafHashes, Finality)}): they are
     * staged with the items, so {@link #pushStaged} hashes nothing either. The plain form hashes the
     * items itself, on the calling thread.
     */
    void stageChunk(Hash blockHash, long firstLeafIndex, List<HistoricTransaction> items, LeafHashes hashes)
            throws StoreException;

    /** {@link #pushStaged(MacroBlock, Finality)} for a block that carries its own justification. */
    default PushResult pushStaged(MacroBlock block) {
        return pushStaged(block, Finality.Justified.INSTANCE);
    }

    /**
     * Pushes {@code block} with the history staged for its hash, which must be one consecutive run
     * of leaves (nothing staged means no new history), and removes the staged items in the same
     * commit. Same checks and results as {@link #pushHistorySync(MacroBlock, long, List, Finality)};
     * on failure the staged items stay until {@link #discardStaged}.
     */
    PushResult pushStaged(MacroBlock block, Finality finality);

    /** Drops whatever was staged for the block, e.g. when its cluster is abandoned. */
    void discardStaged(Hash blockHash) throws StoreException;

    /**
     * The node's peer bans, kept in this store so that a restart does not forgive a peer that lied
     * (docs/PROTOCOL.md §7.3).
     */
    BanStore peerBans();

    /** Closes the store and releases the directory lock. Idempotent. */
    @Override
    void close();
}
