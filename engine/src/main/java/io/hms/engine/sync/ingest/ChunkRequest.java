package io.hms.engine.sync.ingest;

import io.hms.protocol.message.RequestHistoryChunk;
import io.hms.protocol.model.Hash;
import io.hms.protocol.proof.HistoryTreeChunk;
import java.util.Objects;
import java.util.Optional;

/**
 * One history chunk to download for a pending batch set, with everything needed to judge the
 * answer: the root to verify against and the batch set's verified size {@code S}, which fixes how
 * many items the chunk must hold and the tree size its proof must be for.
 *
 * @param epoch epoch of the batch-set block
 * @param blockNumber the batch-set block; the server proves against the tree at this height
 * @param chunkIndex chunk number inside the epoch: leaves {@code [i·chunkSize, …)}
 * @param historyRoot the batch-set block's history root
 * @param totalLeaves {@code S}, the epoch's leaf count at the block (from its verified size proof)
 * @param chunkSize leaves per chunk
 */
public record ChunkRequest(
        long epoch, long blockNumber, long chunkIndex, Hash historyRoot, long totalLeaves, int chunkSize) {

    public ChunkRequest {
        Objects.requireNonNull(historyRoot, "historyRoot");
        if (chunkSize < 1 || chunkIndex < 0 || totalLeaves <= chunkIndex * chunkSize) {
            throw new IllegalArgumentException(
                    "chunk " + chunkIndex + " of size " + chunkSize + " lies outside " + totalLeaves + " leaves");
        }
    }

    public RequestHistoryChunk toRequest() {
        return new RequestHistoryChunk(epoch, blockNumber, chunkIndex);
    }

    /** Leaf number of the chunk's first item, the start index for proof verification. */
    public long firstLeaf() {
        return chunkIndex * chunkSize;
    }

    /** {@code min(chunkSize, S − firstLeaf)}: the only item count an honest server sends. */
    public int expectedItems() {
        return (int) Math.min(chunkSize, totalLeaves - firstLeaf());
    }

    /** {@code 2S − popcount(S)}: the node count of the tree the proof must be for. */
    public long expectedMmrSize() {
        return 2 * totalLeaves - Long.bitCount(totalLeaves);
    }

    /**
     * The checks that proof verification cannot make (SPEC §3.6 finding, §7.2 item 16): a proof may
     * be valid for fewer items than asked, even for none. Run before or after verifying the proof.
     */
    public Optional<ChunkFault> checkShape(HistoryTreeChunk chunk) {
        if (chunk.proof().assumePrevious()) {
            return Optional.of(ChunkFault.ASSUMES_PREVIOUS);
        }
        if (chunk.proof().proof().mmrSize() != expectedMmrSize()) {
            return Optional.of(ChunkFault.PROOF_SIZE_MISMATCH);
        }
        return checkCount(chunk.history().size());
    }

    /** Whether {@code items} is exactly {@link #expectedItems()}. */
    public Optional<ChunkFault> checkCount(int items) {
        if (items < expectedItems()) {
            return Optional.of(ChunkFault.TOO_FEW_ITEMS);
        }
        if (items > expectedItems()) {
            return Optional.of(ChunkFault.TOO_MANY_ITEMS);
        }
        return Optional.empty();
    }
}
