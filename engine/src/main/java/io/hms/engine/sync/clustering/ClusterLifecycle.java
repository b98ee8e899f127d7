package io.hms.engine.sync.clustering;

import io.hms.engine.sync.EpochIds;
import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.clustering.ClusterDecision.Download;
import io.hms.engine.sync.clustering.ClusterDecision.QueueFinish;
import io.hms.engine.sync.clustering.ClusterDecision.Released;
import io.hms.engine.sync.clustering.ClusterDecision.RemovePeer;
import io.hms.protocol.Policy;
import io.hms.protocol.model.Hash;
import io.hms.verifier.BatchSetVerifyState;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The supervisor's cluster decisions (SPEC §4.3 step 2, §4.5–§4.10) as a pure function of the
 * {@link LifecycleState} and one input: a peer's epoch ids, a peer that left, a chance to activate
 * clusters, a batch set handed over, a download that ended, a push rejected, a finish reached. Each
 * returns the next state and the {@link ClusterDecision}s to execute in order; it sends nothing and
 * owns no queue (the job queue is the job actor's, the downloads are the cluster actors').
 *
 * <p>Pipelining across clusters (SPEC §7.1 item 1): the next cluster is activated as soon as the
 * previous one has handed over everything, verified from the state that one leaves behind, and
 * while at most {@code maxActiveClusters} activated clusters have not ended. Ranges in parallel
 * (issue 15, {@link ParallelRanges}): an activated epoch cluster is cut into ranges, and the next
 * range starts while the one before it still downloads, from that one's last id (its anchor).
 */
public final class ClusterLifecycle {

    /** The state after a step and what to do, in order. */
    public record Step(LifecycleState state, List<ClusterDecision> decisions) {
        public Step {
            Objects.requireNonNull(state, "state");
            decisions = List.copyOf(decisions);
        }

        static Step unchanged(LifecycleState state) {
            return new Step(state, List.of());
        }
    }

    private final Policy policy;
    private final EpochIdIntake intake;
    private final ClusterSelector selector;
    private final int maxActiveClusters;
    private final ParallelRanges ranges;

    /** One cluster downloads at a time ({@link ParallelRanges#NONE}). */
    public ClusterLifecycle(Policy policy, int maxClusters, int maxActiveClusters) {
        this(policy, maxClusters, maxActiveClusters, ParallelRanges.NONE);
    }

    /**
     * @param maxClusters epoch clusters kept at most; later replies wait ({@code SyncSettings.maxClusters()})
     * @param maxActiveClusters activated clusters that may not have ended at once (the pipeline's length)
     * @param ranges how epoch clusters are cut into ranges that download at once
     */
    public ClusterLifecycle(Policy policy, int maxClusters, int maxActiveClusters, ParallelRanges ranges) {
        if (maxActiveClusters < 1) {
            throw new IllegalArgumentException("maxActiveClusters must be positive: " + maxActiveClusters);
        }
        this.policy = policy;
        this.intake = new EpochIdIntake(new EpochIdClusterer(policy, maxClusters), policy);
        this.selector = new ClusterSelector(policy);
        this.maxActiveClusters = maxActiveClusters;
        this.ranges = ranges;
    }

    /** A validated reply of a peer that is connected and not banned (SPEC §4.3 step 2). */
    public Step epochIds(LifecycleState state, EpochIds ids) {
        List<ClusterDecision> out = new ArrayList<>();
        LifecycleState next = intake.take(state, ids, out);
        return new Step(next, out);
    }

    /** The peer left: out of every cluster; waiting clusters left without peers are dropped (SPEC §7.2 item 27). */
    public Step peerLeft(LifecycleState state, PeerId peer) {
        ClusteringState without = state.clustering().withoutPeer(peer);
        ClusteringState next = without.with(
                withPeers(without.epochClusters()),
                withPeers(without.checkpointClusters()),
                without.activeClusters(),
                without.finishingClusters(),
                without.peerClusterCounts(),
                without.nextClusterId());
        List<ClusterDecision> out = state.anyDownloading() ? List.of(new RemovePeer(peer)) : List.of();
        return new Step(state.withClustering(next), out);
    }

    private static List<SyncCluster> withPeers(List<SyncCluster> clusters) {
        return clusters.stream().filter(c -> !c.peers().isEmpty()).toList();
    }

    /**
     * Activates clusters while the pipeline has room (SPEC §4.6, §4.9): the next cluster once the
     * last one has handed over everything, or — ranges in parallel — the range that continues the
     * last one while a download still runs, verified from the last one's last id (its anchor).
     * Taking an epoch cluster makes room for deferred replies, which are clustered then.
     *
     * @param awaitingEpochIds whether epoch-id requests are out: with nothing activated, every peer
     *     asked is heard before a cluster is chosen
     * @param store our store's chain now, where a cluster starts when nothing waits to be applied
     * @param usable the peers connected and not banned; deferred replies of other peers are dropped
     */
    public Step activate(LifecycleState state, boolean awaitingEpochIds, ChainPosition store, Set<PeerId> usable) {
        List<ClusterDecision> out = new ArrayList<>();
        LifecycleState s = state;
        while (s.pipeline().size() < maxActiveClusters) {
            Optional<LifecycleState> next = s.anyDownloading()
                    ? nextRange(s, usable, out)
                    : nextCluster(s, awaitingEpochIds, store, usable, out);
            if (next.isEmpty()) {
                break;
            }
            s = next.get();
        }
        return new Step(s, out);
    }

    /** The next cluster chosen by {@link ClusterSelector}, once nothing downloads. */
    private Optional<LifecycleState> nextCluster(
            LifecycleState s,
            boolean awaitingEpochIds,
            ChainPosition store,
            Set<PeerId> usable,
            List<ClusterDecision> out) {
        if (s.pipeline().isEmpty() && awaitingEpochIds) {
            return Optional.empty();
        }
        Optional<StartPoint> start = s.pipeline().isEmpty() ? Optional.of(StartPoint.FromStore.INSTANCE) : s.tip();
        if (start.isEmpty()) {
            return Optional.empty(); // where the last cluster ends is only known once it is applied
        }
        ClusteringState ours = s.clustering();
        ClusteringState view = s.pipeline().isEmpty()
                ? ours
                : start.get().position(policy, store).applyTo(ours);
        Optional<ClusterSelector.Selection> selection = selector.select(view);
        if (selection.isEmpty()) {
            return Optional.empty();
        }
        ClusteringState chosen =
                selection.get().state().withChain(ours.ourElectionHead(), ours.ourEpoch(), ours.ourBlock());
        long id = selection.get().cluster().id();
        SyncCluster winner = selection.get().cluster();
        if (!winner.isEmpty() && winner.firstEpoch() > view.ourEpoch() + 1) {
            return Optional.of(dropBehindGap(s, chosen, id, out));
        }
        if (ranges.enabled()) {
            chosen = RangeSplitter.cut(chosen, id, ranges.rangeEpochs(), policy);
        }
        SyncCluster cluster = chosen.activated(id).orElseThrow();
        LifecycleState next = start(s.withClustering(chosen), cluster, start.get(), out);
        return Optional.of(selection.get().fromEpochClusters() ? takeDeferred(next, usable, out) : next);
    }

    /**
     * The best waiting cluster starts after a gap: the epochs between where it would start and its
     * first id were the ids of a cluster that ended without being applied (a failed range whose
     * successor was cut off it), and no other cluster holds them. Verified from there it could only
     * fail, and its peers would be reported as if they had lied. It is dropped instead, and its peers
     * that are in no other cluster are asked for the ids after our head again; their answers cover
     * the gap. The caller's loop then looks at the next waiting cluster.
     */
    private static LifecycleState dropBehindGap(
            LifecycleState s, ClusteringState chosen, long clusterId, List<ClusterDecision> out) {
        ClusterFinisher.Finished dropped = ClusterFinisher.finish(chosen, clusterId, ClusterOutcome.OUTDATED);
        dropped.reAsk().forEach(p -> out.add(new ClusterDecision.ReAsk(p)));
        return s.withClustering(dropped.state());
    }

    /**
     * The range that continues the last activated one while a download still runs (at most {@code
     * 1 + maxRangesAhead} activated at once): it starts from the last one's last id, not verified yet.
     */
    private Optional<LifecycleState> nextRange(LifecycleState s, Set<PeerId> usable, List<ClusterDecision> out) {
        if (!ranges.enabled() || s.pipeline().size() >= 1 + ranges.maxRangesAhead()) {
            return Optional.empty();
        }
        PipelineSlot last = s.pipeline().get(s.pipeline().size() - 1);
        if (!last.downloading() && last.end().isEmpty()) {
            return Optional.empty(); // it ended without a verified tip: nothing can link to it
        }
        Optional<SyncCluster> previous =
                s.clustering().activated(last.id()).filter(c -> c.kind() == ClusterKind.EPOCH && !c.isEmpty());
        Optional<SyncCluster> successor = previous.flatMap(p -> RangeSplitter.successor(s.clustering(), p));
        if (successor.isEmpty()) {
            return Optional.empty();
        }
        long id = successor.get().id();
        ClusteringState taken = RangeSplitter.cut(
                RangeSplitter.activate(s.clustering(), successor.get()), id, ranges.rangeEpochs(), policy);
        SyncCluster range = taken.activated(id).orElseThrow();
        out.add(new Download(range, RangeSplitter.anchorAfter(previous.get(), policy), intake.targetOf(range)));
        LifecycleState next = s.withClustering(taken).withSlot(PipelineSlot.downloading(id));
        return Optional.of(takeDeferred(next, usable, out));
    }

    private LifecycleState start(LifecycleState s, SyncCluster cluster, StartPoint start, List<ClusterDecision> out) {
        if (cluster.isEmpty()) {
            out.add(new QueueFinish(cluster.id(), ClusterOutcome.COMPLETED));
            return s.withSlot(PipelineSlot.empty(cluster.id(), start))
                    .withClustering(s.clustering().withFinishQueued(cluster.id()));
        }
        out.add(new Download(cluster, start, intake.targetOf(cluster)));
        return s.withSlot(PipelineSlot.downloading(cluster.id()));
    }

    private LifecycleState takeDeferred(LifecycleState s, Set<PeerId> usable, List<ClusterDecision> out) {
        while (!s.deferred().isEmpty() && intake.hasRoom(s)) {
            EpochIds ids = s.deferred().get(0);
            s = s.withDeferred(s.deferred().subList(1, s.deferred().size()));
            if (usable.contains(ids.sender())) {
                s = intake.take(s, ids, out);
            }
        }
        return s;
    }

    /**
     * The job actor accepted a batch set of {@code epoch}: if it closes the cluster's id at that
     * position, the ids up to it count as handed over ({@code numFinished}). Whatever order these
     * arrive in, the result is the furthest position handed over.
     */
    public LifecycleState handedOver(LifecycleState state, long clusterId, long epoch, Hash blockHash) {
        ClusteringState c = state.clustering();
        return c.activated(clusterId)
                .map(cluster -> {
                    int pos = cluster.isCheckpoint() ? 0 : (int) (epoch - cluster.firstEpoch());
                    boolean closesId = pos >= 0
                            && pos < cluster.size()
                            && cluster.ids().get(pos).equals(blockHash);
                    return closesId && cluster.numFinished() < pos + 1
                            ? state.withClustering(c.withCluster(cluster.withNumFinished(pos + 1)))
                            : state;
                })
                .orElse(state);
    }

    /**
     * The cluster's download ended, having handed over everything it will: its finish is queued
     * behind its batch sets. {@code tip} (the verification state after its last id) lets the next
     * cluster start before this one is applied, if it was an epoch cluster that completed.
     */
    public Step downloadFinished(
            LifecycleState state,
            long clusterId,
            ClusterOutcome outcome,
            String reason,
            Optional<BatchSetVerifyState> tip) {
        if (!state.isDownloading(clusterId)) {
            return Step.unchanged(state);
        }
        boolean epochCluster = state.clustering().activeClusters().stream()
                .anyMatch(c -> c.id() == clusterId && c.kind() == ClusterKind.EPOCH);
        Optional<StartPoint> successorStart =
                outcome == ClusterOutcome.COMPLETED && epochCluster ? tip.map(StartPoint.After::new) : Optional.empty();
        Optional<Hash> tipHash =
                successorStart.isPresent() ? tip.map(t -> t.predecessor().hash()) : Optional.empty();
        LifecycleState next = state.mapSlot(clusterId, slot -> slot.downloaded(successorStart, reason))
                .withClustering(state.clustering().withFinishQueued(clusterId));
        return new Step(next, List.of(new Released(clusterId), new QueueFinish(clusterId, outcome, tipHash)));
    }

    /** The cluster's download stopped without saying it ended (its actor died): it failed. */
    public Step downloadStopped(LifecycleState state, long clusterId) {
        return downloadFinished(state, clusterId, ClusterOutcome.FAILED, "cluster actor stopped", Optional.empty());
    }

    /** Our chain moved (a batch set was applied or already ours, or live sync advanced). */
    public LifecycleState chainMoved(LifecycleState state, ChainPosition now) {
        return state.withClustering(now.applyTo(state.clustering()));
    }

    /**
     * A push of {@code clusterId} was not applied: that cluster ends ({@code OUTDATED} if the store
     * already moved past it, else {@code FAILED}), and so does every cluster activated after it.
     */
    public Step pushRejected(LifecycleState state, long clusterId, boolean outdated, String reason) {
        return ClusterEnding.pushRejected(state, clusterId, outdated, reason);
    }

    /** The cluster's finish job was reached: it ends; peers in no other cluster are asked again, or reported if it failed. */
    public Step finishReached(LifecycleState state, long clusterId, ClusterOutcome outcome) {
        return ClusterEnding.finish(state, clusterId, outcome);
    }
}
