package io.hms.engine.sync.clustering;

import io.hms.engine.sync.PeerId;
import io.hms.protocol.model.Hash;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The decisions of an activated cluster's life (SPEC §4.9, §4.10), as a pure function of the
 * clustering state and one input: a batch set handed over, a finish reached, a push rejected. It
 * returns the next state and decision records that the supervisor executes in order; it sends
 * nothing and owns no queue (the job queue is the job actor's).
 */
public final class ClusterLifecycle {
    private ClusterLifecycle() {}

    /** What the supervisor must do after a lifecycle step. */
    public sealed interface Decision permits Ended, EvictJobs, ReportFinished, ReAsk, ReportReleased {}

    /** The cluster is over: stop its download if it still runs and forget it. */
    public record Ended(long clusterId) implements Decision {}

    /** Drop the cluster's jobs that have not started from the job queue. */
    public record EvictJobs(long clusterId) implements Decision {}

    /** Publish that a non-empty cluster finished. */
    public record ReportFinished(long clusterId, ClusterOutcome outcome) implements Decision {}

    /** Ask the peer for epoch ids again: it is in no cluster and its last one did not fail. */
    public record ReAsk(PeerId peer) implements Decision {}

    /** Report the peer Outdated: it is in no cluster and its last one failed (SPEC §7.2 item 22). */
    public record ReportReleased(PeerId peer, long clusterId, String reason) implements Decision {}

    /** The state after a step and what to do, in order. */
    public record Step(ClusteringState state, List<Decision> decisions) {
        public Step {
            Objects.requireNonNull(state, "state");
            decisions = List.copyOf(decisions);
        }
    }

    /**
     * The job actor accepted a batch set of {@code epoch}: if it closes the cluster's id at that
     * position, the ids up to it count as handed over ({@code numFinished}). Whatever order these
     * arrive in, the result is the furthest position handed over.
     */
    public static ClusteringState handedOver(ClusteringState state, long clusterId, long epoch, Hash blockHash) {
        return state.activated(clusterId)
                .map(c -> {
                    int pos = c.isCheckpoint() ? 0 : (int) (epoch - c.firstEpoch());
                    boolean closesId =
                            pos >= 0 && pos < c.size() && c.ids().get(pos).equals(blockHash);
                    return closesId && c.numFinished() < pos + 1
                            ? state.withCluster(c.withNumFinished(pos + 1))
                            : state;
                })
                .orElse(state);
    }

    /** The cluster's finish was reached, or it failed: it ends and its peers are released. */
    public static Step finish(ClusteringState state, long clusterId, ClusterOutcome outcome, String reason) {
        List<Decision> decisions = new ArrayList<>();
        ClusteringState next = finishInto(state, clusterId, outcome, reason, decisions);
        return new Step(next, decisions);
    }

    /**
     * A push of {@code clusterId} was not applied: that cluster ends ({@code OUTDATED} if the store
     * already moved past it, else {@code FAILED}), and so does every cluster activated after it,
     * since each was verified on top of it.
     *
     * @param activationOrder the activated clusters, oldest first
     */
    public static Step pushRejected(
            ClusteringState state, List<Long> activationOrder, long clusterId, boolean outdated, String reason) {
        List<Decision> decisions = new ArrayList<>();
        ClusteringState next = finishInto(
                state, clusterId, outdated ? ClusterOutcome.OUTDATED : ClusterOutcome.FAILED, reason, decisions);
        int at = activationOrder.indexOf(clusterId);
        for (long later : at < 0 ? List.<Long>of() : activationOrder.subList(at + 1, activationOrder.size())) {
            decisions.add(new EvictJobs(later));
            next = finishInto(next, later, ClusterOutcome.OUTDATED, "an earlier cluster was not applied", decisions);
        }
        return new Step(next, decisions);
    }

    private static ClusteringState finishInto(
            ClusteringState state, long clusterId, ClusterOutcome outcome, String reason, List<Decision> decisions) {
        ClusterFinisher.Finished finished = ClusterFinisher.finish(state, clusterId, outcome);
        decisions.add(new Ended(clusterId));
        if (finished.cluster().filter(c -> !c.isEmpty()).isPresent()) {
            decisions.add(new ReportFinished(clusterId, outcome));
        }
        finished.reAsk().forEach(p -> decisions.add(new ReAsk(p)));
        finished.released().forEach(p -> decisions.add(new ReportReleased(p, clusterId, reason)));
        return finished.state();
    }
}
