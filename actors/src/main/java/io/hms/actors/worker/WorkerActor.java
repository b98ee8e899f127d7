package io.hms.actors.worker;

import io.hms.actors.cluster.ClusterActor;
import io.hms.actors.cluster.ClusterEvent;
import io.hms.actors.cluster.RangeStart;
import io.hms.actors.job.JobActor;
import io.hms.actors.network.DisconnectReason;
import io.hms.actors.network.PeerEvent;
import io.hms.actors.peer.PeerActor;
import io.hms.actors.serialization.WireSerializable;
import io.hms.actors.settings.HmsSettings;
import io.hms.actors.settings.SyncActorSettings;
import io.hms.actors.transport.LocalHandshake;
import io.hms.actors.transport.TcpNetwork;
import io.hms.actors.transport.TransportSettings;
import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.clustering.ClusterOutcome;
import io.hms.engine.sync.clustering.SyncCluster;
import io.hms.engine.sync.fault.PeerFault;
import io.hms.protocol.Policy;
import io.hms.protocol.message.Services;
import io.hms.protocol.model.Hash;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

/**
 * A sync worker (one per worker node): it finds the coordinator's {@link WorkerDesk} through the
 * Receptionist, registers, and on {@link Welcome} opens its own TCP network to the peers (those
 * given on its command line and those named by the ranges it is assigned: a TCP peer id is the
 * {@code host:port} it is dialed at). For each {@link Assign} it runs a {@link ClusterActor} over
 * its own {@link PeerActor}s, which downloads and verifies the range and hands every verified
 * batch set to the coordinator's {@link JobActor} — whose acknowledgement backpressures it — and
 * forwards the cluster's events to the coordinator. Faults its clusters observe are acted on
 * here (the peer is banned on this worker too) and reported; bans the coordinator hears of
 * elsewhere arrive as {@link Ban}.
 */
public final class WorkerActor extends AbstractBehavior<WorkerActor.Command> {

    public sealed interface Command {}

    /** The coordinator's answer to a registration: the chain the worker's handshakes claim. */
    public record Welcome(int networkId, Hash genesisHash, Policy policy) implements Command, WireSerializable {}

    /** Download and verify {@code cluster} from {@code start}; hand batch sets to {@code jobs}, events to {@code events}. */
    public record Assign(
            SyncCluster cluster, RangeStart start, ActorRef<JobActor.Command> jobs, ActorRef<ClusterEvent> events)
            implements Command, WireSerializable {}

    /** {@code peer} joined cluster {@code clusterId}. */
    public record AddPeer(long clusterId, PeerId peer) implements Command, WireSerializable {}

    /** {@code peer} left the coordinator's network: no cluster of this worker asks it any more. */
    public record RemovePeer(PeerId peer) implements Command, WireSerializable {}

    /** Cluster {@code clusterId} was split: download only its first {@code keep} ids. */
    public record Truncate(long clusterId, int keep) implements Command, WireSerializable {}

    /** Cluster {@code clusterId} was given up: stop it without reporting. */
    public record Abort(long clusterId) implements Command, WireSerializable {}

    /** {@code peer} proved it lied (seen by the coordinator or another worker): ban it here too. */
    public record Ban(PeerId peer, PeerFault fault, String detail) implements Command, WireSerializable {}

    private record Desks(Receptionist.Listing listing) implements Command {}

    private record FromNetwork(PeerEvent event) implements Command {}

    private record FromCluster(ClusterEvent event) implements Command {}

    private record ClusterStopped(long clusterId) implements Command {}

    /** None of waiting range {@code clusterId}'s peers connected in time. */
    private record PeerWaitExpired(long clusterId) implements Command {}

    /** A range assigned before any of its peers was connected here, with the ids it keeps so far. */
    private record Waiting(Assign assign, int keep) {}

    private record Running(ActorRef<ClusterActor.Command> ref, SyncCluster cluster, ActorRef<ClusterEvent> events) {}

    private final HmsSettings settings;
    private final SyncActorSettings actorSettings;
    private final int capacity;
    private final List<InetSocketAddress> peerAddresses;
    private final ActorRef<ClusterEvent> clusterEvents;
    private final Set<ActorRef<WorkerDesk.Command>> greeted = new HashSet<>();
    private final Map<PeerId, ActorRef<PeerActor.Command>> peers = new LinkedHashMap<>();
    private final Set<PeerId> dialed = new HashSet<>();
    private final Map<Long, Running> running = new HashMap<>();
    private final Set<Long> reported = new HashSet<>();
    /** Ranges waiting for a connection to one of their peers (at most {@code hms.sync.request-timeout}). */
    private final Map<Long, Waiting> waiting = new HashMap<>();

    private final TimerScheduler<Command> timers;
    private TcpNetwork network;
    private Policy policy;
    private long seq;

    /**
     * @param capacity ranges downloaded at once at most
     * @param peerAddresses peers to dial as soon as the coordinator has welcomed us
     */
    public static Behavior<Command> create(HmsSettings settings, int capacity, List<InetSocketAddress> peerAddresses) {
        return Behaviors.setup(
                ctx -> Behaviors.withTimers(timers -> new WorkerActor(ctx, timers, settings, capacity, peerAddresses)));
    }

    private WorkerActor(
            ActorContext<Command> context,
            TimerScheduler<Command> timers,
            HmsSettings settings,
            int capacity,
            List<InetSocketAddress> peerAddresses) {
        super(context);
        this.timers = timers;
        this.settings = settings;
        this.actorSettings = rangeSettings(settings);
        this.capacity = capacity;
        this.peerAddresses = List.copyOf(peerAddresses);
        this.clusterEvents = context.messageAdapter(ClusterEvent.class, FromCluster::new);
        context.getSystem()
                .receptionist()
                .tell(Receptionist.subscribe(
                        WorkerDesk.KEY, context.messageAdapter(Receptionist.Listing.class, Desks::new)));
    }

    /**
     * The settings a worker's ranges run with: the configured ones, except that every batch set larger
     * than one chunk is staged chunk by chunk, so no element on the cluster link carries more than one
     * chunk's items (docs/ARCHITECTURE.md "Workers").
     */
    static SyncActorSettings rangeSettings(HmsSettings settings) {
        SyncActorSettings a = settings.syncActors();
        return a.withStageAboveItems(
                Math.min(a.stageAboveItems(), settings.sync().chunkSize()));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Desks.class, this::onDesks)
                .onMessage(Welcome.class, this::onWelcome)
                .onMessage(Assign.class, this::onAssign)
                .onMessage(AddPeer.class, this::onAddPeer)
                .onMessage(RemovePeer.class, r -> {
                    running.values().forEach(c -> c.ref().tell(new ClusterActor.RemovePeer(r.peer())));
                    return this;
                })
                .onMessage(Truncate.class, t -> {
                    waiting.computeIfPresent(
                            t.clusterId(), (id, w) -> new Waiting(w.assign(), Math.min(w.keep(), t.keep())));
                    tell(t.clusterId(), new ClusterActor.Truncate(t.keep()));
                    return this;
                })
                .onMessage(PeerWaitExpired.class, this::onPeerWaitExpired)
                .onMessage(Abort.class, this::onAbort)
                .onMessage(Ban.class, b -> {
                    ban(b.peer(), b.fault());
                    return this;
                })
                .onMessage(FromNetwork.class, this::onFromNetwork)
                .onMessage(FromCluster.class, this::onFromCluster)
                .onMessage(ClusterStopped.class, this::onClusterStopped)
                .onSignal(PostStop.class, s -> {
                    if (network != null) {
                        network.close();
                    }
                    return this;
                })
                .build();
    }

    private Behavior<Command> onDesks(Desks d) {
        for (ActorRef<WorkerDesk.Command> desk : d.listing().getServiceInstances(WorkerDesk.KEY)) {
            if (greeted.add(desk)) {
                getContext().getLog().info("registering with coordinator {}", desk.path());
                desk.tell(new WorkerDesk.Register(getContext().getSelf(), capacity));
            }
        }
        greeted.retainAll(d.listing().getServiceInstances(WorkerDesk.KEY));
        return this;
    }

    private Behavior<Command> onWelcome(Welcome w) {
        if (network != null) {
            return this;
        }
        policy = w.policy();
        network = TcpNetwork.builder(getContext().getSystem(), LocalHandshake.create(w.networkId(), w.genesisHash(), 0))
                .settings(TransportSettings.of(settings.network()))
                .build();
        network.subscribe(getContext().messageAdapter(PeerEvent.class, FromNetwork::new));
        peerAddresses.forEach(this::dial);
        return this;
    }

    private Behavior<Command> onAssign(Assign a) {
        SyncCluster cluster = a.cluster();
        if (network == null) {
            a.events()
                    .tell(new ClusterEvent.DownloadFinished(
                            cluster.id(), ClusterOutcome.FAILED, "worker not ready", Optional.empty()));
            return this;
        }
        cluster.peers().asList().forEach(p -> addressOf(p).ifPresent(this::dial));
        if (cluster.peers().asList().stream().noneMatch(peers::containsKey)) {
            // its peers are dialed but not connected yet (a worker just welcomed, or a slow link): a range
            // started now would find no peer to ask and fail at once, so it starts when the first connects
            waiting.put(cluster.id(), new Waiting(a, cluster.size()));
            timers.startSingleTimer(
                    cluster.id(),
                    new PeerWaitExpired(cluster.id()),
                    settings.sync().requestTimeout());
            getContext()
                    .getLog()
                    .info(
                            "range: cluster {} waits for one of its peers ({}) to connect",
                            cluster.id(),
                            cluster.peers().size());
            return this;
        }
        start(a, cluster.size());
        return this;
    }

    private void start(Assign a, int keep) {
        SyncCluster cluster = a.cluster();
        Map<PeerId, ActorRef<PeerActor.Command>> refs = new LinkedHashMap<>();
        cluster.peers().asList().forEach(p -> Optional.ofNullable(peers.get(p)).ifPresent(r -> refs.put(p, r)));
        ActorRef<ClusterActor.Command> ref = getContext()
                .spawn(
                        ClusterActor.create(
                                cluster,
                                a.start(),
                                refs,
                                policy,
                                settings.sync(),
                                actorSettings,
                                a.jobs(),
                                clusterEvents),
                        "cluster-" + cluster.id() + "-" + seq++);
        getContext().watchWith(ref, new ClusterStopped(cluster.id()));
        running.put(cluster.id(), new Running(ref, cluster, a.events()));
        if (keep < cluster.size()) {
            ref.tell(new ClusterActor.Truncate(keep));
        }
        getContext()
                .getLog()
                .info(
                        "range: cluster {} ({} epochs from {}), {} of its peers connected",
                        cluster.id(),
                        cluster.size(),
                        cluster.firstEpoch(),
                        refs.size());
    }

    private Behavior<Command> onPeerWaitExpired(PeerWaitExpired e) {
        Waiting w = waiting.remove(e.clusterId());
        if (w != null) {
            String reason = "none of its peers connected to this worker within "
                    + settings.sync().requestTimeout().toMillis() + " ms (hms.sync.request-timeout)";
            getContext().getLog().warn("range: cluster {} not started: {}", e.clusterId(), reason);
            w.assign()
                    .events()
                    .tell(new ClusterEvent.DownloadFinished(
                            e.clusterId(), ClusterOutcome.FAILED, reason, Optional.empty()));
        }
        return this;
    }

    private Behavior<Command> onAddPeer(AddPeer a) {
        Waiting w = waiting.get(a.clusterId());
        if (w != null) {
            Assign assign = w.assign();
            waiting.put(
                    a.clusterId(),
                    new Waiting(
                            new Assign(
                                    assign.cluster().withPeer(a.peer()),
                                    assign.start(),
                                    assign.jobs(),
                                    assign.events()),
                            w.keep()));
            addressOf(a.peer()).ifPresent(this::dial);
            startIfConnected(a.clusterId()); // with the peer in its cluster already
            return this;
        }
        Running r = running.get(a.clusterId());
        if (r != null) {
            running.put(a.clusterId(), new Running(r.ref(), r.cluster().withPeer(a.peer()), r.events()));
            addressOf(a.peer()).ifPresent(this::dial);
            Optional.ofNullable(peers.get(a.peer()))
                    .ifPresent(ref -> r.ref().tell(new ClusterActor.AddPeer(a.peer(), ref)));
        }
        return this;
    }

    private Behavior<Command> onAbort(Abort a) {
        if (waiting.remove(a.clusterId()) != null) {
            timers.cancel(a.clusterId());
            return this;
        }
        reported.add(a.clusterId()); // given up by the coordinator: nothing more to report
        tell(a.clusterId(), ClusterActor.Abort.INSTANCE);
        return this;
    }

    private Behavior<Command> onFromNetwork(FromNetwork m) {
        PeerEvent e = m.event();
        if (e instanceof PeerEvent.PeerJoined j
                && Services.canServeHistorySync(j.services())
                && !peers.containsKey(j.peer())) {
            ActorRef<PeerActor.Command> ref = getContext()
                    .spawn(
                            Behaviors.supervise(PeerActor.create(
                                            j.peer(),
                                            network,
                                            settings.network().maxInFlightPerPeer(),
                                            settings.syncActors().pacing(),
                                            Clock.systemUTC()))
                                    .onFailure(SupervisorStrategy.restart()),
                            "peer-" + seq++);
            peers.put(j.peer(), ref);
            running.values().stream()
                    .filter(r -> r.cluster().peers().contains(j.peer()))
                    .forEach(r -> r.ref().tell(new ClusterActor.AddPeer(j.peer(), ref)));
            List.copyOf(waiting.keySet()).forEach(this::startIfConnected);
        } else if (e instanceof PeerEvent.PeerLeft l) {
            ActorRef<PeerActor.Command> ref = peers.remove(l.peer());
            if (ref != null) {
                ref.tell(PeerActor.Leave.INSTANCE);
                running.values().forEach(r -> r.ref().tell(new ClusterActor.RemovePeer(l.peer())));
            }
        }
        return this;
    }

    /** Starts waiting range {@code clusterId} if one of its peers is connected now. */
    private void startIfConnected(long clusterId) {
        Waiting w = waiting.get(clusterId);
        if (w != null && w.assign().cluster().peers().asList().stream().anyMatch(peers::containsKey)) {
            waiting.remove(clusterId);
            timers.cancel(clusterId);
            start(w.assign(), w.keep());
        }
    }

    private Behavior<Command> onFromCluster(FromCluster m) {
        ClusterEvent e = m.event();
        Running r = running.get(e.clusterId());
        if (r == null) {
            return this;
        }
        if (e instanceof ClusterEvent.PeerFaulted f && f.fault().consequence() == io.hms.verifier.Consequence.BAN) {
            ban(f.peer(), f.fault());
        }
        if (e instanceof ClusterEvent.DownloadFinished) {
            reported.add(e.clusterId());
        }
        r.events().tell(e);
        return this;
    }

    private Behavior<Command> onClusterStopped(ClusterStopped s) {
        Running r = running.remove(s.clusterId());
        if (r != null && !reported.remove(s.clusterId())) {
            r.events()
                    .tell(new ClusterEvent.DownloadFinished(
                            s.clusterId(),
                            ClusterOutcome.FAILED,
                            "cluster actor stopped on a worker",
                            Optional.empty()));
        }
        return this;
    }

    private void ban(PeerId peer, PeerFault fault) {
        if (network != null) {
            network.ban(peer, fault);
            network.disconnect(peer, DisconnectReason.MALICIOUS);
        }
    }

    private void tell(long clusterId, ClusterActor.Command command) {
        Running r = running.get(clusterId);
        if (r != null) {
            r.ref().tell(command);
        }
    }

    private void dial(InetSocketAddress address) {
        PeerId id = new PeerId(address.getHostString() + ":" + address.getPort());
        if (network != null && dialed.add(id)) {
            network.connect(address);
        }
    }

    /** A dialed TCP peer's id is the {@code host:port} it was dialed at; an inbound peer's cannot be dialed. */
    static Optional<InetSocketAddress> addressOf(PeerId peer) {
        String s = peer.value();
        int colon = s.lastIndexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new InetSocketAddress(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
