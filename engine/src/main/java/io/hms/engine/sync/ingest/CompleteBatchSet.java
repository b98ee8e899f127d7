package io.hms.engine.sync.ingest;

import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.MacroBlock;
import io.hms.verifier.mmr.LeafHashes;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A fully downloaded batch set, ready for {@code pushHistorySync}. {@code items} are the epoch's
 * leaves {@code [firstLeafIndex, firstLeafIndex + |items|)}; the store skips those it already has.
 * {@code hashes} are their leaf and transaction hashes, computed from these items when their chunks
 * were verified, so the store does not hash them again. A block without a justification comes with
 * the {@code chainProof} that makes it final (protocol version 2); the info's final block carries
 * its own justification and no chain proof.
 */
public record CompleteBatchSet(
        MacroBlock block,
        long firstLeafIndex,
        List<HistoricTransaction> items,
        int batchIndex,
        long epoch,
        Optional<ChainProof> chainProof,
        LeafHashes hashes) {

    public CompleteBatchSet {
        Objects.requireNonNull(block, "block");
        Objects.requireNonNull(chainProof, "chainProof");
        items = List.copyOf(items);
        if (hashes.size() != items.size()) {
            throw new IllegalArgumentException(hashes.size() + " leaf hashes for " + items.size() + " items");
        }
    }

    /** A batch set whose items are hashed here, on the calling thread. */
    public CompleteBatchSet(
            MacroBlock block,
            long firstLeafIndex,
            List<HistoricTransaction> items,
            int batchIndex,
            long epoch,
            Optional<ChainProof> chainProof) {
        this(block, firstLeafIndex, items, batchIndex, epoch, chainProof, LeafHashes.of(items));
    }
}
