package io.hms.engine.sync.clustering;

import io.hms.engine.sync.PeerId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Ends a cluster and releases its peers (SPEC §4.10 {@code finishCluster}). Used both when a
 * cluster's finish job reaches the front of the application queue and when one of its pushes is
 * rejected.
 */
public final class ClusterFinisher {
    private ClusterFinisher() {}

    /**
     * @param state the state after the finish
     * @param cluster the cluster that ended; empty if {@code clusterId} was neither queued nor active
     * @param reAsk peers now in no cluster whose cluster did not fail: ask them for epoch ids again
     * @param released peers now in no cluster whose cluster failed. The original forgot them silently
     *     (SPEC §7.2 item 22); the caller should report them (Outdated) so they are re-checked later
     */
    public record Finished(
            ClusteringState state, Optional<SyncCluster> cluster, List<PeerId> reAsk, List<PeerId> released) {
        public Finished {
            reAsk = List.copyOf(reAsk);
            released = List.copyOf(released);
        }
    }

    /**
     * Removes cluster {@code clusterId} from the finishing and active clusters, then takes it out of
     * each of its peers' counts. (Its jobs are the job actor's: it evicts them itself on a failed push.)
     */
    public static Finished finish(ClusteringState state, long clusterId, ClusterOutcome outcome) {
        SyncCluster cluster = null;
        List<SyncCluster> finishing = new ArrayList<>();
        for (SyncCluster c : state.finishingClusters()) {
            if (c.id() != clusterId) {
                finishing.add(c);
            } else {
                cluster = c;
            }
        }
        List<SyncCluster> active = new ArrayList<>();
        for (SyncCluster c : state.activeClusters()) {
            if (c.id() != clusterId) {
                active.add(c);
            } else if (cluster == null) {
                cluster = c;
            }
        }
        if (cluster == null) {
            return new Finished(state, Optional.empty(), List.of(), List.of());
        }
        Map<PeerId, Integer> counts = new HashMap<>(state.peerClusterCounts());
        List<PeerId> reAsk = new ArrayList<>();
        List<PeerId> released = new ArrayList<>();
        for (PeerId peer : cluster.peers().asList()) {
            Integer count = counts.get(peer);
            if (count == null) {
                continue; // the peer left meanwhile
            }
            if (count > 1) {
                counts.put(peer, count - 1);
                continue;
            }
            counts.remove(peer);
            (outcome.reAsksPeers() ? reAsk : released).add(peer);
        }
        ClusteringState next = state.with(
                state.epochClusters(), state.checkpointClusters(), active, finishing, counts, state.nextClusterId());
        return new Finished(next, Optional.of(cluster), reAsk, released);
    }
}
