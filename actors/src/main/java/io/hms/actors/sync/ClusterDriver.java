package io.hms.actors.sync;

import io.hms.actors.cluster.ClusterActor;
import io.hms.actors.cluster.ClusterEvent;
import io.hms.actors.events.MacroSyncReturn;
import io.hms.actors.events.OutdatedReason;
import io.hms.actors.events.SyncEvent;
import io.hms.actors.job.JobActor;
import io.hms.actors.job.PushFailure;
import io.hms.actors.peer.PeerActor;
import io.hms.actors.settings.HmsSettings;
import io.hms.actors.worker.WorkerActor;
import io.hms.actors.worker.WorkerPool;
import io.hms.engine.store.PushError;
import io.hms.engine.sync.EpochIds;
import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.clustering.ClusterDecision;
import io.hms.engine.sync.clustering.ClusterLifecycle;
import io.hms.engine.sync.clustering.ClusterOutcome;
import io.hms.engine.sync.clustering.LifecycleState;
import io.hms.engine.sync.clustering.ParallelRanges;
import io.hms.engine.sync.clustering.StartPoint;
import io.hms.engine.sync.clustering.SyncCluster;
import io.hms.engine.sync.peers.PeerSpeeds;
import io.hms.engine.sync.reorder.ReorderSettings;
import io.hms.protocol.model.Hash;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * Executes the supervisor's cluster decisions. It feeds each input to the engine's pure {@link
 * ClusterLifecycle}, keeps the {@link LifecycleState} the step returns, and carries out the step's
 * {@link ClusterDecision}s in order: spawning and telling {@link ClusterActor}s, queueing finishes
 * and evictions at the {@link JobActor}, asking peers again through the {@link EpochIdAsker} and
 * publishing events. It decides nothing itself. Used only from the supervisor's thread.
 */
final class ClusterDriver {
    private final ActorContext<HistoryMacroSync.Command> context;
    private final HmsSettings settings;
    private final ChainReader chain;
    private final SyncPeers peers;
    private final EpochIdAsker asker;
    private final ActorRef<JobActor.Command> jobs;
    private final ActorRef<ClusterEvent> clusterEvents;
    private final SyncEventPublisher publisher;
    private final ClusterLifecycle lifecycle;
    /** The ClusterActor of each cluster whose download runs. */
    private final Map<Long, ActorRef<ClusterActor.Command>> running = new HashMap<>();
    /** What this node's clusters measured of each peer; each new cluster starts from it (issue 12). */
    private final PeerSpeeds speeds = new PeerSpeeds();
    /** The worker of each cluster whose download runs on another node (docs/ARCHITECTURE.md "Workers"). */
    private final Map<Long, ActorRef<WorkerActor.Command>> remote = new HashMap<>();

    private final WorkerPool<ActorRef<WorkerActor.Command>> workers = new WorkerPool<>();

    private LifecycleState state;
    private long appliedItems;

    ClusterDriver(
            ActorContext<HistoryMacroSync.Command> context,
            HmsSettings settings,
            ChainReader chain,
            SyncPeers peers,
            EpochIdAsker asker,
            ActorRef<JobActor.Command> jobs,
            SyncEventPublisher publisher) {
        this.context = context;
        this.settings = settings;
        this.chain = chain;
        this.peers = peers;
        this.asker = asker;
        this.jobs = jobs;
        this.publisher = publisher;
        this.clusterEvents = context.messageAdapter(ClusterEvent.class, HistoryMacroSync.FromCluster::new);
        ReorderSettings reorder = settings.syncActors().reorder();
        this.lifecycle = new ClusterLifecycle(
                chain.policy(),
                settings.sync().maxClusters(),
                settings.syncActors().maxActiveClusters(),
                ParallelRanges.of(reorder.rangeEpochs(), settings.sync().maxRequestEpochs(), reorder.maxRangesAhead()));
        this.state = LifecycleState.initial(chain.initialState());
    }

    LifecycleState state() {
        return state;
    }

    /** Workers registered with the desk and not left. */
    int workerCount() {
        return workers.size();
    }

    // ------------------------------------------------------------------ inputs

    void epochIds(EpochIds ids) {
        run(lifecycle.epochIds(state, ids));
    }

    void peerLeft(PeerId peer) {
        run(lifecycle.peerLeft(state, peer));
    }

    /** Activates what can be activated now (after every event that may have made room). */
    void activate() {
        run(lifecycle.activate(state, peers.epochIdRequests() > 0, chain.position(), peers.usable()));
    }

    /**
     * What the JobActor reports: hand-offs, applied batch sets, failed pushes, finishes reached.
     *
     * @return why the sync must stop, if the store itself failed
     */
    Optional<String> jobEvent(JobActor.Event event) {
        if (event instanceof JobActor.Queued q) {
            state = lifecycle.handedOver(state, q.clusterId(), q.epoch(), q.blockHash());
        } else if (event instanceof JobActor.Applied a) {
            applied(a);
        } else if (event instanceof JobActor.AlreadyApplied) {
            // the block was already ours (e.g. applied by live sync meanwhile): the cluster goes on
            state = lifecycle.chainMoved(state, chain.position());
        } else if (event instanceof JobActor.PushFailed f) {
            return pushFailed(f);
        } else if (event instanceof JobActor.FinishReached f) {
            run(lifecycle.finishReached(state, f.clusterId(), f.outcome()));
        } else if (event instanceof JobActor.RangeDropped d) {
            // nothing of it was applied: it ends with every range after it, their peers are asked again
            run(lifecycle.pushRejected(state, d.clusterId(), true, "range dropped: " + d.reason()));
        }
        return Optional.empty();
    }

    void downloadFinished(ClusterEvent.DownloadFinished f) {
        if (f.outcome() != ClusterOutcome.COMPLETED && state.isDownloading(f.clusterId())) {
            ActorRef<WorkerActor.Command> worker = remote.get(f.clusterId());
            context.getLog()
                    .info(
                            "cluster {} ended {}{}: {}",
                            f.clusterId(),
                            f.outcome(),
                            worker == null ? "" : " on worker " + worker.path(),
                            f.reason());
        }
        run(lifecycle.downloadFinished(state, f.clusterId(), f.outcome(), f.reason(), f.tip()));
    }

    /** A ClusterActor stopped; if its download had not ended, it failed. */
    void clusterStopped(long clusterId) {
        run(lifecycle.downloadStopped(state, clusterId));
    }

    private void applied(JobActor.Applied a) {
        state = lifecycle.chainMoved(state, chain.position());
        appliedItems += a.result().appendedLeaves();
        publisher.publish(new SyncEvent.BatchSetApplied(
                a.clusterId(),
                a.result().epoch(),
                a.result().blockNumber(),
                a.result().election(),
                a.result().appendedLeaves(),
                a.result().historyLength(),
                appliedItems,
                Math.max(state.targetBlock(), a.result().blockNumber())));
    }

    /** A push failed: its cluster ends, and so does every cluster verified on top of it (unless the store failed). */
    private Optional<String> pushFailed(JobActor.PushFailed f) {
        if (f.failure() == PushFailure.STORE_ERROR || f.error().equals(Optional.of(PushError.STORE_FAILURE))) {
            return Optional.of("the store failed applying block " + f.blockNumber() + ": " + f.detail());
        }
        boolean outdated =
                f.failure() != PushFailure.REJECTED || f.error().equals(Optional.of(PushError.WRONG_PREDECESSOR));
        state = lifecycle.chainMoved(state, chain.position());
        String reason = "block " + f.blockNumber() + " not applied: " + f.failure() + " " + f.detail();
        run(lifecycle.pushRejected(state, f.clusterId(), outdated, reason));
        return Optional.empty();
    }

    void workerJoined(ActorRef<WorkerActor.Command> worker, int capacity) {
        workers.add(worker, capacity);
    }

    /** A worker left or was downed: each of its downloads failed, so its range is activated anew. */
    void workerLeft(ActorRef<WorkerActor.Command> worker) {
        workers.remove(worker);
        Set<Long> lost = new HashSet<>();
        remote.forEach((id, w) -> {
            if (w.equals(worker)) {
                lost.add(id);
            }
        });
        lost.forEach(id -> {
            remote.remove(id);
            // not the peers' fault: they are asked again (OUTDATED), and the range from our head is activated anew
            run(lifecycle.downloadFinished(state, id, ClusterOutcome.OUTDATED, "its worker left", Optional.empty()));
        });
    }

    /** A peer proved it lied: every worker bans it too, also one without a range now (it may get one). */
    void banEverywhere(PeerId peer, io.hms.engine.sync.fault.PeerFault fault, String detail) {
        Set<ActorRef<WorkerActor.Command>> all = new HashSet<>(remote.values());
        all.addAll(workers.all());
        all.forEach(w -> w.tell(new WorkerActor.Ban(peer, fault, detail)));
    }

    /** Stops every running download (the sync is shutting down). */
    void abortAll() {
        remote.forEach((id, w) -> w.tell(new WorkerActor.Abort(id)));
        remote.keySet().forEach(id -> workers.ended(remote.get(id)));
        remote.clear();
        running.values().forEach(c -> {
            context.unwatch(c);
            c.tell(ClusterActor.Abort.INSTANCE);
        });
        running.clear();
    }

    // ------------------------------------------------------------------ execution

    private void run(ClusterLifecycle.Step step) {
        state = step.state();
        step.decisions().forEach(this::execute);
    }

    private void execute(ClusterDecision d) {
        if (d instanceof ClusterDecision.Judged j) {
            PeerReports.judged(j).ifPresent(publisher::publish);
        } else if (d instanceof ClusterDecision.ReAsk r) {
            asker.ask(r.peer(), state.clustering());
        } else if (d instanceof ClusterDecision.AddPeer a) {
            tell(a.clusterId(), peers.usable(a.peer()).map(ref -> new ClusterActor.AddPeer(a.peer(), ref)));
            if (peers.usable(a.peer()).isPresent()) {
                tellWorker(a.clusterId(), new WorkerActor.AddPeer(a.clusterId(), a.peer()));
            }
        } else if (d instanceof ClusterDecision.Truncate t) {
            tell(t.clusterId(), Optional.of(new ClusterActor.Truncate(t.keep())));
            tellWorker(t.clusterId(), new WorkerActor.Truncate(t.clusterId(), t.keep()));
        } else if (d instanceof ClusterDecision.RemovePeer r) {
            running.values().forEach(c -> c.tell(new ClusterActor.RemovePeer(r.peer())));
            new HashSet<>(remote.values()).forEach(w -> w.tell(new WorkerActor.RemovePeer(r.peer())));
        } else if (d instanceof ClusterDecision.Download download) {
            spawn(download);
        } else if (d instanceof ClusterDecision.QueueFinish q) {
            jobs.tell(new JobActor.Finish(q.clusterId(), q.outcome(), q.tip()));
        } else if (d instanceof ClusterDecision.Released r) {
            Optional.ofNullable(running.remove(r.clusterId())).ifPresent(context::unwatch);
            Optional.ofNullable(remote.remove(r.clusterId())).ifPresent(workers::ended);
        } else if (d instanceof ClusterDecision.Ended e) {
            Optional.ofNullable(remote.remove(e.clusterId())).ifPresent(w -> {
                w.tell(new WorkerActor.Abort(e.clusterId()));
                workers.ended(w);
            });
            Optional.ofNullable(running.remove(e.clusterId())).ifPresent(ref -> {
                context.unwatch(ref);
                ref.tell(ClusterActor.Abort.INSTANCE);
            });
        } else if (d instanceof ClusterDecision.EvictJobs e) {
            jobs.tell(new JobActor.Evict(e.clusterId()));
        } else if (d instanceof ClusterDecision.ReportFinished r) {
            publisher.publish(new SyncEvent.ClusterFinished(r.clusterId(), r.outcome()));
        } else if (d instanceof ClusterDecision.ReportReleased r) {
            publisher.publish(new MacroSyncReturn.Outdated(
                    r.peer(), OutdatedReason.CLUSTER_FAILED, "cluster " + r.clusterId() + ": " + r.reason()));
        }
    }

    private void tell(long clusterId, Optional<ClusterActor.Command> message) {
        ActorRef<ClusterActor.Command> cluster = running.get(clusterId);
        if (cluster != null) {
            message.ifPresent(cluster::tell);
        }
    }

    private void tellWorker(long clusterId, WorkerActor.Command message) {
        ActorRef<WorkerActor.Command> worker = remote.get(clusterId);
        if (worker != null) {
            worker.tell(message);
        }
    }

    /**
     * Runs the download on the worker with the most free capacity, or here (the coordinator's own
     * local worker) when no worker has room; the flow of batch sets is the same either way.
     */
    private void spawn(ClusterDecision.Download d) {
        SyncCluster cluster = d.cluster();
        jobs.tell(new JobActor.OpenRange(cluster.id(), anchorOf(d.start())));
        Optional<ActorRef<WorkerActor.Command>> worker = workers.pick();
        if (worker.isPresent()) {
            worker.get().tell(new WorkerActor.Assign(cluster, chain.startOf(d.start()), jobs, clusterEvents));
            workers.started(worker.get());
            remote.put(cluster.id(), worker.get());
            context.getLog()
                    .info(
                            "cluster {} ({} ids from epoch {}) assigned to worker {}",
                            cluster.id(),
                            cluster.size(),
                            cluster.firstEpoch(),
                            worker.get().path());
            publishStarted(d);
            return;
        }
        Map<PeerId, ActorRef<PeerActor.Command>> refs = new LinkedHashMap<>();
        cluster.peers().asList().forEach(p -> peers.usable(p).ifPresent(ref -> refs.put(p, ref)));
        ActorRef<ClusterActor.Command> ref = context.spawn(
                ClusterActor.create(
                        cluster,
                        chain.startOf(d.start()),
                        refs,
                        chain.policy(),
                        settings.sync(),
                        settings.syncActors(),
                        jobs,
                        clusterEvents,
                        speeds),
                "cluster-" + cluster.id());
        context.watchWith(ref, new HistoryMacroSync.ClusterStopped(cluster.id()));
        running.put(cluster.id(), ref);
        publishStarted(d);
    }

    /**
     * The block a download's start was verified by nobody but a range before it: an anchor, or the
     * verified tip of a range that is not applied yet. The JobActor links it before applying anything.
     */
    private static Optional<Hash> anchorOf(StartPoint start) {
        if (start instanceof StartPoint.Anchor anchor) {
            return Optional.of(anchor.id());
        }
        return start instanceof StartPoint.After after
                ? Optional.of(after.tip().predecessor().hash())
                : Optional.empty();
    }

    private void publishStarted(ClusterDecision.Download d) {
        SyncCluster cluster = d.cluster();
        publisher.publish(new SyncEvent.ClusterStarted(
                cluster.id(),
                cluster.kind(),
                cluster.firstEpoch(),
                cluster.size(),
                d.targetBlock(),
                cluster.peers().asList()));
    }
}
