package io.hms.actors.cluster;

import io.hms.engine.sync.clustering.ClusterOutcome;
import io.hms.engine.sync.ingest.BatchSetAssembler;
import io.hms.engine.sync.ingest.ChunkAcceptance;
import io.hms.engine.sync.ingest.CompleteBatchSet;
import io.hms.engine.sync.ingest.PendingBatchSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Stage "assemble batch sets" ({@code statefulMapConcat}): collects verified chunks per pending
 * batch set with the engine's {@link BatchSetAssembler} and emits every batch set that became
 * complete, in order. A batch set needing more than {@code stageAboveItems} items is not
 * collected: each of its chunks goes on at once to be staged in the store, followed by the batch
 * set without items. Chunks arrive in request order, so a staged batch set's chunks come right
 * after it and nothing earlier is still incomplete. One instance per stream materialization.
 */
final class AssembleStep {
  private final BatchSetAssembler assembler = new BatchSetAssembler();
  private final long stageAboveItems;
  private PendingBatchSet staging;
  private int chunksToStage;

  AssembleStep(long stageAboveItems) {
    this.stageAboveItems = stageAboveItems;
  }

  List<StreamItem> apply(StreamItem item) {
    if (item instanceof StreamItem.Start start) {
      PendingBatchSet p = start.batchSet();
      if (p.expectedItems() > stageAboveItems) {
        staging = p;
        chunksToStage = p.chunks().size();
        return chunksToStage == 0 ? List.of(stagedComplete()) : List.of();
      }
      return complete(assembler.enqueue(List.of(p)));
    }
    if (item instanceof StreamItem.ChunkData data) {
      if (staging != null && data.request().blockNumber() == staging.blockNumber()) {
        return stage(data);
      }
      ChunkAcceptance acceptance =
          assembler.onChunk(data.request().blockNumber(), data.request().chunkIndex(), data.items());
      if (acceptance instanceof ChunkAcceptance.Rejected rejected) {
        return List.of(new StreamItem.Stop(data.epoch(), ClusterOutcome.FAILED,
            "assembler refused chunk: " + rejected.fault() + " " + rejected.detail()));
      }
      return complete(((ChunkAcceptance.Accepted) acceptance).released());
    }
    return List.of(item);
  }

  private List<StreamItem> stage(StreamItem.ChunkData data) {
    StreamItem.Stage stage = new StreamItem.Stage(staging, data.request().firstLeaf(), data.items());
    return --chunksToStage > 0 ? List.of(stage) : List.of(stage, stagedComplete());
  }

  private StreamItem stagedComplete() {
    PendingBatchSet p = staging;
    staging = null;
    return new StreamItem.Complete(
        new CompleteBatchSet(p.block(), p.startLeaf(), List.of(), p.batchIndex(), p.epoch()), true);
  }

  private static List<StreamItem> complete(List<CompleteBatchSet> released) {
    List<StreamItem> out = new ArrayList<>(released.size());
    released.forEach(b -> out.add(new StreamItem.Complete(b, false)));
    return out;
  }
}
