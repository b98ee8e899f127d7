package io.hms.engine.store;

/**
 * Why {@link Blockchain#pushHistorySync} refused a block. Each constant names one check of SPEC §5
 * (as adapted by §0), so the sync can tell a lying peer (root mismatch, bad justification) from a
 * race with our own progress (wrong predecessor) or a local failure.
 */
public enum PushError {
    /** The block number is not a macro-block position of the policy. */
    NOT_A_MACRO_BLOCK,
    /** An intrinsic check failed (network, version, body root, validators present iff election, ...). */
    INVALID_BLOCK,
    /** The block is not a macro successor of our macro head (parent election hash, number range, time). */
    WRONG_PREDECESSOR,
    /** The justification is missing, too weak or has a bad signature against the governing validators. */
    INVALID_JUSTIFICATION,
    /**
     * A block pushed as {@link Finality.ChainedTo} is not authenticated by its anchor: the anchor is
     * not above it in its epoch, a link is missing or names another parent, or the anchor's
     * justification does not verify against the epoch's validators. The fault says which.
     */
    NOT_CHAINED_TO_ANCHOR,
    /** The validators governing the block's epoch are not known to this store. */
    WRONG_VALIDATORS,
    /** The history starts after the first leaf we lack, so leaves would be missing. */
    HISTORY_GAP,
    /** An item overlapping leaves we already hold differs from the stored one. */
    HISTORY_CONFLICT,
    /** Appending the history does not yield the block's history root (which also binds the length). */
    HISTORY_ROOT_MISMATCH,
    /**
     * MMR nodes carried with the history from chunk verification ({@link
     * io.hms.verifier.mmr.LeafNodes}) are not the ones the verifier computed for their leaf: changed
     * on the way, attached to another leaf or corrupted in staging. A local defect, not a peer's.
     */
    CARRIED_NODES_INVALID,
    /** The staged history of the block is not one consecutive run of leaves. */
    HISTORY_LENGTH_MISMATCH,
    /** Reading or writing the store failed; the detail names the {@link StoreException.Kind}. */
    STORE_FAILURE
}
