package io.hms.actors.cluster;

import io.hms.engine.sync.clustering.ClusterOutcome;
import io.hms.engine.sync.ingest.BatchSetAssembler;
import io.hms.engine.sync.ingest.ChunkAcceptance;
import io.hms.engine.sync.ingest.CompleteBatchSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Stage "assemble batch sets" ({@code statefulMapConcat}): collects verified chunks per pending
 * batch set with the engine's {@link BatchSetAssembler} and emits every batch set that became
 * complete, in order. One instance per stream materialization; it holds only the batch sets whose
 * chunks are still in flight.
 */
final class AssembleStep {
  private final BatchSetAssembler assembler = new BatchSetAssembler();

  List<StreamItem> apply(StreamItem item) {
    if (item instanceof StreamItem.Start start) {
      return complete(assembler.enqueue(List.of(start.batchSet())));
    }
    if (item instanceof StreamItem.ChunkData data) {
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

  private static List<StreamItem> complete(List<CompleteBatchSet> released) {
    List<StreamItem> out = new ArrayList<>(released.size());
    released.forEach(b -> out.add(new StreamItem.Complete(b)));
    return out;
  }
}
