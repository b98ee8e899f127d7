package io.hms.engine.sync.clustering;

import io.hms.engine.sync.PeerId;
import io.hms.protocol.model.Hash;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

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
 * @param jobQueue downloaded batch sets and cluster finishes waiting for application, in order
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
    List<QueuedJob> jobQueue,
    Map<PeerId, Integer> peerClusterCounts,
    long nextClusterId) {

  public ClusteringState {
    Objects.requireNonNull(ourElectionHead, "ourElectionHead");
    epochClusters = List.copyOf(epochClusters);
    checkpointClusters = List.copyOf(checkpointClusters);
    activeClusters = List.copyOf(activeClusters);
    jobQueue = List.copyOf(jobQueue);
    peerClusterCounts = Map.copyOf(peerClusterCounts);
  }

  /** No clusters, no jobs, no peers: the start of a sync. */
  public static ClusteringState initial(Hash ourElectionHead, long ourEpoch, long ourBlock) {
    return new ClusteringState(ourElectionHead, ourEpoch, ourBlock, List.of(), List.of(), List.of(), List.of(), Map.of(), 0);
  }

  /** Our chain moved (a batch set was applied, or live sync advanced). */
  public ClusteringState withChain(Hash electionHead, long epoch, long block) {
    return new ClusteringState(electionHead, epoch, block, epochClusters, checkpointClusters, activeClusters, jobQueue,
        peerClusterCounts, nextClusterId);
  }

  public boolean isTracked(PeerId peer) {
    return peerClusterCounts.containsKey(peer);
  }

  public int clusterCount(PeerId peer) {
    return peerClusterCounts.getOrDefault(peer, 0);
  }

  /** A copy with other cluster lists, jobs, counts and counter (used by the algorithms). */
  public ClusteringState with(
      List<SyncCluster> epoch,
      List<SyncCluster> checkpoint,
      List<SyncCluster> active,
      List<QueuedJob> jobs,
      Map<PeerId, Integer> counts,
      long nextId) {
    return new ClusteringState(ourElectionHead, ourEpoch, ourBlock, epoch, checkpoint, active, jobs, counts, nextId);
  }

  /** Replaces the active cluster with the same id (e.g. to record finished epochs). */
  public ClusteringState withActiveCluster(SyncCluster updated) {
    List<SyncCluster> active = replaceById(activeClusters, updated.id(), c -> updated);
    return with(epochClusters, checkpointClusters, active, jobQueue, peerClusterCounts, nextClusterId);
  }

  /** Appends a downloaded batch set of {@code clusterId} to the application queue. */
  public ClusteringState withPushQueued(long clusterId, Hash blockHash) {
    List<QueuedJob> jobs = new ArrayList<>(jobQueue);
    jobs.add(new QueuedJob.Push(clusterId, blockHash));
    return with(epochClusters, checkpointClusters, activeClusters, jobs, peerClusterCounts, nextClusterId);
  }

  /**
   * Moves active cluster {@code clusterId} into the application queue as a finish job, behind its
   * pushes. Unchanged if no such cluster is active.
   */
  public ClusteringState withFinishQueued(long clusterId, ClusterOutcome outcome) {
    List<SyncCluster> active = new ArrayList<>(activeClusters);
    for (int i = 0; i < active.size(); i++) {
      if (active.get(i).id() == clusterId) {
        List<QueuedJob> jobs = new ArrayList<>(jobQueue);
        jobs.add(new QueuedJob.Finish(active.remove(i), outcome));
        return with(epochClusters, checkpointClusters, active, jobs, peerClusterCounts, nextClusterId);
      }
    }
    return this;
  }

  /** Drops the front job (a push that was applied); the caller handles finish jobs via {@link ClusterFinisher}. */
  public ClusteringState withoutFrontJob() {
    if (jobQueue.isEmpty()) {
      return this;
    }
    return with(epochClusters, checkpointClusters, activeClusters, jobQueue.subList(1, jobQueue.size()),
        peerClusterCounts, nextClusterId);
  }

  /** The peer left: it disappears from every cluster, finishing ones included, and from the counts (SPEC §4.3). */
  public ClusteringState withoutPeer(PeerId peer) {
    UnaryOperator<SyncCluster> drop = c -> c.withoutPeer(peer);
    List<QueuedJob> jobs = new ArrayList<>(jobQueue.size());
    for (QueuedJob job : jobQueue) {
      jobs.add(job instanceof QueuedJob.Finish f ? f.withCluster(f.cluster().withoutPeer(peer)) : job);
    }
    Map<PeerId, Integer> counts = new HashMap<>(peerClusterCounts);
    counts.remove(peer);
    return with(map(epochClusters, drop), map(checkpointClusters, drop), map(activeClusters, drop), jobs, counts,
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
