package io.hms.actors.sync;

import io.hms.actors.cluster.ClusterActor;
import io.hms.actors.cluster.ClusterEvent;
import io.hms.actors.cluster.ClusterStart;
import io.hms.actors.events.MacroSyncReturn;
import io.hms.actors.events.SyncEvent;
import io.hms.actors.job.JobActor;
import io.hms.actors.network.DisconnectReason;
import io.hms.actors.network.Network;
import io.hms.actors.network.NetworkFailure;
import io.hms.actors.network.PeerEvent;
import io.hms.actors.peer.PeerActor;
import io.hms.actors.peer.PeerReply;
import io.hms.actors.serialization.CborSerializable;
import io.hms.actors.settings.HmsSettings;
import io.hms.engine.store.Blockchain;
import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.clustering.SyncCluster;
import io.hms.engine.sync.fault.PeerFault;
import io.hms.engine.sync.macrochain.LocatorBuilder;
import io.hms.engine.sync.macrochain.MacroChainRequest;
import io.hms.engine.sync.macrochain.MacroChainResult;
import io.hms.engine.sync.macrochain.MacroChainValidator;
import io.hms.protocol.message.MacroChainResponse;
import io.hms.protocol.message.Services;
import io.hms.verifier.Consequence;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The History Macro Sync supervisor, one per node (SPEC §4.3 as message handlers). Peers that join
 * with the required services get a {@link PeerActor} and are asked for epoch ids; replies are
 * validated ({@link MacroChainValidator}) and handed to the {@link ClusterDriver}, which clusters
 * them, runs the {@link ClusterActor}s and the {@link JobActor}. Each peer's result and the
 * progress go to the subscribers.
 *
 * <p>Beyond the original: a peer whose data proved it lied is disconnected and never taken back
 * by this sync, while one that is behind or on another chain is only reported Outdated; Outdated
 * peers are asked again every {@code recheck-interval}; and the node reports when it is synced.
 */
public final class HistoryMacroSync extends AbstractBehavior<HistoryMacroSync.Command> {

    /** Messages this actor handles; those that cross actors are also {@link CborSerializable}. */
    public sealed interface Command {}

    /** Send every event to {@code subscriber}, starting with each peer's latest result; then answer {@code replyTo}. */
    public record Subscribe(ActorRef<SyncEvent> subscriber, ActorRef<Done> replyTo)
            implements Command, CborSerializable {}

    public record Unsubscribe(ActorRef<SyncEvent> subscriber) implements Command, CborSerializable {}

    /** Ask every connected peer that is in no cluster for epoch ids again (e.g. to follow a growing chain). */
    public enum Recheck implements Command, CborSerializable {
        INSTANCE
    }

    public record GetStatus(ActorRef<SyncStatus> replyTo) implements Command, CborSerializable {}

    /** Let the running push finish, then stop; {@code replyTo} hears when the store is no longer used. */
    public record Stop(ActorRef<Done> replyTo) implements Command, CborSerializable {}

    private record FromNetwork(PeerEvent event) implements Command {}

    private record EpochIdsReply(PeerId peer, MacroChainRequest request, PeerReply reply) implements Command {}

    private record FromCluster(ClusterEvent event) implements Command {}

    private record FromJobs(JobActor.Event event) implements Command {}

    private record ClusterStopped(long clusterId) implements Command {}

    private record SubscriberStopped(ActorRef<SyncEvent> subscriber) implements Command {}

    private enum RecheckTick implements Command {
        INSTANCE
    }

    private enum JobsStopped implements Command {
        INSTANCE
    }

    private final Network network;
    private final HmsSettings settings;
    private final ChainReader chain;
    private final MacroChainValidator validator;
    private final LocatorBuilder locators;
    private final ActorRef<PeerEvent> networkAdapter;
    private final ActorRef<ClusterEvent> clusterAdapter;
    private final ActorRef<JobActor.Command> jobs;
    private final SyncEventPublisher publisher;
    private final ClusterDriver driver;
    private final SyncPeers peers;
    private final List<ActorRef<Done>> stopReplies = new ArrayList<>();
    private boolean stopping;
    private boolean failed;

    public static Behavior<Command> create(Blockchain chain, Network network, HmsSettings settings) {
        return create(chain, network, settings, List.of());
    }

    /** With subscribers that get every event from the start, before any peer is heard of. */
    public static Behavior<Command> create(
            Blockchain chain, Network network, HmsSettings settings, List<ActorRef<SyncEvent>> subscribers) {
        return Behaviors.setup(
                ctx -> Behaviors.withTimers(t -> new HistoryMacroSync(ctx, t, chain, network, settings, subscribers)));
    }

    private HistoryMacroSync(
            ActorContext<Command> context,
            TimerScheduler<Command> timers,
            Blockchain store,
            Network network,
            HmsSettings settings,
            List<ActorRef<SyncEvent>> subscribers) {
        super(context);
        context.setLoggerName(HistoryMacroSync.class);
        this.network = network;
        this.settings = settings;
        this.chain = new ChainReader(store);
        this.publisher = new SyncEventPublisher(chain::headBlockNumber);
        this.validator = new MacroChainValidator(chain.policy());
        this.locators = new LocatorBuilder(settings.sync().maxRequestEpochs());
        this.clusterAdapter = context.messageAdapter(ClusterEvent.class, FromCluster::new);
        this.jobs = context.spawn(
                JobActor.create(
                        store,
                        context.messageAdapter(JobActor.Event.class, FromJobs::new),
                        settings.sync().maxQueuedJobs()),
                "jobs");
        context.watchWith(jobs, JobsStopped.INSTANCE);
        this.driver = new ClusterDriver(
                new Host(),
                chain,
                jobs,
                publisher,
                settings.sync().maxClusters(),
                settings.syncActors().maxActiveClusters());
        subscribers.forEach(subscriber -> {
            publisher.subscribe(subscriber);
            context.watchWith(subscriber, new SubscriberStopped(subscriber));
        });
        this.peers = new SyncPeers(
                context,
                network,
                settings.network().maxInFlightPerPeer(),
                settings.syncActors().pacing(),
                Clock.systemUTC());
        this.networkAdapter = context.messageAdapter(PeerEvent.class, FromNetwork::new);
        network.subscribe(networkAdapter);
        timers.startTimerWithFixedDelay(RecheckTick.INSTANCE, settings.sync().recheckInterval());
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Subscribe.class, this::onSubscribe)
                .onMessage(Unsubscribe.class, this::onUnsubscribe)
                .onMessageEquals(Recheck.INSTANCE, this::onRecheck)
                .onMessage(GetStatus.class, this::onGetStatus)
                .onMessage(Stop.class, this::onStop)
                .onMessage(FromNetwork.class, this::onFromNetwork)
                .onMessage(EpochIdsReply.class, this::onEpochIdsReply)
                .onMessage(FromCluster.class, this::onFromCluster)
                .onMessage(FromJobs.class, this::onFromJobs)
                .onMessage(ClusterStopped.class, this::onClusterStopped)
                .onMessage(SubscriberStopped.class, this::onSubscriberStopped)
                .onMessageEquals(RecheckTick.INSTANCE, this::onRecheckTick)
                .onMessageEquals(JobsStopped.INSTANCE, this::onJobsStopped)
                .build();
    }

    private Behavior<Command> onSubscribe(Subscribe s) {
        publisher.subscribe(s.subscriber());
        getContext().watchWith(s.subscriber(), new SubscriberStopped(s.subscriber()));
        s.replyTo().tell(Done.getInstance());
        return this;
    }

    private Behavior<Command> onUnsubscribe(Unsubscribe u) {
        publisher.unsubscribe(u.subscriber());
        getContext().unwatch(u.subscriber());
        return this;
    }

    private Behavior<Command> onRecheck() {
        peers.connected().forEach(this::addPeer);
        checkSynced();
        return this;
    }

    private Behavior<Command> onGetStatus(GetStatus g) {
        Map<PeerId, String> results = new LinkedHashMap<>();
        peers.connected()
                .forEach(p -> publisher
                        .latest(p)
                        .ifPresent(r -> results.put(p, r.getClass().getSimpleName())));
        var state = driver.state();
        g.replyTo()
                .tell(new SyncStatus(
                        peers.connected(),
                        state.peerClusterCounts(),
                        state.epochClusters().size(),
                        state.checkpointClusters().size(),
                        driver.activatedClusters(),
                        state.queuedJobs().size(),
                        peers.epochIdRequests(),
                        results,
                        peers.banned(),
                        publisher.isSynced(),
                        chain.electionHeadEpoch(),
                        chain.headBlockNumber()));
        return this;
    }

    private Behavior<Command> onStop(Stop s) {
        stopReplies.add(s.replyTo());
        shutDown();
        return this;
    }

    private Behavior<Command> onFromNetwork(FromNetwork m) {
        if (stopping) {
            return this;
        }
        if (m.event() instanceof PeerEvent.PeerJoined joined) {
            peerJoined(joined);
        } else if (m.event() instanceof PeerEvent.ProtocolBreach breach) {
            ban(breach.peer(), new PeerFault.Breach(breach.reason()), breach.detail()); // its PeerLeft follows
        } else {
            peerLeft(m.event().peer());
        }
        driver.drive();
        checkSynced();
        return this;
    }

    private void peerJoined(PeerEvent.PeerJoined joined) {
        if (!Services.canServeHistorySync(joined.services())) {
            if (!peers.isConnected(joined.peer())) {
                publisher.publish(new MacroSyncReturn.Incompatible(joined.peer(), joined.services()));
            }
        } else if (peers.join(joined.peer())) {
            addPeer(joined.peer());
        }
    }

    private void peerLeft(PeerId peer) {
        publisher.forget(peer);
        if (peers.leave(peer)) {
            driver.peerLeft(peer);
        }
    }

    /** Asks {@code peer} for epoch ids unless it is in a cluster or already asked (SPEC §4.3, §7.2 item 29). */
    private void addPeer(PeerId peer) {
        Optional<ActorRef<PeerActor.Command>> ref = peers.usable(peer);
        if (stopping || ref.isEmpty() || driver.state().isTracked(peer) || peers.isAsked(peer)) {
            return;
        }
        MacroChainRequest request = chain.epochIdRequest(locators);
        peers.asked(peer, request);
        Duration timeout = settings.syncActors().macroChainTimeout();
        getContext()
                .ask(
                        PeerReply.class,
                        ref.get(),
                        PeerActor.replyWithin(timeout, settings.syncActors().pacing()),
                        replyTo -> new PeerActor.Send(request.request(), timeout, replyTo),
                        (reply, error) -> new EpochIdsReply(
                                peer,
                                request,
                                reply != null
                                        ? reply
                                        : new PeerReply.Failed(
                                                peer, -1, NetworkFailure.Kind.TIMEOUT, String.valueOf(error))));
    }

    /** SPEC §4.3 step 2 and §4.4: a failed request disconnects the peer, a lying reply bans it. */
    private Behavior<Command> onEpochIdsReply(EpochIdsReply r) {
        if (!peers.answered(r.peer(), r.request())) {
            return this; // the peer left (and maybe came back) since
        }
        if (r.reply() instanceof PeerReply.Failed f) {
            getContext().getLog().debug("epoch ids from peer={} failed: {} {}", r.peer(), f.kind(), f.detail());
            peers.disconnect(r.peer(), DisconnectReason.ERROR);
        } else {
            // An answer of another family never gets here: the transport fails it as
            // MALFORMED_RESPONSE (PendingRequests.onResponse), so this cast cannot fail.
            MacroChainResponse response = (MacroChainResponse) ((PeerReply.Answered) r.reply()).response();
            MacroChainResult result = validator.validate(r.request(), r.peer(), response);
            if (result instanceof MacroChainResult.Malicious bad) {
                ban(r.peer(), new PeerFault.MacroChain(bad.fault()), bad.detail());
            } else {
                driver.cluster(((MacroChainResult.Accepted) result).ids());
            }
        }
        driver.drive();
        checkSynced();
        return this;
    }

    private Behavior<Command> onFromCluster(FromCluster m) {
        ClusterEvent event = m.event();
        if (stopping) {
            return this;
        }
        if (event instanceof ClusterEvent.Progress p) {
            publisher.publish(p.event());
        } else if (event instanceof ClusterEvent.PeerFaulted f && f.fault().consequence() == Consequence.BAN) {
            ban(f.peer(), f.fault(), f.detail());
        } else if (event instanceof ClusterEvent.DownloadFinished f) {
            driver.downloadFinished(
                    f.clusterId(), f.outcome(), f.reason(), f.tip().map(ChainReader::startAfter));
            driver.drive();
        }
        return this;
    }

    private Behavior<Command> onFromJobs(FromJobs m) {
        JobActor.Event event = m.event();
        if (event instanceof JobActor.Queued q) {
            driver.queued(q);
            return this;
        }
        if (event instanceof JobActor.Applied a) {
            driver.applied(a);
        } else if (event instanceof JobActor.AlreadyApplied a) {
            driver.alreadyApplied(a);
        } else if (event instanceof JobActor.PushFailed f) {
            Optional<String> fatal = driver.pushFailed(f);
            if (fatal.isPresent()) {
                fail(fatal.get());
                return this;
            }
        } else if (event instanceof JobActor.FinishReached f) {
            driver.finishReached(f);
        }
        if (!stopping) {
            driver.drive();
            checkSynced();
        }
        return this;
    }

    private Behavior<Command> onClusterStopped(ClusterStopped s) {
        if (driver.isRunning(s.clusterId())) {
            driver.downloadFinished(
                    s.clusterId(),
                    io.hms.engine.sync.clustering.ClusterOutcome.FAILED,
                    "cluster actor stopped",
                    Optional.empty());
            driver.drive();
        }
        return this;
    }

    private Behavior<Command> onSubscriberStopped(SubscriberStopped s) {
        publisher.unsubscribe(s.subscriber());
        return this;
    }

    private Behavior<Command> onRecheckTick() {
        publisher.outdatedPeers().forEach(this::addPeer);
        return this;
    }

    private Behavior<Command> onJobsStopped() {
        if (!stopping) {
            failed = true;
            publisher.publish(new SyncEvent.SyncFailed("the job actor stopped"));
        } else if (!failed) {
            publisher.publish(new SyncEvent.Stopped());
        }
        stopReplies.forEach(r -> r.tell(Done.getInstance()));
        return Behaviors.stopped();
    }

    private void ban(PeerId peer, PeerFault fault, String detail) {
        if (peers.ban(peer, fault)) {
            getContext().getLog().warn("banning peer={} fault={} detail={}", peer, fault.name(), detail);
            publisher.publish(new SyncEvent.PeerBanned(peer, fault, detail));
            peers.disconnect(peer, DisconnectReason.MALICIOUS);
        }
    }

    /**
     * Synced: enough Good peers and nothing pending (no cluster, job, epoch-id request or deferred
     * reply). When nothing is pending, peers that had nothing new while our head was lower are asked
     * again first: what they offered was being downloaded then, so they may well be Good now.
     */
    private void checkSynced() {
        if (!stopping && driver.idle() && peers.epochIdRequests() == 0) {
            publisher.nothingNewBefore(chain.headBlockNumber()).forEach(this::addPeer);
        }
        List<PeerId> good =
                publisher.goodPeers().stream().filter(peers::isConnected).toList();
        boolean synced = !stopping
                && driver.idle()
                && peers.epochIdRequests() == 0
                && good.size() >= settings.node().minGoodPeers();
        publisher.synced(
                synced
                        ? Optional.of(new SyncEvent.Synced(good, chain.electionHeadEpoch(), chain.headBlockNumber()))
                        : Optional.empty());
    }

    private void fail(String reason) {
        getContext().getLog().error("history sync stops: {}", reason);
        failed = true;
        publisher.publish(new SyncEvent.SyncFailed(reason));
        shutDown();
    }

    /** Stops downloading and asking; the JobActor finishes its running push and then stops. */
    private void shutDown() {
        if (stopping) {
            return;
        }
        stopping = true;
        network.unsubscribe(networkAdapter);
        driver.abortAll();
        jobs.tell(new JobActor.Shutdown(getContext().getSystem().ignoreRef()));
    }

    /** The driver's view of this actor. */
    private final class Host implements ClusterDriver.Host {
        @Override
        public Optional<ActorRef<PeerActor.Command>> peer(PeerId peer) {
            return peers.usable(peer);
        }

        @Override
        public void reAsk(PeerId peer) {
            addPeer(peer);
        }

        @Override
        public boolean awaitingEpochIds() {
            return peers.epochIdRequests() > 0;
        }

        @Override
        public ActorRef<ClusterActor.Command> spawn(
                SyncCluster cluster, ClusterStart start, Map<PeerId, ActorRef<PeerActor.Command>> refs) {
            ActorRef<ClusterActor.Command> ref = getContext()
                    .spawn(
                            ClusterActor.create(
                                    cluster,
                                    start,
                                    refs,
                                    chain.policy(),
                                    settings.sync(),
                                    settings.syncActors(),
                                    jobs,
                                    clusterAdapter),
                            "cluster-" + cluster.id());
            getContext().watchWith(ref, new ClusterStopped(cluster.id()));
            return ref;
        }

        @Override
        public void release(ActorRef<ClusterActor.Command> cluster) {
            getContext().unwatch(cluster);
        }
    }
}
