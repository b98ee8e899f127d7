package io.hms.engine.sync.ingest;

import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.MacroBlock;
import java.util.List;
import java.util.Objects;

/**
 * A fully downloaded batch set, ready for {@code pushHistorySync}. {@code items} are the epoch's
 * leaves {@code [firstLeafIndex, firstLeafIndex + |items|)}; the store skips those it already has
 * (the first chunk may overlap what an earlier batch set delivered, SPEC §4.7).
 */
public record CompleteBatchSet(
    MacroBlock block, long firstLeafIndex, List<HistoricTransaction> items, int batchIndex, long epoch) {

  public CompleteBatchSet {
    Objects.requireNonNull(block, "block");
    items = List.copyOf(items);
  }
}
