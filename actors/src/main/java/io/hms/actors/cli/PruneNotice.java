package io.hms.actors.cli;

import io.hms.engine.store.ChainView;
import java.util.Optional;

/**
 * What {@code hms serve --pruned} is about to delete from an archive store, said before it does: a
 * pruned store keeps the history from its election head's epoch on (docs/STORE.md) and drops every
 * older epoch's transactions for good.
 */
final class PruneNotice {
    private PruneNotice() {}

    /** The sentence for {@code chain}; empty if it is pruned already. */
    static Optional<String> of(ChainView chain) {
        if (chain.pruned()) {
            return Optional.empty();
        }
        long electionEpoch = chain.spec().policy().epochAt(chain.electionHead().blockNumber());
        if (electionEpoch <= 1) {
            return Optional.of("nothing to delete yet (the store holds no epoch before epoch " + electionEpoch
                    + "); from now on the store keeps only the latest epoch's history, for good");
        }
        long deleted = 0;
        for (long epoch = 1; epoch < electionEpoch; epoch++) {
            deleted += chain.historyLength(epoch);
        }
        String epochs = electionEpoch == 2 ? "epoch 1" : "epochs 1 to " + (electionEpoch - 1);
        return Optional.of("deleting the history of " + epochs + " (" + Units.count(deleted, "transaction")
                + ") from the store for good; it keeps epoch " + electionEpoch + " and later");
    }
}
