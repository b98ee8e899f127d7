package io.hms.engine.sync.clustering;

import io.hms.engine.sync.PeerId;
import io.hms.protocol.model.Hash;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Everything the clustering and selection algorithms read (SPEC §4.2), as one immutable value that
 * the supervisor actor owns and replaces with the state each decision returns.
 *
 * <p>hms pipelines across clusters, so several clusters can be {@code active} (being downloaded) at
 * once; where the spec speaks of "the active cluster" every active cluster is treated alike.
 *
 * @param ourElectionHead hash of our latest election block
 * @param ourEpoch epoch of our latest election block: epochs up to it are final
 * @param ourBlock our head block number
 * @param epochClusters waiting epoch clusters, in creation order
 * @param checkpointClusters waiting checkpoint clusters, in creation order
 * @param activeClusters clusters being downloaded, in activation order
 * @param finishingClusters clusters that handed all their batch sets to the application queue and
 *     wait for their finish there, in activation order. The queue itself is the job actor's; what
 *     clustering needs of it (SPEC §4.5 step 4) is derived by {@link #queuedJobs()}
 * @param peerClusterCounts for every tracked peer, the number of clusters (waiting, active or
 *     finishing) it is in
 * @param nextClusterId the id the next new cluster gets
 */
public record ClusteringState(
        Hash ourElectionHead,
        long ourEpoch,
        long ourBlock,
        List<SyncCluster> epochClusters,
        List<SyncCluster> checkpointClusters,
        List<SyncCluster> activeClusters,
        List<SyncCluster> finishingClusters,
        Map<PeerId, Integer> peerClusterCounts,
        long nextClusterId) {

    public ClusteringState {
        Objects.requireNonNull(ourElectionHead, "ourElectionHead");
        epochClusters = List.copyOf(epochClusters);
        checkpointClusters = List.copyOf(checkpointClusters);
        activeClusters = List.copyOf(activeClusters);
        finishingClusters = List.copyOf(finishingClusters);
        peerClusterCounts = Map.copyOf(peerClusterCounts);
    }

    /** No clusters, no peers: the start of a sync. */
    public static ClusteringState initial(Hash ourElectionHead, long ourEpoch, long ourBlock) {
        return new ClusteringState(
                ourElectionHead, ourEpoch, ourBlock, List.of(), List.of(), List.of(), List.of(), Map.of(), 0);
    }

    /** Our chain moved (a batch set was applied, or live sync advanced). */
    public ClusteringState withChain(Hash electionHead, long epoch, long block) {
        return new ClusteringState(
                electionHead,
                epoch,
                block,
                epochClusters,
                checkpointClusters,
                activeClusters,
                finishingClusters,
                peerClusterCounts,
                nextClusterId);
    }

    public boolean isTracked(PeerId peer) {
        return peerClusterCounts.containsKey(peer);
    }

    public int clusterCount(PeerId peer) {
        return peerClusterCounts.getOrDefault(peer, 0);
    }

    /** A copy with other cluster lists, counts and counter (used by the algorithms). */
    public ClusteringState with(
            List<SyncCluster> epoch,
            List<SyncCluster> checkpoint,
            List<SyncCluster> active,
            List<SyncCluster> finishing,
            Map<PeerId, Integer> counts,
            long nextId) {
        return new ClusteringState(
                ourElectionHead, ourEpoch, ourBlock, epoch, checkpoint, active, finishing, counts, nextId);
    }

    /** Replaces the active or finishing cluster with the same id (e.g. to record handed-over epochs). */
    public ClusteringState withCluster(SyncCluster updated) {
        return with(
                epochClusters,
                checkpointClusters,
                replaceById(activeClusters, updated.id(), c -> updated),
                replaceById(finishingClusters, updated.id(), c -> updated),
                peerClusterCounts,
                nextClusterId);
    }

    /**
     * Active cluster {@code clusterId} handed over all its batch sets: it waits for its finish
     * behind them. Unchanged if no such cluster is active.
     */
    public ClusteringState withFinishQueued(long clusterId) {
        List<SyncCluster> active = new ArrayList<>(activeClusters);
        for (int i = 0; i < active.size(); i++) {
            if (active.get(i).id() == clusterId) {
                List<SyncCluster> finishing = new ArrayList<>(finishingClusters);
                finishing.add(active.remove(i));
                return with(epochClusters, checkpointClusters, active, finishing, peerClusterCounts, nextClusterId);
            }
        }
        return this;
    }

    /** The active or finishing cluster {@code id}. */
    public Optional<SyncCluster> activated(long id) {
        return Stream.concat(finishingClusters.stream(), activeClusters.stream())
                .filter(c -> c.id() == id)
                .findFirst();
    }

    /**
     * The application queue as clustering sees it (SPEC §4.2 {@code jobQueue}), derived from the
     * clusters: per activated cluster in activation order, the ids it handed over that are not on
     * our chain yet, then its finish if it handed over everything.
     */
    public List<QueuedJob> queuedJobs() {
        List<QueuedJob> jobs = new ArrayList<>();
        for (SyncCluster c : finishingClusters) {
            addUnapplied(c, jobs);
            jobs.add(new QueuedJob.Finish(c));
        }
        activeClusters.forEach(c -> addUnapplied(c, jobs));
        return jobs;
    }

    private void addUnapplied(SyncCluster c, List<QueuedJob> jobs) {
        for (int i = 0; i < c.numFinished(); i++) {
            boolean applied = c.isCheckpoint() ? c.firstBlockNumber() <= ourBlock : c.firstEpoch() + i <= ourEpoch;
            if (!applied) {
                jobs.add(new QueuedJob.Push(c.id(), c.ids().get(i)));
            }
        }
    }

    /** The peer left: it disappears from every cluster, finishing ones included, and from the counts (SPEC §4.3). */
    public ClusteringState withoutPeer(PeerId peer) {
        UnaryOperator<SyncCluster> drop = c -> c.withoutPeer(peer);
        Map<PeerId, Integer> counts = new HashMap<>(peerClusterCounts);
        counts.remove(peer);
        return with(
                map(epochClusters, drop),
                map(checkpointClusters, drop),
                map(activeClusters, drop),
                map(finishingClusters, drop),
                counts,
                nextClusterId);
    }

    static List<SyncCluster> map(List<SyncCluster> clusters, UnaryOperator<SyncCluster> f) {
        List<SyncCluster> out = new ArrayList<>(clusters.size());
        for (SyncCluster c : clusters) {
            out.add(f.apply(c));
        }
        return out;
    }

    static List<SyncCluster> replaceById(List<SyncCluster> clusters, long id, UnaryOperator<SyncCluster> f) {
        return map(clusters, c -> c.id() == id ? f.apply(c) : c);
    }
}
