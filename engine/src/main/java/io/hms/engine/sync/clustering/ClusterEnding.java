package io.hms.engine.sync.clustering;

import io.hms.engine.sync.clustering.ClusterDecision.Ended;
import io.hms.engine.sync.clustering.ClusterDecision.EvictJobs;
import io.hms.engine.sync.clustering.ClusterDecision.ReAsk;
import io.hms.engine.sync.clustering.ClusterDecision.ReportFinished;
import io.hms.engine.sync.clustering.ClusterDecision.ReportReleased;
import io.hms.engine.sync.clustering.ClusterLifecycle.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * How activated clusters end (SPEC §4.10): when a cluster's finish job is reached, or when one of
 * its pushes is rejected, which also ends every cluster activated after it.
 */
final class ClusterEnding {
    private ClusterEnding() {}

    /** The cluster's finish was reached: it ends and its peers are released. */
    static Step finish(LifecycleState state, long clusterId, ClusterOutcome outcome) {
        List<ClusterDecision> decisions = new ArrayList<>();
        String reason = state.slot(clusterId).map(PipelineSlot::reason).orElse("");
        LifecycleState next = end(state, clusterId, outcome, reason, decisions);
        return new Step(next, decisions);
    }

    /**
     * A push of {@code clusterId} was not applied: that cluster ends ({@code OUTDATED} if the store
     * already moved past it, else {@code FAILED}), and so does every cluster activated after it,
     * since each was verified on top of it; their queued jobs are evicted.
     */
    static Step pushRejected(LifecycleState state, long clusterId, boolean outdated, String reason) {
        List<Long> order = state.activationOrder();
        List<ClusterDecision> decisions = new ArrayList<>();
        LifecycleState next =
                end(state, clusterId, outdated ? ClusterOutcome.OUTDATED : ClusterOutcome.FAILED, reason, decisions);
        int at = order.indexOf(clusterId);
        for (long later : at < 0 ? List.<Long>of() : order.subList(at + 1, order.size())) {
            decisions.add(new EvictJobs(later));
            next = end(next, later, ClusterOutcome.OUTDATED, "an earlier cluster was not applied", decisions);
        }
        return new Step(next, decisions);
    }

    private static LifecycleState end(
            LifecycleState state,
            long clusterId,
            ClusterOutcome outcome,
            String reason,
            List<ClusterDecision> decisions) {
        ClusterFinisher.Finished finished = ClusterFinisher.finish(state.clustering(), clusterId, outcome);
        decisions.add(new Ended(clusterId));
        if (finished.cluster().filter(c -> !c.isEmpty()).isPresent()) {
            decisions.add(new ReportFinished(clusterId, outcome));
        }
        finished.reAsk().forEach(p -> decisions.add(new ReAsk(p)));
        finished.released().forEach(p -> decisions.add(new ReportReleased(p, clusterId, reason)));
        return state.withClustering(finished.state()).withoutSlot(clusterId);
    }
}
