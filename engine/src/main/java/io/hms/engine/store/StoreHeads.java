package io.hms.engine.store;

import io.hms.protocol.codec.Codec;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.codec.Reader;
import io.hms.protocol.codec.Writer;
import io.hms.protocol.model.Hash;

/**
 * The store's mutable summary, kept under one meta key so that every commit replaces it with a
 * single put: after a crash the heads, the transaction count and the pruning horizon always belong
 * to the same batch set.
 *
 * @param firstHistoryEpoch epochs below it are pruned: invisible to readers even while their data
 *     is still being swept
 * @param sweptBelowEpoch epochs below it are physically deleted; the sweep resumes from here
 */
record StoreHeads(
        Hash electionHead,
        Hash macroHead,
        long totalTransactions,
        long firstHistoryEpoch,
        long sweptBelowEpoch,
        boolean pruned) {

    StoreHeads withPruning(boolean value) {
        return new StoreHeads(electionHead, macroHead, totalTransactions, firstHistoryEpoch, sweptBelowEpoch, value);
    }

    StoreHeads withSweptBelow(long epoch) {
        return new StoreHeads(electionHead, macroHead, totalTransactions, firstHistoryEpoch, epoch, pruned);
    }

    static final Codec<StoreHeads> CODEC = new Codec<>() {
        @Override
        public void write(Writer out, StoreHeads h) {
            out.raw(h.electionHead.unsafeBytes()).raw(h.macroHead.unsafeBytes());
            out.varint(h.totalTransactions)
                    .varint(h.firstHistoryEpoch)
                    .varint(h.sweptBelowEpoch)
                    .bool(h.pruned);
        }

        @Override
        public StoreHeads read(Reader in) throws DecodeException {
            return new StoreHeads(
                    Hash.CODEC.read(in),
                    Hash.CODEC.read(in),
                    in.varint("StoreHeads.totalTransactions"),
                    in.varint("StoreHeads.firstHistoryEpoch"),
                    in.varint("StoreHeads.sweptBelowEpoch"),
                    in.bool("StoreHeads.pruned"));
        }
    };
}
