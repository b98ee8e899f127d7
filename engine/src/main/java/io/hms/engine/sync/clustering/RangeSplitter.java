package io.hms.engine.sync.clustering;

import io.hms.engine.sync.PeerId;
import io.hms.protocol.Policy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Cuts activated epoch clusters into ranges and finds the range that continues one (docs/
 * ARCHITECTURE.md "Ranges in parallel"). Pure functions of the {@link ClusteringState}.
 */
final class RangeSplitter {
    private RangeSplitter() {}

    /**
     * Active epoch cluster {@code clusterId} keeps its first {@code rangeEpochs} ids (same id); the
     * rest becomes a new waiting epoch cluster with the same peers, first in line. Unchanged if the
     * cluster is no longer than that.
     */
    static ClusteringState cut(ClusteringState s, long clusterId, int rangeEpochs, Policy policy) {
        Optional<SyncCluster> found =
                s.activeClusters().stream().filter(c -> c.id() == clusterId).findFirst();
        if (found.isEmpty()
                || found.get().kind() != ClusterKind.EPOCH
                || found.get().size() <= rangeEpochs
                || found.get().numFinished() > rangeEpochs) {
            return s;
        }
        SyncCluster cluster = found.get();
        long id = s.nextClusterId();
        SyncCluster tail = cluster.tail(rangeEpochs, id, policy.electionBlockOf(cluster.firstEpoch() + rangeEpochs));
        List<SyncCluster> waiting = new ArrayList<>();
        waiting.add(tail);
        waiting.addAll(s.epochClusters());
        Map<PeerId, Integer> counts = new HashMap<>(s.peerClusterCounts());
        tail.peers().asList().forEach(p -> counts.merge(p, 1, Integer::sum));
        return s.with(
                waiting,
                s.checkpointClusters(),
                ClusteringState.replaceById(s.activeClusters(), clusterId, c -> c.head(rangeEpochs)),
                s.finishingClusters(),
                counts,
                id + 1);
    }

    /**
     * The waiting epoch cluster whose first epoch follows {@code previous}'s last, if exactly one does.
     * Two or more are forks of each other (peers disagree on what follows), and at most one of them
     * continues {@code previous}'s chain: no range starts early then, the clusters wait for the usual
     * selection once {@code previous} has been applied (a fork started as a range would only be
     * dropped when its anchor does not link).
     */
    static Optional<SyncCluster> successor(ClusteringState s, SyncCluster previous) {
        long next = previous.firstEpoch() + previous.size();
        List<SyncCluster> candidates = s.epochClusters().stream()
                .filter(c -> !c.isEmpty() && c.firstEpoch() == next)
                .toList();
        return candidates.size() == 1 ? Optional.of(candidates.get(0)) : Optional.empty();
    }

    /** Moves waiting epoch cluster {@code clusterId} to the active ones (last in activation order). */
    static ClusteringState activate(ClusteringState s, SyncCluster cluster) {
        List<SyncCluster> waiting = new ArrayList<>(s.epochClusters());
        waiting.removeIf(c -> c.id() == cluster.id());
        List<SyncCluster> active = new ArrayList<>(s.activeClusters());
        active.add(cluster);
        return s.with(
                waiting,
                s.checkpointClusters(),
                active,
                s.finishingClusters(),
                s.peerClusterCounts(),
                s.nextClusterId());
    }

    /** Where a range after {@code previous} starts: after its last id, not verified yet. */
    static StartPoint.Anchor anchorAfter(SyncCluster previous, Policy policy) {
        long epoch = previous.firstEpoch() + previous.size() - 1;
        return new StartPoint.Anchor(previous.ids().get(previous.size() - 1), epoch, policy.electionBlockOf(epoch));
    }
}
