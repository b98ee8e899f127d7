package io.hms.engine.sync.ingest;

import java.util.List;

/** What to do with a verified BatchSetInfo (SPEC §4.7 {@code onEpochReceived}). */
public sealed interface BatchSetPlan permits BatchSetPlan.Outdated, BatchSetPlan.Planned, BatchSetPlan.Unusable {

  /** The info's final block is at or below our head: the cluster ends as Outdated. */
  record Outdated(long finalBlockNumber, long ourHead) implements BatchSetPlan {}

  /**
   * Batch sets to download, in order; never empty. {@code skipped} batch sets lie at or below our
   * head and are neither downloaded nor pushed.
   */
  record Planned(List<PendingBatchSet> pending, int skipped) implements BatchSetPlan {
    public Planned {
      pending = List.copyOf(pending);
    }
  }

  /**
   * The info contradicts itself in a way the verifier should have caught (no batch sets, or sizes
   * that shrink). Kept as a value so the planner is total on any input.
   */
  record Unusable(String reason) implements BatchSetPlan {}
}
