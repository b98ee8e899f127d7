package io.hms.verifier.mmr;

import io.hms.protocol.Limits;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.proof.Proof;
import io.hms.protocol.proof.RangeProof;
import io.hms.protocol.proof.SizeProof;
import io.hms.verifier.Fault;
import io.hms.verifier.VerifyResult;
import java.util.List;

/**
 * Verification of history proofs against a history root: ranges (SPEC §3.6), complete chunks
 * (SPEC §7.2 item 16) and sizes (SPEC §3.7). Static, pure and thread-safe.
 */
public final class HistoryProofVerifier {
    private HistoryProofVerifier() {}

    /**
     * SPEC §3.6 {@code verify_with_start}: {@code items} are the leaves {@code firstLeaf, firstLeaf+1,
     * …} of the tree with root {@code root}. Like the original this does not prove completeness: an
     * empty list with the proof {@code [root]} verifies. Use {@link #verifyChunk} for downloads.
     */
    public static VerifyResult verifyRange(
            RangeProof proof, Hash root, long firstLeaf, List<HistoricTransaction> items) {
        if (proof.assumePrevious()) {
            return VerifyResult.invalid(Fault.INCOMPLETE_PROOF, "assumePrevious proofs cannot be verified alone");
        }
        Proof p = proof.proof();
        long leaves = MmrPositions.leavesForSize(p.mmrSize());
        if (leaves < 0) {
            return VerifyResult.invalid(
                    Fault.INVALID_MMR_SIZE, "no tree has " + Long.toUnsignedString(p.mmrSize()) + " nodes");
        }
        if (!items.isEmpty() && (firstLeaf < 0 || firstLeaf >= leaves || items.size() > leaves - firstLeaf)) {
            return VerifyResult.invalid(
                    Fault.LEAF_OUTSIDE_TREE,
                    "leaves " + firstLeaf + "+" + items.size() + " outside a tree of " + leaves + " leaves");
        }
        Blake2bMmrHasher hasher = Blake2bMmrHasher.get();
        Hash[] leafHashes = new Hash[items.size()];
        for (int i = 0; i < leafHashes.length; i++) {
            leafHashes[i] = hasher.item(1, items.get(i));
        }
        return MmrCore.verifyRange(p.mmrSize(), p.nodes(), firstLeaf, leafHashes, root, hasher);
    }

    /**
     * Verifies chunk {@code chunkIndex} of a batch set whose verified history size is {@code
     * totalLeaves}: besides {@link #verifyRange} it requires the proof to be for exactly that tree and
     * the chunk to hold exactly {@code min(1024, S − i·1024)} items, so a verified prefix, an empty
     * chunk proved by {@code [root]} or an overlong chunk are all rejected.
     *
     * @throws IllegalArgumentException if the chunk index does not address any leaf of {@code
     *     totalLeaves} (a caller error: such a chunk is never requested)
     */
    public static VerifyResult verifyChunk(
            RangeProof proof, Hash root, long totalLeaves, long chunkIndex, List<HistoricTransaction> items) {
        VerifyResult shape = checkChunkShape(proof, totalLeaves, chunkIndex, items.size());
        return shape.isValid() ? verifyRange(proof, root, chunkIndex * Limits.CHUNK_SIZE, items) : shape;
    }

    /**
     * {@link #verifyChunk(RangeProof, Hash, long, long, List)} for items already hashed by {@link
     * LeafHashes#of}: the proof is checked against their leaf hashes, so the caller can hand the same
     * hashes on to the store instead of hashing the items again.
     */
    public static VerifyResult verifyChunk(
            RangeProof proof, Hash root, long totalLeaves, long chunkIndex, LeafHashes hashes) {
        VerifyResult shape = checkChunkShape(proof, totalLeaves, chunkIndex, hashes.size());
        if (!shape.isValid()) {
            return shape;
        }
        return MmrCore.verifyRange(
                proof.proof().mmrSize(),
                proof.proof().nodes(),
                chunkIndex * Limits.CHUNK_SIZE,
                hashes.leafHashArray(),
                root,
                Blake2bMmrHasher.get());
    }

    /** A chunk's verdict and, if valid, its hashes with the inner nodes its verification computed. */
    public record ChunkCheck(VerifyResult result, LeafHashes hashes) {}

    /**
     * {@link #verifyChunk(RangeProof, Hash, long, long, LeafHashes)} that keeps what it computes: if
     * the chunk verifies, the returned hashes carry, for each leaf, the inner MMR nodes its append
     * creates that lie wholly inside the chunk ({@link LeafHashes#nodes}), proved by the root like the
     * leaves. The store writes them instead of merging them again; only nodes over leaves of two
     * chunks, and the peaks' bagging, are left to it.
     */
    public static ChunkCheck verifyChunkKeepingNodes(
            RangeProof proof, Hash root, long totalLeaves, long chunkIndex, LeafHashes hashes) {
        VerifyResult shape = checkChunkShape(proof, totalLeaves, chunkIndex, hashes.size());
        if (!shape.isValid()) {
            return new ChunkCheck(shape, hashes);
        }
        long first = chunkIndex * Limits.CHUNK_SIZE;
        int n = hashes.size();
        int[] start = new int[n + 1];
        for (int r = 0; r < n; r++) {
            long leaf = first + r;
            int inside = 0;
            for (int h = 1; h <= MmrCore.mergesOfAppend(leaf) && (leaf >> h) << h >= first; h++) {
                inside++;
            }
            start[r + 1] = start[r] + inside;
        }
        byte[] nodes = new byte[start[n] * Hash.LENGTH];
        int[] filled = {0};
        VerifyResult result = MmrCore.verifyRange(
                proof.proof().mmrSize(),
                proof.proof().nodes(),
                first,
                hashes.leafHashArray(),
                root,
                Blake2bMmrHasher.get(),
                (height, k, node) -> {
                    int r = (int) ((((k + 1) << height) - 1) - first);
                    System.arraycopy(node.unsafeBytes(), 0, nodes, (start[r] + height - 1) * Hash.LENGTH, Hash.LENGTH);
                    filled[0]++;
                });
        if (!result.isValid()) {
            return new ChunkCheck(result, hashes);
        }
        if (filled[0] != start[n]) {
            throw new IllegalStateException("range verification computed " + filled[0] + " of the " + start[n]
                    + " inner nodes of chunk " + chunkIndex);
        }
        return new ChunkCheck(result, hashes.withNodes(first, start, nodes));
    }

    /** What {@link #verifyChunk} checks besides the proof: the tree size and the item count. */
    private static VerifyResult checkChunkShape(RangeProof proof, long totalLeaves, long chunkIndex, int items) {
        if (totalLeaves <= 0
                || chunkIndex < 0
                || chunkIndex >= (totalLeaves + Limits.CHUNK_SIZE - 1) / Limits.CHUNK_SIZE) {
            throw new IllegalArgumentException("chunk " + chunkIndex + " of a history of " + totalLeaves + " leaves");
        }
        if (proof.assumePrevious()) {
            return VerifyResult.invalid(Fault.INCOMPLETE_PROOF, "assumePrevious proofs cannot be verified alone");
        }
        long expectedSize = MmrPositions.sizeForLeaves(totalLeaves);
        if (proof.proof().mmrSize() != expectedSize) {
            return VerifyResult.invalid(
                    Fault.PROOF_SIZE_MISMATCH,
                    "proof for " + Long.toUnsignedString(proof.proof().mmrSize()) + " nodes, batch set has "
                            + expectedSize);
        }
        long first = chunkIndex * Limits.CHUNK_SIZE;
        long expected = Math.min(Limits.CHUNK_SIZE, totalLeaves - first);
        if (items > expected) {
            return VerifyResult.invalid(Fault.CHUNK_TOO_LONG, items + " items, expected " + expected);
        }
        if (items < expected) {
            return VerifyResult.invalid(Fault.CHUNK_INCOMPLETE, items + " items, expected " + expected);
        }
        return VerifyResult.valid();
    }

    /** SPEC §3.7: the size proof hashes to {@code root}, which binds its size to the tree. */
    public static VerifyResult verifySize(SizeProof proof, Hash root) {
        Blake2bMmrHasher hasher = Blake2bMmrHasher.get();
        Hash computed;
        if (proof instanceof SizeProof.EmptyTree) {
            computed = Blake2bMmrHasher.EMPTY_ROOT;
        } else if (proof instanceof SizeProof.SingleElement s) {
            if (s.size() != 1) {
                return VerifyResult.invalid(
                        Fault.SIZE_PROOF_MALFORMED,
                        "single-element proof claims " + Long.toUnsignedString(s.size()) + " leaves");
            }
            computed = hasher.item(1, s.item());
        } else if (proof instanceof SizeProof.MultipleElements m) {
            if (m.size() < 2) {
                return VerifyResult.invalid(
                        Fault.SIZE_PROOF_MALFORMED,
                        "multiple-element proof claims " + Long.toUnsignedString(m.size()) + " leaves");
            }
            computed = hasher.merge(m.size(), m.left(), m.right());
        } else {
            throw new IllegalStateException("unknown size proof " + proof);
        }
        return computed.equals(root)
                ? VerifyResult.valid()
                : VerifyResult.invalid(
                        Fault.SIZE_PROOF_MISMATCH,
                        "size proof for " + Long.toUnsignedString(proof.size()) + " leaves does not match the root");
    }
}
