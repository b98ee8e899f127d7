package io.hms.engine.sync.clustering;

import io.hms.engine.sync.EpochIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Everything the supervisor decides cluster lifecycles from, as one immutable value that it
 * replaces with the state each {@link ClusterLifecycle} step returns.
 *
 * @param clustering the clusters and peer counts (SPEC §4.2)
 * @param pipeline the activated clusters that have not ended, in activation order — the order in
 *     which the job actor applies their batch sets. At most one downloads at a time
 * @param deferred epoch-id replies that came while {@code maxClusters} epoch clusters waited, oldest
 *     first; they are clustered once a cluster was taken (SPEC §4.3 step 2)
 * @param targetBlock the highest block any cluster so far offered, for progress reports
 */
public record LifecycleState(
        ClusteringState clustering, List<PipelineSlot> pipeline, List<EpochIds> deferred, long targetBlock) {

    public LifecycleState {
        Objects.requireNonNull(clustering, "clustering");
        pipeline = List.copyOf(pipeline);
        deferred = List.copyOf(deferred);
    }

    /** No cluster activated, waiting or deferred: the start of a sync. */
    public static LifecycleState initial(ClusteringState clustering) {
        return new LifecycleState(clustering, List.of(), List.of(), 0);
    }

    /** No cluster waits, downloads or is being applied, and no reply waits for room. */
    public boolean idle() {
        return pipeline.isEmpty()
                && clustering.epochClusters().isEmpty()
                && clustering.checkpointClusters().isEmpty()
                && clustering.activeClusters().isEmpty()
                && clustering.finishingClusters().isEmpty()
                && deferred.isEmpty();
    }

    /** The activated clusters' ids, in activation order. */
    public List<Long> activationOrder() {
        return pipeline.stream().map(PipelineSlot::id).toList();
    }

    public boolean isDownloading(long clusterId) {
        return pipeline.stream().anyMatch(s -> s.id() == clusterId && s.downloading());
    }

    boolean anyDownloading() {
        return pipeline.stream().anyMatch(PipelineSlot::downloading);
    }

    /** Where the next cluster starts if it is pipelined behind the last one; empty if it cannot be. */
    Optional<StartPoint> tip() {
        if (pipeline.isEmpty()) {
            return Optional.empty();
        }
        PipelineSlot last = pipeline.get(pipeline.size() - 1);
        return last.downloading() ? Optional.empty() : last.end();
    }

    Optional<PipelineSlot> slot(long clusterId) {
        return pipeline.stream().filter(s -> s.id() == clusterId).findFirst();
    }

    LifecycleState withClustering(ClusteringState next) {
        return new LifecycleState(next, pipeline, deferred, targetBlock);
    }

    LifecycleState withSlot(PipelineSlot slot) {
        List<PipelineSlot> next = new ArrayList<>(pipeline);
        next.add(slot);
        return new LifecycleState(clustering, next, deferred, targetBlock);
    }

    LifecycleState mapSlot(long clusterId, UnaryOperator<PipelineSlot> f) {
        List<PipelineSlot> next =
                pipeline.stream().map(s -> s.id() == clusterId ? f.apply(s) : s).toList();
        return new LifecycleState(clustering, next, deferred, targetBlock);
    }

    LifecycleState withoutSlot(long clusterId) {
        List<PipelineSlot> next =
                pipeline.stream().filter(s -> s.id() != clusterId).toList();
        return new LifecycleState(clustering, next, deferred, targetBlock);
    }

    LifecycleState withDeferred(List<EpochIds> next) {
        return new LifecycleState(clustering, pipeline, next, targetBlock);
    }

    LifecycleState withTarget(long target) {
        return new LifecycleState(clustering, pipeline, deferred, target);
    }
}
