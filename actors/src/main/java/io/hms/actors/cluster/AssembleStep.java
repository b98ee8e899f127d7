package io.hms.actors.cluster;

import io.hms.engine.sync.clustering.ClusterOutcome;
import io.hms.engine.sync.ingest.BatchSetSplitter;
import io.hms.engine.sync.ingest.ChunkAcceptance;
import io.hms.engine.sync.ingest.SplitOutput;
import java.util.ArrayList;
import java.util.List;

/**
 * Stage "assemble batch sets" ({@code statefulMapConcat}): hands each planned batch set and each
 * verified chunk, in request order, to the engine's {@link BatchSetSplitter}, which splits the
 * chunk's leaves across the batch sets and releases every batch set that became complete, in
 * order. A batch set needing more than {@code stageAboveItems} leaves is not collected: its leaves
 * go on at once as {@link StreamItem.Stage}s to be staged in the store, followed by the batch set
 * without items ({@code Complete} with {@code staged}). One instance per stream materialization.
 */
final class AssembleStep {
    private final BatchSetSplitter splitter;

    AssembleStep(long stageAboveItems) {
        this.splitter = new BatchSetSplitter(stageAboveItems);
    }

    List<StreamItem> apply(StreamItem item) {
        if (item instanceof StreamItem.Start start) {
            return items(splitter.enqueue(List.of(start.batchSet())));
        }
        if (item instanceof StreamItem.ChunkData data) {
            ChunkAcceptance acceptance = splitter.onChunk(data.request(), data.items(), data.hashes());
            if (acceptance instanceof ChunkAcceptance.Rejected rejected) {
                return List.of(new StreamItem.Stop(
                        data.epoch(),
                        ClusterOutcome.FAILED,
                        "assembler refused chunk " + data.request().chunkIndex() + ": " + rejected.fault() + " "
                                + rejected.detail()));
            }
            return items(((ChunkAcceptance.Accepted) acceptance).outputs());
        }
        return List.of(item);
    }

    private static List<StreamItem> items(List<SplitOutput> outputs) {
        List<StreamItem> out = new ArrayList<>(outputs.size());
        for (SplitOutput o : outputs) {
            if (o instanceof SplitOutput.Stage s) {
                out.add(new StreamItem.Stage(s.batchSet(), s.firstLeaf(), s.items(), s.hashes()));
            } else {
                SplitOutput.Release r = (SplitOutput.Release) o;
                out.add(new StreamItem.Complete(r.batchSet(), r.staged()));
            }
        }
        return out;
    }
}
