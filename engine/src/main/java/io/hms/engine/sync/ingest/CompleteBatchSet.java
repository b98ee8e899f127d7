package io.hms.engine.sync.ingest;

import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.MacroBlock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A fully downloaded batch set, ready for {@code pushHistorySync}. {@code items} are the epoch's
 * leaves {@code [firstLeafIndex, firstLeafIndex + |items|)}; the store skips those it already has.
 * A block without a justification comes with the {@code chainProof} that makes it final (protocol
 * version 2); the info's final block carries its own justification and no chain proof.
 */
public record CompleteBatchSet(
        MacroBlock block,
        long firstLeafIndex,
        List<HistoricTransaction> items,
        int batchIndex,
        long epoch,
        Optional<ChainProof> chainProof) {

    public CompleteBatchSet {
        Objects.requireNonNull(block, "block");
        Objects.requireNonNull(chainProof, "chainProof");
        items = List.copyOf(items);
    }
}
