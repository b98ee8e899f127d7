package io.hms.engine.store;

import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.codec.Reader;
import io.hms.protocol.model.Hash;
import io.hms.verifier.mmr.LeafNodes;
import java.util.Optional;

/**
 * The history items of one push in leaf order, as canonical encodings: from a caller's list or
 * streamed out of staging, so a push never needs the whole batch set as objects. Each item's leaf
 * and transaction hash come from the source: precomputed by the sync's verification stage when it
 * has them ({@link io.hms.verifier.mmr.LeafHashes}), else hashed here from the encoding. A push asks
 * for them only for the items it appends; likewise the MMR nodes verification computed ({@link #nodes}).
 */
interface LeafSource extends AutoCloseable {

    /** Absolute leaf index of the first item in its epoch. */
    long firstLeaf();

    /** Moves to the next item; false when there is none. */
    boolean next() throws StoreException;

    /** Canonical encoding of the current item. */
    byte[] encoded();

    /** Block number of the current item. */
    long blockNumber() throws StoreException;

    /** {@code H(be64(1) ‖ encoded())}, the current item's MMR leaf. */
    Hash leafHash();

    /** {@code H(encoded())}, the current item's key in the transaction index. */
    Hash txHash();

    /**
     * The inner MMR nodes of the current item's append that chunk verification computed (sealed to
     * the item, checked when used), or {@link LeafNodes#NONE}: the push merges those itself.
     */
    default LeafNodes nodes() {
        return LeafNodes.NONE;
    }

    /** Why the items read so far cannot be one consecutive run, if they cannot. */
    default Optional<String> defect() {
        return Optional.empty();
    }

    @Override
    void close();

    /** The block number is the first field of a HistoricTransaction's encoding. */
    static long blockNumberOf(byte[] encoded) throws StoreException {
        try {
            return new Reader(encoded).u32("HistoricTransaction.blockNumber");
        } catch (DecodeException e) {
            throw RocksFailures.corrupted("staged history item", e);
        }
    }
}
