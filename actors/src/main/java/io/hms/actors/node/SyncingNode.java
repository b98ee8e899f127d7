package io.hms.actors.node;

import io.hms.actors.events.MacroSyncReturn;
import io.hms.actors.events.SyncEvent;
import io.hms.actors.metrics.SyncEventMetrics;
import io.hms.actors.network.DisconnectReason;
import io.hms.actors.sync.HistorySync;
import io.hms.actors.transport.TcpNetwork;
import io.hms.engine.store.Blockchain;
import io.hms.engine.sync.PeerId;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node that syncs its store from peers and serves what it has: a {@link ServingNode}, the actors'
 * {@link HistorySync} over its TCP network, the live-sync hook, and the periodic redial of dialed
 * peers that were Incompatible (a fresh handshake shows their services anew) every {@code
 * hms.sync.recheck-interval}, timed by the actor system's scheduler. Outdated peers are asked
 * again by the sync's own re-check timer.
 */
public final class SyncingNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SyncingNode.class);

    private final ServingNode serving;
    private final HistorySync sync;
    private final LiveSyncHook hook;
    private final SyncEventMetrics eventMetrics;
    private final List<PeerId> dialed = new CopyOnWriteArrayList<>();
    private final PeerRecords<MacroSyncReturn> results;
    private final PeerRecords<SyncEvent.PeerBanned> banned;
    private final List<Consumer<SyncEvent>> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<SyncEvent.Synced> firstSynced = new CompletableFuture<>();
    private volatile Cancellable redials;

    private SyncingNode(
            ServingNode serving, HistorySync sync, Function<HistorySync, LiveSyncHook> hook, NodeConfig config) {
        this.serving = serving;
        this.sync = sync;
        this.hook = hook.apply(sync);
        this.eventMetrics = new SyncEventMetrics(config.metrics());
        this.results = new PeerRecords<>(config.settings().node().maxPeerRecords());
        this.banned = new PeerRecords<>(config.settings().node().maxPeerRecords());
    }

    /** Starts serving, syncing and dialing {@code config.peers()}; follows if {@code config.follow()} is set. */
    public static SyncingNode start(ActorSystem<?> system, Blockchain chain, NodeConfig config) throws Exception {
        return start(
                system,
                chain,
                config,
                sync -> config.follow()
                        .<LiveSyncHook>map(interval -> new FollowingLiveSync(sync, interval, system))
                        .orElse(LiveSyncHook.none()));
    }

    /** Like {@link #start(ActorSystem, Blockchain, NodeConfig)} with the host's own live-sync hook. */
    public static SyncingNode start(
            ActorSystem<?> system, Blockchain chain, NodeConfig config, Function<HistorySync, LiveSyncHook> hook)
            throws Exception {
        ServingNode serving = ServingNode.start(system, chain, config.withPeers(List.of()));
        HistorySync sync = HistorySync.start(system, chain, serving.network(), config.settings());
        SyncingNode node = new SyncingNode(serving, sync, hook, config);
        sync.events().runForeach(node::onEvent, system);
        // a round trip after the stream's subscription: the sync has our subscriber before any peer joins
        sync.status().toCompletableFuture().get(30, TimeUnit.SECONDS);
        config.peers().forEach(node::dial);
        Duration every = config.settings().sync().recheckInterval();
        node.redials = system.scheduler()
                .scheduleWithFixedDelay(every, every, node::redialIncompatible, system.executionContext());
        return node;
    }

    /** Dials {@code address} from now on; returns its peer id. */
    public PeerId dial(InetSocketAddress address) {
        PeerId id = serving.network().connect(address);
        dialed.add(id);
        return id;
    }

    /** Called with every sync event, on the event stream's thread. */
    public void addListener(Consumer<SyncEvent> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<SyncEvent> listener) {
        listeners.remove(listener);
    }

    /** Completes the first time the node is synced. */
    public CompletionStage<SyncEvent.Synced> firstSynced() {
        return firstSynced;
    }

    /** Each peer's latest result, in the order the peers first got one. */
    public synchronized Map<PeerId, MacroSyncReturn> results() {
        return results.snapshot();
    }

    /** Peers the sync banned, with the fault that proved they lied. */
    public synchronized Map<PeerId, SyncEvent.PeerBanned> banned() {
        return banned.snapshot();
    }

    /** The peers dialed because they were configured. */
    public List<PeerId> dialedPeers() {
        return List.copyOf(dialed);
    }

    public HistorySync sync() {
        return sync;
    }

    public TcpNetwork network() {
        return serving.network();
    }

    public InetSocketAddress address() {
        return serving.address();
    }

    private void onEvent(SyncEvent event) {
        eventMetrics.onEvent(event);
        if (event instanceof MacroSyncReturn r) {
            synchronized (this) {
                results.put(r.peer(), r);
            }
            LOG.debug("peer={} result={}", r.peer(), r);
        } else if (event instanceof SyncEvent.PeerBanned b) {
            synchronized (this) {
                banned.put(b.peer(), b);
            }
        } else if (event instanceof SyncEvent.Synced s) {
            firstSynced.complete(s);
            hook.onSynced(s);
        } else if (event instanceof SyncEvent.SyncFailed f) {
            firstSynced.completeExceptionally(new IllegalStateException("the sync failed: " + f.reason()));
        }
        for (Consumer<SyncEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("a sync event listener failed", e);
            }
        }
    }

    /**
     * Dialed peers whose latest result is Incompatible are disconnected, so their dialer reconnects
     * and the new handshake shows their services anew.
     */
    private void redialIncompatible() {
        try {
            List<PeerId> incompatible;
            synchronized (this) {
                incompatible = incompatibleDialed(results.snapshot(), dialed);
            }
            incompatible.forEach(peer -> serving.network().disconnect(peer, DisconnectReason.ERROR));
        } catch (RuntimeException e) {
            LOG.warn("redialing incompatible peers failed", e);
        }
    }

    /** The peers of {@code dialed} whose latest result is Incompatible, in the order of {@code results}. */
    static List<PeerId> incompatibleDialed(Map<PeerId, MacroSyncReturn> results, List<PeerId> dialed) {
        List<PeerId> out = new ArrayList<>();
        results.forEach((peer, r) -> {
            if (r instanceof MacroSyncReturn.Incompatible && dialed.contains(peer)) {
                out.add(peer);
            }
        });
        return out;
    }

    /** Stops following and redialing, stops the sync (waiting for a running push), closes the network. */
    @Override
    public void close() {
        Cancellable r = redials;
        if (r != null) {
            r.cancel();
        }
        hook.close();
        try {
            sync.stop(Duration.ofMinutes(2)).toCompletableFuture().get(2, TimeUnit.MINUTES);
        } catch (Exception e) {
            LOG.warn("the sync did not stop cleanly: {}", e.toString());
        }
        serving.close();
    }
}
