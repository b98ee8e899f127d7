package io.hms.engine.store;

import io.hms.protocol.model.Hash;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a test compares to show that a rejected push changed nothing: heads, counts, and per
 * epoch the stored length and the root recomputed from persisted nodes.
 */
record StoreSnapshot(Hash electionHead, Hash macroHead, long total, List<Long> lengths, List<Hash> roots) {

    static StoreSnapshot of(ChainView view) {
        long lastEpoch = view.spec().policy().epochAt(view.headBlockNumber());
        List<Long> lengths = new ArrayList<>();
        List<Hash> roots = new ArrayList<>();
        for (long e = view.firstHistoryEpoch(); e <= lastEpoch + 1; e++) {
            long length = view.historyLength(e);
            lengths.add(length);
            try {
                roots.add(view.historyRoot(e, length));
            } catch (StoreException ex) {
                throw new AssertionError(ex);
            }
        }
        return new StoreSnapshot(
                view.electionHead().hash(), view.macroHead().hash(), view.totalTransactions(), lengths, roots);
    }
}
