package io.hms.actors.cluster;

import io.hms.actors.events.SyncEvent;
import io.hms.actors.job.JobActor;
import io.hms.actors.peer.PeerActor;
import io.hms.actors.serialization.CborSerializable;
import io.hms.actors.settings.SyncActorSettings;
import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.SyncSettings;
import io.hms.engine.sync.clustering.ClusterKind;
import io.hms.engine.sync.clustering.ClusterOutcome;
import io.hms.engine.sync.clustering.PeerAgreement;
import io.hms.engine.sync.clustering.SyncCluster;
import io.hms.engine.sync.fault.PeerFault;
import io.hms.engine.sync.peers.Dispatch;
import io.hms.engine.sync.peers.HedgeDecision;
import io.hms.engine.sync.peers.PeerScheduler;
import io.hms.engine.sync.peers.PeerSpeeds;
import io.hms.engine.sync.peers.TryOutcome;
import io.hms.protocol.Policy;
import io.hms.protocol.message.Request;
import io.hms.protocol.model.Hash;
import io.hms.verifier.BatchSetVerifyState;
import io.hms.verifier.Consequence;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.stream.Materializer;

/**
 * Downloads one cluster — consecutive epochs or one checkpoint — through the pipeline of {@link
 * ClusterStreamFactory}, and owns what the pipeline asks about: which peer gets each request (its
 * {@link PeerScheduler}, by measured speed, never a peer that sent this cluster wrong data), which ids are still wanted after a split, and the
 * hand-off of complete batch sets straight to the {@link JobActor} (given at spawn), whose
 * acknowledgement backpressures the pipeline. It reports progress, peers that sent wrong
 * data and, once, how the download ended; then it stops.
 */
public final class ClusterActor extends AbstractBehavior<ClusterActor.Command> {

    /** Messages this actor handles; those that cross actors are also {@link CborSerializable}. */
    public sealed interface Command {}

    /** {@code peer} joined the cluster (it offered the same ids). */
    public record AddPeer(PeerId peer, ActorRef<PeerActor.Command> ref) implements Command, CborSerializable {}

    /** {@code peer} left the network. */
    public record RemovePeer(PeerId peer) implements Command, CborSerializable {}

    /** The cluster was split: download only its first {@code keep} ids. */
    public record Truncate(int keep) implements Command, CborSerializable {}

    /** Stop at once without reporting (the supervisor gave the cluster up). */
    public enum Abort implements Command, CborSerializable {
        INSTANCE
    }

    /** A peer for {@code request}, not one in {@code tried} and only one that offered the id it is about. */
    record PickPeer(Request request, Set<PeerId> tried, ActorRef<PeerChoice> replyTo) implements Command {}

    /** Whether try {@code ticket}, still open, should be duplicated on a peer not in {@code tried}. */
    record PickHedge(long ticket, Request request, Set<PeerId> tried, ActorRef<PeerChoice> replyTo)
            implements Command {}

    /** Try {@code ticket} ended (answered, timed out, ...): the scheduler measures its peer with it. */
    record TryEnded(long ticket, TryOutcome outcome) implements Command {}

    record NextId(int index, ActorRef<IdReply> replyTo) implements Command {}

    record IdReply(Optional<StreamItem.Id> id) {}

    record Misbehaved(PeerId peer, PeerFault fault, String detail) implements Command {}

    record InfoVerified(int index, BatchSetVerifyState after, SyncEvent event) implements Command {}

    record ChunkVerified(SyncEvent event) implements Command {}

    record HandOff(StreamItem item, ActorRef<Done> replyTo) implements Command {}

    private record HandOffAccepted(JobActor.Accepted ack) implements Command {}

    /** The download stream ended: normally (empty) or with the failure's description. */
    private record StreamDone(Optional<String> failure) implements Command {}

    private enum WatchdogFired implements Command {
        INSTANCE
    }

    private final SyncCluster cluster;
    private final ActorRef<ClusterEvent> supervisor;
    private final ActorRef<JobActor.Command> jobs;
    private final SyncSettings settings;
    private final TimerScheduler<Command> timers;
    private final LinkedHashMap<PeerId, ActorRef<PeerActor.Command>> peers = new LinkedHashMap<>();
    private final Set<PeerId> excluded = new HashSet<>();
    private final Map<Hash, ActorRef<Done>> awaitingAck = new HashMap<>();
    private final BatchSetVerifyState[] verifiedAfter;
    private final ActorRef<JobActor.Accepted> ackAdapter;
    private final ClusterStreamFactory.Running stream;
    private int keep;
    private final PeerAgreement agreement;
    private final PeerScheduler scheduler;
    private ClusterOutcome stopOutcome;
    private String stopReason = "";

    public static Behavior<Command> create(
            SyncCluster cluster,
            RangeStart start,
            Map<PeerId, ActorRef<PeerActor.Command>> peers,
            Policy policy,
            SyncSettings settings,
            SyncActorSettings actorSettings,
            ActorRef<JobActor.Command> jobs,
            ActorRef<ClusterEvent> supervisor) {
        return create(cluster, start, peers, policy, settings, actorSettings, jobs, supervisor, new PeerSpeeds());
    }

    /** {@link #create}, the peer scheduler starting from and adding to what earlier clusters measured. */
    public static Behavior<Command> create(
            SyncCluster cluster,
            RangeStart start,
            Map<PeerId, ActorRef<PeerActor.Command>> peers,
            Policy policy,
            SyncSettings settings,
            SyncActorSettings actorSettings,
            ActorRef<JobActor.Command> jobs,
            ActorRef<ClusterEvent> supervisor,
            PeerSpeeds speeds) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new ClusterActor(
                ctx, timers, cluster, start, peers, policy, settings, actorSettings, jobs, supervisor, speeds)));
    }

    private ClusterActor(
            ActorContext<Command> context,
            TimerScheduler<Command> timers,
            SyncCluster cluster,
            RangeStart start,
            Map<PeerId, ActorRef<PeerActor.Command>> peers,
            Policy policy,
            SyncSettings settings,
            SyncActorSettings actorSettings,
            ActorRef<JobActor.Command> jobs,
            ActorRef<ClusterEvent> supervisor,
            PeerSpeeds speeds) {
        super(context);
        context.setLoggerName(ClusterActor.class);
        this.cluster = cluster;
        this.supervisor = supervisor;
        this.jobs = jobs;
        this.settings = settings;
        this.timers = timers;
        this.keep = cluster.size();
        this.agreement = new PeerAgreement(cluster);
        this.verifiedAfter = new BatchSetVerifyState[cluster.size()];
        this.peers.putAll(peers);
        this.scheduler =
                new PeerScheduler(actorSettings.scheduling(), settings.requestTimeout(), System::nanoTime, speeds);
        peers.keySet().forEach(scheduler::add);
        this.ackAdapter = context.messageAdapter(JobActor.Accepted.class, HandOffAccepted::new);
        this.stream = ClusterStreamFactory.run(
                context.getSelf(),
                cluster.id(),
                start,
                policy,
                settings,
                actorSettings,
                context.getSystem().scheduler(),
                Materializer.createMaterializer(context));
        context.pipeToSelf(
                stream.done(),
                (done, error) -> new StreamDone(Optional.ofNullable(error).map(String::valueOf)));
        resetWatchdog();
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(AddPeer.class, this::onAddPeer)
                .onMessage(RemovePeer.class, this::onRemovePeer)
                .onMessage(Truncate.class, this::onTruncate)
                .onMessageEquals(Abort.INSTANCE, this::onAbort)
                .onMessage(PickPeer.class, this::onPickPeer)
                .onMessage(PickHedge.class, this::onPickHedge)
                .onMessage(TryEnded.class, this::onTryEnded)
                .onMessage(NextId.class, this::onNextId)
                .onMessage(Misbehaved.class, this::onMisbehaved)
                .onMessage(InfoVerified.class, this::onInfoVerified)
                .onMessage(ChunkVerified.class, this::onChunkVerified)
                .onMessage(HandOff.class, this::onHandOff)
                .onMessage(HandOffAccepted.class, this::onHandOffAccepted)
                .onMessage(StreamDone.class, this::onStreamDone)
                .onMessageEquals(WatchdogFired.INSTANCE, this::onWatchdogFired)
                .build();
    }

    private Behavior<Command> onAddPeer(AddPeer add) {
        if (!excluded.contains(add.peer())) {
            agreement.added(add.peer(), keep);
            peers.putIfAbsent(add.peer(), add.ref());
            scheduler.add(add.peer());
        }
        return this;
    }

    private Behavior<Command> onRemovePeer(RemovePeer remove) {
        peers.remove(remove.peer());
        scheduler.remove(remove.peer());
        return this;
    }

    private Behavior<Command> onTruncate(Truncate t) {
        getContext().getLog().debug("cluster={} truncated keep={} (was {})", cluster.id(), t.keep(), keep);
        keep = Math.max(0, Math.min(keep, t.keep()));
        return this;
    }

    private Behavior<Command> onAbort() {
        stream.killSwitch().shutdown();
        return Behaviors.stopped();
    }

    private Behavior<Command> onPickPeer(PickPeer pick) {
        pick.replyTo()
                .tell(scheduler
                        .dispatch(kindOf(pick.request()), pick.tried(), p -> agreement.offered(p, pick.request()))
                        .<PeerChoice>map(this::picked)
                        .orElse(PeerChoice.None.INSTANCE));
        return this;
    }

    /** Requests are measured per kind (a batch set's info, a history chunk): their answers differ in size. */
    private static String kindOf(Request request) {
        return request.getClass().getSimpleName();
    }

    private Behavior<Command> onPickHedge(PickHedge pick) {
        HedgeDecision decision = scheduler.hedge(pick.ticket(), notToAsk(pick.request(), pick.tried()));
        if (decision instanceof HedgeDecision.Hedge hedge) {
            getContext()
                    .getLog()
                    .debug(
                            "cluster={} duplicates ticket={} on peer={}",
                            cluster.id(),
                            pick.ticket(),
                            hedge.dispatch().peer());
            pick.replyTo().tell(picked(hedge.dispatch()));
        } else {
            pick.replyTo().tell(new PeerChoice.Later(((HedgeDecision.Wait) decision).checkAfter()));
        }
        return this;
    }

    /** {@code tried} and every peer that did not offer the id {@code request} is about (SPEC §7.2 item 20). */
    private Set<PeerId> notToAsk(Request request, Set<PeerId> tried) {
        Set<PeerId> out = new HashSet<>(tried);
        peers.keySet().stream().filter(p -> !agreement.offered(p, request)).forEach(out::add);
        return out;
    }

    private Behavior<Command> onTryEnded(TryEnded ended) {
        getContext().getLog().debug("cluster={} ticket={} ended {}", cluster.id(), ended.ticket(), ended.outcome());
        scheduler.ended(ended.ticket(), ended.outcome());
        return this;
    }

    private PeerChoice.Picked picked(Dispatch d) {
        getContext()
                .getLog()
                .debug(
                        "cluster={} ticket={} to peer={} check after {}ms",
                        cluster.id(),
                        d.ticket(),
                        d.peer(),
                        d.checkAfter().toMillis());
        return new PeerChoice.Picked(
                d.peer(), peers.get(d.peer()), settings.attemptsFor(scheduler.size()), d.ticket(), d.checkAfter());
    }

    private Behavior<Command> onNextId(NextId next) {
        int i = next.index();
        Optional<StreamItem.Id> id = i < keep
                ? Optional.of(new StreamItem.Id(i, epochOf(i), cluster.ids().get(i)))
                : Optional.empty();
        next.replyTo().tell(new IdReply(id));
        return this;
    }

    private Behavior<Command> onMisbehaved(Misbehaved m) {
        boolean first = excluded.add(m.peer());
        peers.remove(m.peer());
        scheduler.remove(m.peer());
        if (first) {
            if (m.fault().consequence() == Consequence.BAN) {
                getContext()
                        .getLog()
                        .warn(
                                "cluster={} excludes lying peer={} fault={} detail={}",
                                cluster.id(),
                                m.peer(),
                                m.fault().name(),
                                m.detail());
            } else {
                getContext()
                        .getLog()
                        .debug(
                                "cluster={} excludes peer={} fault={} detail={}",
                                cluster.id(),
                                m.peer(),
                                m.fault().name(),
                                m.detail());
            }
            supervisor.tell(new ClusterEvent.PeerFaulted(cluster.id(), m.peer(), m.fault(), m.detail()));
        }
        return this;
    }

    private Behavior<Command> onInfoVerified(InfoVerified v) {
        verifiedAfter[v.index()] = v.after();
        supervisor.tell(new ClusterEvent.Progress(cluster.id(), v.event()));
        resetWatchdog();
        return this;
    }

    private Behavior<Command> onChunkVerified(ChunkVerified c) {
        supervisor.tell(new ClusterEvent.Progress(cluster.id(), c.event()));
        resetWatchdog();
        return this;
    }

    private Behavior<Command> onHandOff(HandOff h) {
        if (h.item() instanceof StreamItem.Complete c && isKept(c.epoch())) {
            awaitingAck.put(c.batchSet().block().hash(), h.replyTo());
            resetWatchdog();
            jobs.tell(new JobActor.Push(cluster.id(), c.batchSet(), c.staged(), ackAdapter));
            return this;
        }
        if (h.item() instanceof StreamItem.Stage st && isKept(st.epoch())) {
            Hash hash = st.batchSet().block().hash();
            awaitingAck.put(hash, h.replyTo());
            resetWatchdog();
            jobs.tell(new JobActor.Stage(
                    cluster.id(),
                    hash,
                    st.batchSet().blockNumber(),
                    st.firstLeaf(),
                    st.items(),
                    st.hashes(),
                    ackAdapter));
            return this;
        }
        if (h.item() instanceof StreamItem.Stop s && isKept(s.epoch())) {
            stopOutcome = s.outcome();
            stopReason = s.reason();
        }
        h.replyTo().tell(Done.getInstance()); // items of ids cut off by a split are dropped
        return this;
    }

    private Behavior<Command> onHandOffAccepted(HandOffAccepted a) {
        ActorRef<Done> replyTo = awaitingAck.remove(a.ack().blockHash());
        if (replyTo != null) {
            replyTo.tell(Done.getInstance());
        }
        resetWatchdog();
        return this;
    }

    private Behavior<Command> onStreamDone(StreamDone done) {
        ClusterOutcome outcome = stopOutcome != null ? stopOutcome : ClusterOutcome.COMPLETED;
        String reason = stopOutcome != null ? stopReason : "all ids downloaded";
        if (done.failure().isPresent() && stopOutcome == null) {
            outcome = ClusterOutcome.FAILED;
            reason = "download stream failed: " + done.failure().get();
        }
        Optional<BatchSetVerifyState> tip = outcome == ClusterOutcome.COMPLETED && keep > 0
                ? Optional.ofNullable(verifiedAfter[keep - 1])
                : Optional.empty();
        getContext().getLog().debug("cluster={} download finished outcome={} reason={}", cluster.id(), outcome, reason);
        supervisor.tell(new ClusterEvent.DownloadFinished(cluster.id(), outcome, reason, tip));
        return Behaviors.stopped();
    }

    private Behavior<Command> onWatchdogFired() {
        stopOutcome = ClusterOutcome.FAILED;
        stopReason = "no progress for " + settings.clusterProgressTimeout();
        getContext().getLog().warn("cluster={} {}: giving up", cluster.id(), stopReason);
        stream.killSwitch().abort(new IllegalStateException(stopReason));
        return this;
    }

    /**
     * Restarts the no-progress timer; while a hand-off waits for the JobActor (the job queue is full,
     * or the reorder window holds this range back behind an earlier one) the wait is the
     * coordinator's, not the peers', so the timer is off until the hand-off is acknowledged.
     */
    private void resetWatchdog() {
        if (awaitingAck.isEmpty()) {
            timers.startSingleTimer(WatchdogFired.INSTANCE, settings.clusterProgressTimeout());
        } else {
            timers.cancel(WatchdogFired.INSTANCE);
        }
    }

    private boolean isKept(long epoch) {
        return cluster.kind() == ClusterKind.CHECKPOINT ? keep > 0 : epoch < cluster.firstEpoch() + keep;
    }

    private long epochOf(int index) {
        return cluster.kind() == ClusterKind.CHECKPOINT ? cluster.firstEpoch() : cluster.firstEpoch() + index;
    }
}
