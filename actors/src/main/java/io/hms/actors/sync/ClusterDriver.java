package io.hms.actors.sync;

import io.hms.actors.cluster.ClusterActor;
import io.hms.actors.cluster.ClusterStart;
import io.hms.actors.events.MacroSyncReturn;
import io.hms.actors.events.OutdatedReason;
import io.hms.actors.events.SyncEvent;
import io.hms.actors.job.JobActor;
import io.hms.actors.job.PushFailure;
import io.hms.actors.peer.PeerActor;
import io.hms.engine.store.PushError;
import io.hms.engine.sync.EpochIds;
import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.clustering.ClusterChange;
import io.hms.engine.sync.clustering.ClusterKind;
import io.hms.engine.sync.clustering.ClusterLifecycle;
import io.hms.engine.sync.clustering.ClusterOutcome;
import io.hms.engine.sync.clustering.ClusterSelector;
import io.hms.engine.sync.clustering.ClusteringDecision;
import io.hms.engine.sync.clustering.ClusteringState;
import io.hms.engine.sync.clustering.EpochIdClusterer;
import io.hms.engine.sync.clustering.SyncCluster;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor's cluster logic (SPEC §4.5–§4.10), executing the decisions of the engine's pure
 * algorithms: epoch ids are clustered, the best cluster is activated and downloaded by a {@link
 * ClusterActor}, its batch sets are queued at the {@link JobActor}, and when a cluster's finish
 * job is reached its peers are asked again — or, if it failed, reported Outdated. Used only from
 * the supervisor's thread.
 */
final class ClusterDriver {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterDriver.class);

    /** What the driver needs from the supervisor. */
    interface Host {
        Optional<ActorRef<PeerActor.Command>> peer(PeerId peer);

        /** Ask {@code peer} for epoch ids again. */
        void reAsk(PeerId peer);

        /** Whether epoch-id requests are still out. */
        boolean awaitingEpochIds();

        ActorRef<ClusterActor.Command> spawn(
                SyncCluster cluster, ClusterStart start, Map<PeerId, ActorRef<PeerActor.Command>> peers);

        void release(ActorRef<ClusterActor.Command> cluster);
    }

    private final Host host;
    private final ChainReader chain;
    private final ActorRef<JobActor.Command> jobs;
    private final SyncEventPublisher publisher;
    private final EpochIdClusterer clusterer;
    private final ClusterSelector selector;
    private final int maxActiveClusters;
    private final ClusterPipeline pipeline = new ClusterPipeline();
    private final ArrayDeque<EpochIds> deferred = new ArrayDeque<>();
    private final Map<Long, ActorRef<ClusterActor.Command>> running = new HashMap<>();
    private final Map<Long, String> reasons = new HashMap<>();
    private ClusteringState state;
    private long appliedItems;
    private long targetBlock;

    ClusterDriver(
            Host host,
            ChainReader chain,
            ActorRef<JobActor.Command> jobs,
            SyncEventPublisher publisher,
            int maxClusters,
            int maxActiveClusters) {
        this.host = host;
        this.chain = chain;
        this.jobs = jobs;
        this.publisher = publisher;
        this.clusterer = new EpochIdClusterer(chain.policy(), maxClusters);
        this.selector = new ClusterSelector(chain.policy());
        this.maxActiveClusters = maxActiveClusters;
        this.state = chain.initialState();
    }

    ClusteringState state() {
        return state;
    }

    int activatedClusters() {
        return pipeline.size();
    }

    /** No cluster waits, downloads or is being applied, and no reply waits for room. */
    boolean idle() {
        return pipeline.isEmpty()
                && state.epochClusters().isEmpty()
                && state.checkpointClusters().isEmpty()
                && state.activeClusters().isEmpty()
                && state.finishingClusters().isEmpty()
                && deferred.isEmpty();
    }

    // ------------------------------------------------------------------ epoch ids (SPEC §4.5)

    void cluster(EpochIds ids) {
        if (host.peer(ids.sender()).isEmpty()) {
            return;
        }
        if (!clusterer.hasRoom(state)) {
            deferred.addLast(ids);
            return;
        }
        ClusteringDecision decision = clusterer.cluster(state, ids);
        if (decision.verdict() == ClusteringDecision.Verdict.BEHIND) {
            // Only reached when our chain moved while the request was out (SPEC §4.5 step 2); the reply
            // then says nothing about the peer's present head (its checkpoint was dropped next to the
            // epochs), so ask again with our new locators instead of calling the peer behind.
            LOG.debug("peer={} answered for an older head; asking again", ids.sender());
            host.reAsk(ids.sender());
            return;
        }
        state = decision.state();
        decision.changes().forEach(this::forward);
        LOG.debug(
                "clustered peer={} verdict={} ids={} first={} checkpoint={}",
                ids.sender(),
                decision.verdict(),
                ids.ids().size(),
                ids.firstEpoch(),
                ids.checkpoint().isPresent());
        switch (decision.report()) {
            case GOOD -> publisher.publish(new MacroSyncReturn.Good(ids.sender()));
            case OUTDATED ->
                publisher.publish(new MacroSyncReturn.Outdated(
                        ids.sender(),
                        reasonOf(decision.verdict()),
                        decision.verdict() + ": " + ids.ids().size() + " ids from epoch " + ids.firstEpoch()
                                + ids.checkpoint()
                                        .map(c -> ", checkpoint " + c.blockNumber())
                                        .orElse("")));
            case NONE -> {}
        }
        state.epochClusters().forEach(c -> targetBlock = Math.max(targetBlock, targetOf(c)));
        state.checkpointClusters().forEach(c -> targetBlock = Math.max(targetBlock, targetOf(c)));
    }

    /** Tells a running cluster what clustering changed about it. */
    private void forward(ClusterChange change) {
        if (change instanceof ClusterChange.PeerAdded added) {
            ActorRef<ClusterActor.Command> cluster = running.get(added.clusterId());
            Optional<ActorRef<PeerActor.Command>> peer = host.peer(added.peer());
            if (cluster != null && peer.isPresent()) {
                cluster.tell(new ClusterActor.AddPeer(added.peer(), peer.get()));
            }
        } else if (change instanceof ClusterChange.Split split && running.containsKey(split.clusterId())) {
            running.get(split.clusterId()).tell(new ClusterActor.Truncate(split.keep()));
        }
    }

    private static OutdatedReason reasonOf(ClusteringDecision.Verdict verdict) {
        return switch (verdict) {
            case LOCATOR_NOT_FOUND -> OutdatedReason.UNKNOWN_LOCATORS;
            case BEHIND -> OutdatedReason.BEHIND;
            case FORK -> OutdatedReason.FORK;
            default -> OutdatedReason.NOTHING_NEW;
        };
    }

    /** The peer left: out of every cluster; waiting clusters left without peers are dropped (SPEC §7.2 item 27). */
    void peerLeft(PeerId peer) {
        ClusteringState without = state.withoutPeer(peer);
        state = without.with(
                withPeers(without.epochClusters()),
                withPeers(without.checkpointClusters()),
                without.activeClusters(),
                without.finishingClusters(),
                without.peerClusterCounts(),
                without.nextClusterId());
        running.values().forEach(c -> c.tell(new ClusterActor.RemovePeer(peer)));
    }

    private static List<SyncCluster> withPeers(List<SyncCluster> clusters) {
        return clusters.stream().filter(c -> !c.peers().isEmpty()).toList();
    }

    // ------------------------------------------------------------------ activation (SPEC §4.6, §4.9)

    /** Activates clusters while the pipeline has room and the last one has handed over everything. */
    void drive() {
        while (pipeline.size() < maxActiveClusters && !pipeline.anyDownloading()) {
            if (pipeline.isEmpty() && host.awaitingEpochIds()) {
                return; // nothing in progress: first hear every peer that was asked
            }
            Optional<ClusterStart> start = pipeline.isEmpty() ? Optional.of(chain.startFromStore()) : pipeline.tip();
            if (start.isEmpty()) {
                return; // where the last cluster ends is only known once it is applied
            }
            ClusteringState view = pipeline.isEmpty() ? state : chain.projected(state, start.get());
            Optional<ClusterSelector.Selection> selection = selector.select(view);
            if (selection.isEmpty()) {
                return;
            }
            state = selection.get().state().withChain(state.ourElectionHead(), state.ourEpoch(), state.ourBlock());
            activate(selection.get().cluster(), start.get());
            if (selection.get().fromEpochClusters()) {
                while (!deferred.isEmpty() && clusterer.hasRoom(state)) {
                    cluster(deferred.pollFirst());
                }
            }
        }
    }

    private void activate(SyncCluster cluster, ClusterStart start) {
        if (cluster.isEmpty()) {
            pipeline.empty(cluster.id(), start);
            state = state.withFinishQueued(cluster.id());
            jobs.tell(new JobActor.Finish(cluster.id(), ClusterOutcome.COMPLETED));
            return;
        }
        Map<PeerId, ActorRef<PeerActor.Command>> refs = new java.util.LinkedHashMap<>();
        cluster.peers().asList().forEach(p -> host.peer(p).ifPresent(ref -> refs.put(p, ref)));
        running.put(cluster.id(), host.spawn(cluster, start, refs));
        pipeline.downloading(cluster.id());
        publisher.publish(new SyncEvent.ClusterStarted(
                cluster.id(),
                cluster.kind(),
                cluster.firstEpoch(),
                cluster.size(),
                targetOf(cluster),
                cluster.peers().asList()));
    }

    // ------------------------------------------------------------------ hand-offs

    /** The JobActor accepted a batch set: count the epoch as handed over if it closes the next id. */
    void queued(JobActor.Queued q) {
        state = ClusterLifecycle.handedOver(state, q.clusterId(), q.epoch(), q.blockHash());
    }

    /** The cluster handed over everything it will: queue its finish behind its batch sets. */
    void downloadFinished(long id, ClusterOutcome outcome, String reason, Optional<ClusterStart> tip) {
        ActorRef<ClusterActor.Command> ref = running.remove(id);
        if (ref == null) {
            return;
        }
        host.release(ref);
        boolean epochCluster =
                state.activeClusters().stream().anyMatch(c -> c.id() == id && c.kind() == ClusterKind.EPOCH);
        pipeline.downloaded(id, outcome == ClusterOutcome.COMPLETED && epochCluster ? tip : Optional.empty());
        reasons.put(id, reason);
        state = state.withFinishQueued(id);
        jobs.tell(new JobActor.Finish(id, outcome));
    }

    /** Whether the cluster is still downloading (so a stopped actor means it died). */
    boolean isRunning(long id) {
        return running.containsKey(id);
    }

    // ------------------------------------------------------------------ jobs (SPEC §4.10)

    void applied(JobActor.Applied a) {
        state = chain.refresh(state);
        appliedItems += a.result().appendedLeaves();
        publisher.publish(new SyncEvent.BatchSetApplied(
                a.clusterId(),
                a.result().epoch(),
                a.result().blockNumber(),
                a.result().election(),
                a.result().appendedLeaves(),
                a.result().historyLength(),
                appliedItems,
                Math.max(targetBlock, a.result().blockNumber())));
    }

    /** The block was already ours (e.g. applied by live sync meanwhile): the cluster goes on. */
    void alreadyApplied(JobActor.AlreadyApplied a) {
        state = chain.refresh(state);
    }

    /**
     * A push failed: its cluster ends, and so does every cluster verified on top of it.
     *
     * @return why the sync must stop, if the store itself failed
     */
    Optional<String> pushFailed(JobActor.PushFailed f) {
        if (f.failure() == PushFailure.STORE_ERROR || f.error().equals(Optional.of(PushError.STORE_FAILURE))) {
            return Optional.of("the store failed applying block " + f.blockNumber() + ": " + f.detail());
        }
        boolean outdated =
                f.failure() != PushFailure.REJECTED || f.error().equals(Optional.of(PushError.WRONG_PREDECESSOR));
        state = chain.refresh(state);
        String reason = "block " + f.blockNumber() + " not applied: " + f.failure() + " " + f.detail();
        execute(ClusterLifecycle.pushRejected(state, pipeline.order(), f.clusterId(), outdated, reason));
        return Optional.empty();
    }

    void finishReached(JobActor.FinishReached f) {
        finish(f.clusterId(), f.outcome(), reasons.getOrDefault(f.clusterId(), ""));
    }

    /** Ends a cluster: peers whose count drops to 0 are asked again, or reported Outdated if it failed. */
    private void finish(long id, ClusterOutcome outcome, String reason) {
        execute(ClusterLifecycle.finish(state, id, outcome, reason));
    }

    /** Carries out a lifecycle step's decisions, in order. */
    private void execute(ClusterLifecycle.Step step) {
        state = step.state();
        for (ClusterLifecycle.Decision d : step.decisions()) {
            if (d instanceof ClusterLifecycle.Ended e) {
                ended(e.clusterId());
            } else if (d instanceof ClusterLifecycle.EvictJobs e) {
                jobs.tell(new JobActor.Evict(e.clusterId()));
            } else if (d instanceof ClusterLifecycle.ReportFinished r) {
                publisher.publish(new SyncEvent.ClusterFinished(r.clusterId(), r.outcome()));
            } else if (d instanceof ClusterLifecycle.ReAsk r) {
                host.reAsk(r.peer());
            } else if (d instanceof ClusterLifecycle.ReportReleased r) {
                publisher.publish(new MacroSyncReturn.Outdated(
                        r.peer(), OutdatedReason.CLUSTER_FAILED, "cluster " + r.clusterId() + ": " + r.reason()));
            }
        }
    }

    private void ended(long id) {
        pipeline.remove(id);
        reasons.remove(id);
        ActorRef<ClusterActor.Command> ref = running.remove(id);
        if (ref != null) {
            host.release(ref);
            ref.tell(ClusterActor.Abort.INSTANCE);
        }
    }

    /** Stops every running cluster (the sync is shutting down). */
    void abortAll() {
        running.values().forEach(c -> {
            host.release(c);
            c.tell(ClusterActor.Abort.INSTANCE);
        });
        running.clear();
    }

    private long targetOf(SyncCluster c) {
        return c.kind() == ClusterKind.EPOCH
                ? chain.policy().electionBlockOf(c.firstEpoch() + c.size() - 1)
                : c.firstBlockNumber();
    }
}
