package io.hms.engine.sync.clustering;

import io.hms.engine.sync.EpochIds;
import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.clustering.ClusteringDecision.Verdict;
import io.hms.protocol.Policy;
import io.hms.protocol.message.Checkpoint;
import io.hms.protocol.model.Hash;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Groups peers by the epoch ids they offer (SPEC §4.5 {@code clusterEpochIds}, steps 1–10) as a
 * pure function from (state, one peer's ids) to a {@link ClusteringDecision}. It also applies the
 * checks the original ran just before it (SPEC §4.3 step 2: cluster limit, unknown locators,
 * nothing offered).
 *
 * <p>Deliberate differences from the original, each a fix of SPEC §7.2:
 *
 * <ul>
 *   <li>Step 4 attaches a peer to a finishing cluster only if one of its ids actually matched a
 *       queued push; the original defaulted to cluster #0 (item 25).
 *   <li>Step 5 visits the waiting and active epoch clusters in ascending first-epoch order (ties in
 *       deque order, waiting before active). The original visited them in deque order, then the
 *       active cluster, although matching only looks forward from the current position; a split
 *       tail created later but starting earlier, or an active cluster below the waiting ones, then
 *       made it create duplicate clusters (item 21). With clusters created in ascending order, as
 *       in every scenario of SPEC §6, both orders give the same result.
 *   <li>{@code numFinished} counts epochs, so the "already finished beyond the split" test compares
 *       like with like (item 19).
 *   <li>A peer that ends up in no cluster (all its ids lie in a part of an active cluster that is
 *       already finished) is not tracked with a count of 0, which would have ignored it forever;
 *       it is reported {@link Verdict#NOTHING_NEW}.
 *   <li>Only epoch clusters take part in step 5 and only checkpoint clusters in step 7.
 * </ul>
 */
public final class EpochIdClusterer {
    private final Policy policy;
    private final int maxClusters;

    /** @param maxClusters epoch clusters kept at most ({@code SyncSettings.maxClusters()}, 100) */
    public EpochIdClusterer(Policy policy, int maxClusters) {
        if (maxClusters < 1) {
            throw new IllegalArgumentException("maxClusters must be positive: " + maxClusters);
        }
        this.policy = policy;
        this.maxClusters = maxClusters;
    }

    /** Whether a reply can be clustered now; otherwise {@link #cluster} answers {@link Verdict#DEFERRED}. */
    public boolean hasRoom(ClusteringState state) {
        return state.epochClusters().size() < maxClusters;
    }

    public ClusteringDecision cluster(ClusteringState state, EpochIds input) {
        PeerId sender = input.sender();
        if (!hasRoom(state)) {
            return unchanged(Verdict.DEFERRED, sender, state);
        }
        if (!input.locatorFound()) {
            return unchanged(Verdict.LOCATOR_NOT_FOUND, sender, state);
        }
        if (input.offersNothing()) {
            return unchanged(Verdict.NOTHING_OFFERED, sender, state);
        }
        if (state.isTracked(sender)) { // step 1
            return unchanged(Verdict.ALREADY_TRACKED, sender, state);
        }
        List<Hash> ids = input.ids();
        long first = input.firstEpoch();
        Optional<Checkpoint> checkpoint = input.checkpoint();
        if (!ids.isEmpty() && first <= state.ourEpoch()) { // step 2: our chain moved since the request
            long last = input.lastEpoch();
            if (last < state.ourEpoch() || (last == state.ourEpoch() && checkpoint.isEmpty())) {
                return unchanged(Verdict.BEHIND, sender, state);
            }
            int ours = (int) (state.ourEpoch() - first);
            if (!ids.get(ours).equals(state.ourElectionHead())) {
                return unchanged(Verdict.FORK, sender, state);
            }
            ids = ids.subList(ours + 1, ids.size());
            first = state.ourEpoch() + 1;
        }
        if (checkpoint.isPresent() && checkpoint.get().blockNumber() <= state.ourBlock()) { // step 3
            checkpoint = Optional.empty();
        }
        List<Hash> sequence = new ArrayList<>(ids);
        checkpoint.ifPresent(c -> sequence.add(c.hash()));
        QueuedIdMatcher.Match queued = QueuedIdMatcher.match(sequence, state.queuedJobs()); // step 4
        int k = queued.matched();
        if (k > ids.size() || (k == ids.size() && checkpoint.isEmpty())) {
            return queued.finishing().isPresent()
                    ? attachToFinishing(state, sender, queued.finishing().get())
                    : unchanged(Verdict.NOTHING_NEW, sender, state);
        }
        return new EpochIdPlacement(policy, state, sender, ids.subList(k, ids.size()), first + k, checkpoint).run();
    }

    static ClusteringDecision unchanged(Verdict verdict, PeerId sender, ClusteringState state) {
        return new ClusteringDecision(verdict, sender, state, List.of());
    }

    private static ClusteringDecision attachToFinishing(ClusteringState state, PeerId sender, QueuedJob.Finish finish) {
        Map<PeerId, Integer> counts = new HashMap<>(state.peerClusterCounts());
        counts.put(sender, 1);
        ClusteringState attached = state.withCluster(finish.cluster().withPeer(sender));
        ClusteringState next = attached.with(
                attached.epochClusters(),
                attached.checkpointClusters(),
                attached.activeClusters(),
                attached.finishingClusters(),
                counts,
                attached.nextClusterId());
        return new ClusteringDecision(
                Verdict.ATTACHED_TO_FINISHING,
                sender,
                next,
                List.of(new ClusterChange.PeerAdded(finish.clusterId(), sender)));
    }
}
