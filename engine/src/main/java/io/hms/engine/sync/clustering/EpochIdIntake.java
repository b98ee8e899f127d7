package io.hms.engine.sync.clustering;

import io.hms.engine.sync.EpochIds;
import io.hms.engine.sync.clustering.ClusterDecision.AddPeer;
import io.hms.engine.sync.clustering.ClusterDecision.Judged;
import io.hms.engine.sync.clustering.ClusterDecision.ReAsk;
import io.hms.engine.sync.clustering.ClusterDecision.Truncate;
import io.hms.engine.sync.clustering.ClusteringDecision.Verdict;
import io.hms.protocol.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Takes one peer's validated epoch ids into the lifecycle state (SPEC §4.3 step 2, §4.5): defers
 * them while {@code maxClusters} epoch clusters wait, asks the peer again if they answer an older
 * head of ours, and otherwise clusters them and says what running downloads must hear.
 */
final class EpochIdIntake {
    private final EpochIdClusterer clusterer;
    private final Policy policy;

    EpochIdIntake(EpochIdClusterer clusterer, Policy policy) {
        this.clusterer = clusterer;
        this.policy = policy;
    }

    boolean hasRoom(LifecycleState state) {
        return clusterer.hasRoom(state.clustering());
    }

    LifecycleState take(LifecycleState state, EpochIds ids, List<ClusterDecision> out) {
        if (!hasRoom(state)) {
            List<EpochIds> deferred = new ArrayList<>(state.deferred());
            deferred.add(ids);
            return state.withDeferred(deferred);
        }
        ClusteringDecision decision = clusterer.cluster(state.clustering(), ids);
        if (decision.verdict() == Verdict.BEHIND) {
            // Only reached when our chain moved while the request was out (SPEC §4.5 step 2); the reply
            // then says nothing about the peer's present head (its checkpoint was dropped next to the
            // epochs), so ask again with our new locators instead of calling the peer behind.
            out.add(new ReAsk(ids.sender()));
            return state;
        }
        LifecycleState next = state.withClustering(decision.state());
        decision.changes().forEach(change -> forward(next, change, out));
        out.add(new Judged(ids.sender(), decision.verdict(), ids));
        long target = Stream.concat(
                        next.clustering().epochClusters().stream(), next.clustering().checkpointClusters().stream())
                .mapToLong(this::targetOf)
                .reduce(next.targetBlock(), Math::max);
        return next.withTarget(target);
    }

    /** What a downloading cluster must hear of a clustering change; waiting and finishing ones need nothing. */
    private static void forward(LifecycleState state, ClusterChange change, List<ClusterDecision> out) {
        if (change instanceof ClusterChange.PeerAdded added && state.isDownloading(added.clusterId())) {
            out.add(new AddPeer(added.clusterId(), added.peer()));
        } else if (change instanceof ClusterChange.Split split && state.isDownloading(split.clusterId())) {
            out.add(new Truncate(split.clusterId(), split.keep()));
        }
    }

    /** The block a cluster leads to: its last election block, or its checkpoint. */
    long targetOf(SyncCluster c) {
        return c.kind() == ClusterKind.EPOCH
                ? policy.electionBlockOf(c.firstEpoch() + c.size() - 1)
                : c.firstBlockNumber();
    }
}
