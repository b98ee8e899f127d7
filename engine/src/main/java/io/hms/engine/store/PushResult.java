package io.hms.engine.store;

import io.hms.protocol.model.Hash;
import io.hms.verifier.Fault;
import java.util.Optional;

/**
 * Outcome of {@link Blockchain#pushHistorySync}: the SPEC §5 variants as values. Only {@link
 * Extended} changed the store; every other variant left it exactly as it was.
 */
public sealed interface PushResult
        permits PushResult.Extended, PushResult.Known, PushResult.Ignored, PushResult.Rejected {

    /**
     * The block became the macro head (and the election head if {@code election}).
     *
     * @param appendedLeaves leaves added to the epoch's tree by this push (overlap excluded)
     * @param historyLength leaves of the epoch's tree after the block
     */
    record Extended(
            Hash blockHash, long blockNumber, long epoch, boolean election, long appendedLeaves, long historyLength)
            implements PushResult {}

    /** The block is already stored; nothing was written. */
    record Known(Hash blockHash) implements PushResult {}

    /** The block is not above our macro head; nothing was written. */
    record Ignored(long blockNumber, long macroHeadNumber) implements PushResult {}

    /**
     * A check failed; nothing was written.
     *
     * @param fault the verifier's fault where a verifier check failed; its {@link
     *     Fault#consequence()} tells the sync whether the peer lied or merely does not fit our state
     */
    record Rejected(PushError error, String detail, Optional<Fault> fault) implements PushResult {
        public Rejected(PushError error, String detail) {
            this(error, detail, Optional.empty());
        }
    }

    default boolean isExtended() {
        return this instanceof Extended;
    }
}
