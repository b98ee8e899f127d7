package io.hms.verifier.mmr;

import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.proof.Proof;
import io.hms.protocol.proof.RangeProof;
import io.hms.protocol.proof.SizeProof;
import io.hms.verifier.mmr.ProofException.Reason;
import java.util.List;

/**
 * One epoch's history tree (SPEC §3) over a {@link NodeStore}. It keeps no state of its own: the
 * leaf count is derived from the store's size on every call, so several views of one store (or a
 * store written by a batch overlay) always agree. Not thread-safe for writers; readers of a store
 * that is not being appended to may share it.
 */
public final class HistoryTree {
    private final NodeStore store;

    public HistoryTree(NodeStore store) {
        this.store = store;
    }

    /** The leaf hash {@code H(be64(1) ‖ serialize(tx))}. */
    public static Hash leafHash(HistoricTransaction tx) {
        return Blake2bMmrHasher.get().item(1, tx);
    }

    /** The leaf hash of an already encoded transaction (the canonical encoding, nothing else). */
    public static Hash leafHashOfEncoded(byte[] encoded, int offset, int length) {
        return Blake2bMmrHasher.get().encodedItem(1, encoded, offset, length);
    }

    /** {@code H(be64(0))}: the history root of an epoch without history. */
    public static Hash emptyRoot() {
        return Blake2bMmrHasher.EMPTY_ROOT;
    }

    /** Node count of a tree with {@code leaves} leaves: {@code 2L − popcount(L)}. */
    public static long sizeForLeaves(long leaves) {
        return MmrPositions.sizeForLeaves(leaves);
    }

    /** Node index of leaf {@code n}: {@code 2n − popcount(n)}. */
    public static long leafIndexToNode(long leaf) {
        return MmrPositions.leafIndexToNode(leaf);
    }

    public long numLeaves() {
        long leaves = MmrPositions.leavesForSize(store.size());
        if (leaves < 0) {
            throw new IllegalStateException("node store holds " + store.size() + " nodes, not a tree size");
        }
        return leaves;
    }

    /** Number of nodes. */
    public long size() {
        return store.size();
    }

    public void append(HistoricTransaction tx) {
        appendLeafHash(leafHash(tx));
    }

    /** Appends many transactions; reuses one hasher for all of them. */
    public void appendAll(List<HistoricTransaction> txs) {
        Blake2bMmrHasher hasher = Blake2bMmrHasher.get();
        long leaves = numLeaves();
        for (HistoricTransaction tx : txs) {
            MmrCore.append(hasher.item(1, tx), leaves++, store::get, store::append, hasher);
        }
    }

    public void appendLeafHash(Hash leaf) {
        MmrCore.append(leaf, numLeaves(), store::get, store::append, Blake2bMmrHasher.get());
    }

    /**
     * Appends a leaf whose append's inner nodes of heights {@code 1..nodes.count()} are given (chunk
     * verification computed them, see {@link LeafNodes}): those are written as given, only the
     * nodes above them are merged. Nothing is appended, and false returned, if the nodes are not
     * sealed to this leaf (its position and {@code leaf}) or are more than the append creates.
     */
    public boolean appendLeafHash(Hash leaf, LeafNodes nodes) {
        long leaves = numLeaves();
        if (nodes.count() > MmrCore.mergesOfAppend(leaves) || !nodes.sealedFor(leaves, leaf)) {
            return false;
        }
        MmrCore.append(leaf, leaves, store::get, store::append, Blake2bMmrHasher.get(), nodes.count(), nodes::node);
        return true;
    }

    public Hash root() {
        return MmrCore.root(numLeaves(), store::get, Blake2bMmrHasher.get());
    }

    /** The root the tree had when it held {@code numLeaves} leaves. */
    public Hash rootAt(long numLeaves) throws ProofException {
        checkSize(numLeaves);
        return MmrCore.root(numLeaves, store::get, Blake2bMmrHasher.get());
    }

    /**
     * Proof of leaves {@code [firstLeaf, firstLeaf + count)} against the tree truncated to {@code
     * numLeaves} leaves, self-contained ({@code assumePrevious = false}), nodes in SPEC §3.5 order.
     */
    public RangeProof proveRange(long firstLeaf, long count, long numLeaves) throws ProofException {
        checkSize(numLeaves);
        if (count <= 0) {
            throw new ProofException(Reason.EMPTY_RANGE, "empty range of " + count + " leaves");
        }
        if (firstLeaf < 0 || firstLeaf >= numLeaves || count > numLeaves - firstLeaf) {
            throw new ProofException(
                    Reason.BEYOND_TREE, "leaves " + firstLeaf + "+" + count + " outside " + numLeaves + " leaves");
        }
        List<Hash> nodes =
                MmrCore.proveRange(numLeaves, firstLeaf, firstLeaf + count - 1, store::get, Blake2bMmrHasher.get());
        return new RangeProof(new Proof(sizeForLeaves(numLeaves), nodes), false);
    }

    /**
     * Size proof for the tree truncated to {@code numLeaves} leaves (SPEC §3.7). {@code
     * firstLeafItem}, the transaction at leaf 0, is only needed (and only used) when {@code
     * numLeaves == 1}, because the store keeps hashes, not transactions.
     */
    public SizeProof proveSize(long numLeaves, HistoricTransaction firstLeafItem) throws ProofException {
        checkSize(numLeaves);
        if (numLeaves == 0) {
            return SizeProof.EmptyTree.INSTANCE;
        }
        if (numLeaves == 1) {
            if (firstLeafItem == null) {
                throw new ProofException(Reason.MISSING_ITEM, "a one-leaf size proof needs the transaction at leaf 0");
            }
            return new SizeProof.SingleElement(1, firstLeafItem);
        }
        Blake2bMmrHasher hasher = Blake2bMmrHasher.get();
        long[] peaks = MmrPositions.peaks(numLeaves);
        if (peaks.length == 1) {
            int height = 63 - Long.numberOfLeadingZeros(numLeaves);
            long peak = peaks[0];
            return new SizeProof.MultipleElements(numLeaves, store.get(peak - (1L << height)), store.get(peak - 1));
        }
        return new SizeProof.MultipleElements(
                numLeaves, store.get(peaks[0]), MmrCore.bagFrom(numLeaves, 1, store::get, hasher));
    }

    private void checkSize(long numLeaves) throws ProofException {
        long have = numLeaves();
        if (numLeaves < 0 || numLeaves > have) {
            throw new ProofException(
                    Reason.BEYOND_TREE, "tree of " + numLeaves + " leaves requested, " + have + " stored");
        }
    }
}
