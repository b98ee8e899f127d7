package io.hms.actors.sync;

import io.hms.actors.cluster.ClusterActor;
import io.hms.actors.cluster.ClusterEvent;
import io.hms.actors.events.SyncEvent;
import io.hms.actors.job.JobActor;
import io.hms.actors.network.Network;
import io.hms.actors.network.PeerEvent;
import io.hms.actors.peer.PeerReply;
import io.hms.actors.serialization.CborSerializable;
import io.hms.actors.settings.HmsSettings;
import io.hms.actors.worker.WorkerActor;
import io.hms.actors.worker.WorkerDesk;
import io.hms.engine.store.Blockchain;
import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.fault.PeerFault;
import io.hms.engine.sync.macrochain.MacroChainRequest;
import io.hms.engine.sync.macrochain.MacroChainResult;
import io.hms.verifier.Consequence;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
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
 * The History Macro Sync supervisor, one per node (SPEC §4.3 as message handlers). It routes each
 * message to the part that owns its concern: {@link PeerMembership} (peers joining, leaving,
 * banned), {@link EpochIdAsker} (epoch-id requests and their validation), {@link ClusterDriver}
 * (which executes the engine's pure cluster lifecycle decisions: clustering, activating {@link
 * ClusterActor}s, queueing finishes at the {@link JobActor}), {@link SyncedCheck} and the
 * subscribers' {@link SyncEventPublisher}.
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

    /** An answer to an epoch-id request (package-private: the {@link EpochIdAsker} sends the request). */
    record EpochIdsReply(PeerId peer, MacroChainRequest request, PeerReply reply) implements Command {}

    /** A cluster's event (package-private: the {@link ClusterDriver} spawns the clusters). */
    record FromCluster(ClusterEvent event) implements Command {}

    private record FromJobs(JobActor.Event event) implements Command {}

    /** A worker joined or left (docs/ARCHITECTURE.md "Workers"). */
    private record FromDesk(WorkerDesk.Event event) implements Command {}

    /** A watched ClusterActor stopped (package-private: the {@link ClusterDriver} watches it). */
    record ClusterStopped(long clusterId) implements Command {}

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
    private final ActorRef<PeerEvent> networkAdapter;
    private final ActorRef<JobActor.Command> jobs;
    private final SyncEventPublisher publisher;
    private final SyncPeers peers;
    private final EpochIdAsker asker;
    private final ClusterDriver driver;
    private final SyncedCheck synced;
    private final PeerMembership membership;
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
        this.jobs = context.spawn(
                JobActor.create(
                        store,
                        context.messageAdapter(JobActor.Event.class, FromJobs::new),
                        settings.sync().maxQueuedJobs(),
                        settings.syncActors().maxQueuedItems(),
                        settings.syncActors().reorder()),
                "jobs");
        context.watchWith(jobs, JobsStopped.INSTANCE);
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
        this.asker = new EpochIdAsker(context, peers, chain, settings);
        this.driver = new ClusterDriver(context, settings, chain, peers, asker, jobs, publisher);
        this.membership = new PeerMembership(context.getLog(), peers, publisher, asker, driver);
        this.synced =
                new SyncedCheck(publisher, peers, asker, chain, settings.node().minGoodPeers());
        context.spawn(
                WorkerDesk.create(
                        new WorkerActor.Welcome(
                                store.spec().networkId(), store.spec().genesisHash(), chain.policy()),
                        context.messageAdapter(WorkerDesk.Event.class, FromDesk::new)),
                "workers");
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
                .onMessage(FromDesk.class, this::onFromDesk)
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
        peers.connected().forEach(membership::ask);
        checkSynced();
        return this;
    }

    private Behavior<Command> onGetStatus(GetStatus g) {
        g.replyTo().tell(SyncStatus.of(peers, publisher, driver.state(), chain, driver.workerCount()));
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
        membership.onEvent(m.event());
        activateAndCheck();
        return this;
    }

    /** SPEC §4.3 step 2 and §4.4: a failed request disconnects the peer, a lying reply bans it. */
    private Behavior<Command> onEpochIdsReply(EpochIdsReply r) {
        if (!asker.isCurrent(r)) {
            return this; // the peer left (and maybe came back) since
        }
        Optional<MacroChainResult> result = asker.judge(r);
        if (result.isPresent() && result.get() instanceof MacroChainResult.Malicious bad) {
            membership.ban(r.peer(), new PeerFault.MacroChain(bad.fault()), bad.detail());
        } else if (result.isPresent() && peers.usable(r.peer()).isPresent()) {
            driver.epochIds(((MacroChainResult.Accepted) result.get()).ids());
        }
        if (!stopping) {
            activateAndCheck();
        }
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
            membership.ban(f.peer(), f.fault(), f.detail());
            driver.banEverywhere(f.peer(), f.fault(), f.detail());
        } else if (event instanceof ClusterEvent.DownloadFinished f) {
            driver.downloadFinished(f);
            driver.activate();
        }
        return this;
    }

    private Behavior<Command> onFromJobs(FromJobs m) {
        Optional<String> fatal = driver.jobEvent(m.event());
        if (fatal.isPresent()) {
            fail(fatal.get());
        } else if (!stopping && !(m.event() instanceof JobActor.Queued)) {
            activateAndCheck();
        }
        return this;
    }

    private Behavior<Command> onFromDesk(FromDesk m) {
        if (m.event() instanceof WorkerDesk.WorkerJoined j) {
            driver.workerJoined(j.worker(), j.capacity());
        } else if (m.event() instanceof WorkerDesk.WorkerLeft l) {
            driver.workerLeft(l.worker());
        }
        if (!stopping) {
            driver.activate();
        }
        return this;
    }

    private Behavior<Command> onClusterStopped(ClusterStopped s) {
        driver.clusterStopped(s.clusterId());
        if (!stopping) {
            driver.activate();
        }
        return this;
    }

    private Behavior<Command> onSubscriberStopped(SubscriberStopped s) {
        publisher.unsubscribe(s.subscriber());
        return this;
    }

    private Behavior<Command> onRecheckTick() {
        publisher.outdatedPeers().forEach(membership::ask);
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

    private void activateAndCheck() {
        driver.activate();
        checkSynced();
    }

    private void checkSynced() {
        synced.check(driver.state(), stopping);
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
        asker.close();
        driver.abortAll();
        jobs.tell(new JobActor.Shutdown(getContext().getSystem().ignoreRef()));
    }
}
