package io.hms.engine.sync.ingest;

/**
 * Why a history chunk is not taken into a pending batch set. The first four can only come from a
 * peer that lied (its chunk verified, but is not the chunk an honest server sends for the request,
 * SPEC §7.2 item 16): never ask it again in this cluster. The last three are late, repeated or
 * misrouted deliveries and say nothing about the peer.
 */
public enum ChunkFault {
    /** Fewer items than {@code min(chunkSize, S − i·chunkSize)}: a verified prefix, or an empty chunk with proof [root]. */
    TOO_FEW_ITEMS(true),
    /** More items than the chunk can hold for the batch set's size. */
    TOO_MANY_ITEMS(true),
    /** The proof is for a tree of another size than the batch set's verified size. */
    PROOF_SIZE_MISMATCH(true),
    /** An {@code assumePrevious} proof, which honest servers never send and which cannot be verified alone. */
    ASSUMES_PREVIOUS(true),
    /** No pending batch set waits for this block and chunk (e.g. cut off by a split). */
    NOT_PENDING(false),
    /** The chunk was already received. */
    DUPLICATE(false),
    /** The chunk starts beyond the next leaf the pending batch sets wait for: chunks must come in request order. */
    OUT_OF_ORDER(false);

    private final boolean peerAtFault;

    ChunkFault(boolean peerAtFault) {
        this.peerAtFault = peerAtFault;
    }

    /** True if the chunk proves the peer sent wrong data: exclude it from the cluster. */
    public boolean peerAtFault() {
        return peerAtFault;
    }
}
