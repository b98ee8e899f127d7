package io.hms.actors.metrics;

import io.hms.engine.sync.PeerId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The per-peer meters: {@code hms_peers{state}} (connected peers by their current state, plus the
 * running bans) and, for each connected peer, {@code hms_peer_bytes_total{peer,direction}} and
 * {@code hms_peer_items_total{peer}}. Cardinality is bounded by the connections: a peer's meters are
 * registered when its handshake completes and removed when its connection closes, so at most {@code
 * hms.network.connections.max-inbound} plus the dialed peers are tagged at once. Thread-safe (one lock).
 */
final class PeerMeters {
    private record Tagged(Counter bytesIn, Counter bytesOut, Counter items) {}

    private final MeterRegistry registry;
    /** Read without the lock on the byte path; written under it. */
    private final Map<PeerId, Tagged> connected = new ConcurrentHashMap<>();

    private final Map<PeerId, PeerState> results = new HashMap<>();
    private final Map<Long, List<PeerId>> clusters = new HashMap<>();
    private volatile LongSupplier runningBans = () -> 0;

    PeerMeters(MeterRegistry registry) {
        this.registry = registry;
        for (PeerState state : PeerState.values()) {
            Gauge.builder("hms.peers", this, m -> m.count(state))
                    .description("Peers by state: connected peers by their current sync state (connected: no"
                            + " result yet), and banned: node ids refused now for a running ban")
                    .tags("state", state.label())
                    .register(registry);
        }
    }

    synchronized void connected(PeerId peer) {
        if (connected.containsKey(peer)) {
            return;
        }
        String tag = peer.value();
        connected.put(
                peer,
                new Tagged(
                        bytes(tag, "in"),
                        bytes(tag, "out"),
                        Counter.builder("hms.peer.items")
                                .description("Verified history items (transactions) received from a connected peer")
                                .tags("peer", tag)
                                .register(registry)));
    }

    synchronized void disconnected(PeerId peer) {
        Tagged t = connected.remove(peer);
        results.remove(peer);
        if (t != null) {
            registry.remove(t.bytesIn());
            registry.remove(t.bytesOut());
            registry.remove(t.items());
        }
    }

    synchronized void result(PeerId peer, PeerState state) {
        if (connected.containsKey(peer)) {
            results.put(peer, state);
        }
    }

    synchronized void clusterStarted(long clusterId, List<PeerId> peers) {
        clusters.put(clusterId, new ArrayList<>(peers));
    }

    synchronized void clusterFinished(long clusterId) {
        clusters.remove(clusterId);
    }

    void bytesReceived(PeerId peer, long n) {
        Tagged t = tagged(peer);
        if (t != null) {
            t.bytesIn().increment(n);
        }
    }

    void bytesSent(PeerId peer, long n) {
        Tagged t = tagged(peer);
        if (t != null) {
            t.bytesOut().increment(n);
        }
    }

    void itemsReceived(PeerId peer, long n) {
        Tagged t = tagged(peer);
        if (t != null) {
            t.items().increment(n);
        }
    }

    void runningBans(LongSupplier bans) {
        this.runningBans = bans;
    }

    synchronized double count(PeerState state) {
        if (state == PeerState.BANNED) {
            return runningBans.getAsLong();
        }
        Set<PeerId> syncing = new HashSet<>();
        clusters.values().forEach(syncing::addAll);
        int n = 0;
        for (PeerId peer : connected.keySet()) {
            PeerState s = syncing.contains(peer) ? PeerState.SYNCING : results.getOrDefault(peer, PeerState.CONNECTED);
            if (s == state) {
                n++;
            }
        }
        return n;
    }

    private Tagged tagged(PeerId peer) {
        return connected.get(peer);
    }

    private Counter bytes(String peer, String direction) {
        return Counter.builder("hms.peer.bytes")
                .baseUnit("bytes")
                .description("Bytes on the TCP connection of a connected peer")
                .tags("peer", peer, "direction", direction)
                .register(registry);
    }
}
