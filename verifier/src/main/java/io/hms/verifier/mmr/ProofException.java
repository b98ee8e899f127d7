package io.hms.verifier.mmr;

/**
 * A proof that cannot be built from the local tree. These are caller errors or missing local data
 * (a server answers them with an error response), never faults of a peer.
 */
public final class ProofException extends Exception {

    /** Why no proof could be built. */
    public enum Reason {
        /** A range proof for zero leaves. */
        EMPTY_RANGE,
        /** The requested leaves or tree size exceed the stored tree, or an index is negative. */
        BEYOND_TREE,
        /** A one-leaf size proof without the transaction at leaf 0. */
        MISSING_ITEM
    }

    private final Reason reason;

    public ProofException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
