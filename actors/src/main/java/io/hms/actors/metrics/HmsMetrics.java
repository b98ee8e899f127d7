package io.hms.actors.metrics;

import io.hms.engine.store.ChainView;
import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.fault.PeerFault;
import io.hms.protocol.message.RequestType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The node's meters, all created here (or in {@link PeerMeters} and {@link ChainMeters}) so that
 * names, label sets and HELP texts stay in one place. Prometheus names follow {@code
 * hms_<noun>_<unit>}: {@code hms_requests_sent_total{type,outcome}}, {@code
 * hms_requests_served_total{type,outcome}}, {@code hms_request_duration_seconds{type}}, {@code
 * hms_transport_bytes_total{direction}}, {@code hms_connections_closed_total{reason}}, {@code
 * hms_peers_connected}, {@code hms_peers{state}}, {@code hms_peer_bytes_total{peer,direction}},
 * {@code hms_peer_items_total{peer}}, {@code hms_verification_seconds}, {@code
 * hms_transactions_applied_total}, {@code hms_batch_sets_applied_total}, {@code
 * hms_peer_bans_total{fault}}, {@code hms_clusters_active}, {@code hms_head_block}, {@code
 * hms_sync_target_block}, {@code hms_epochs_synced} and {@code hms_epochs_target} (docs/CLI.md,
 * "Metrics"). Thread-safe.
 */
public final class HmsMetrics {
    private final MeterRegistry registry;
    private final Map<String, Map<RequestOutcome, Counter>> sent = new HashMap<>();
    private final Map<String, Map<ServeOutcome, Counter>> served = new HashMap<>();
    private final Map<String, Timer> durations = new HashMap<>();
    private final Counter bytesIn;
    private final Counter bytesOut;
    private final Timer verification;
    private final Counter transactionsApplied;
    private final Counter batchSetsApplied;
    private final AtomicLong peersConnected = new AtomicLong();
    private final AtomicLong clustersActive = new AtomicLong();
    private final PeerMeters peers;
    private final ChainMeters chain;

    public HmsMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (RequestType<?, ?> type : RequestType.ALL) {
            Map<RequestOutcome, Counter> s = new EnumMap<>(RequestOutcome.class);
            for (RequestOutcome o : RequestOutcome.values()) {
                s.put(
                        o,
                        Counter.builder("hms.requests.sent")
                                .description("Requests we sent, by type and outcome")
                                .tags("type", type.name(), "outcome", o.label())
                                .register(registry));
            }
            sent.put(type.name(), s);
            Map<ServeOutcome, Counter> v = new EnumMap<>(ServeOutcome.class);
            for (ServeOutcome o : ServeOutcome.values()) {
                v.put(
                        o,
                        Counter.builder("hms.requests.served")
                                .description("Requests we answered, by type and outcome")
                                .tags("type", type.name(), "outcome", o.label())
                                .register(registry));
            }
            served.put(type.name(), v);
            durations.put(
                    type.name(),
                    Timer.builder("hms.request.duration")
                            .description("Round trip of our requests")
                            .tags("type", type.name())
                            .register(registry));
        }
        bytesIn = bytes("in");
        bytesOut = bytes("out");
        verification = Timer.builder("hms.verification")
                .description("Time spent verifying downloaded data")
                .register(registry);
        transactionsApplied = Counter.builder("hms.transactions.applied")
                .description("Historic transactions applied to the store")
                .register(registry);
        batchSetsApplied = Counter.builder("hms.batch.sets.applied")
                .description("Batch sets applied to the store")
                .register(registry);
        Gauge.builder("hms.peers.connected", peersConnected, AtomicLong::get)
                .description("Peers with an open, handshaken connection")
                .register(registry);
        Gauge.builder("hms.clusters.active", clustersActive, AtomicLong::get)
                .description("Sync clusters downloading right now")
                .register(registry);
        peers = new PeerMeters(registry);
        chain = new ChainMeters(registry);
    }

    /** Meters that go nowhere, for tests and for commands without a metrics port. */
    public static HmsMetrics discarding() {
        return new HmsMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void requestSent(RequestType<?, ?> type, RequestOutcome outcome, Duration roundTrip) {
        sent.get(type.name()).get(outcome).increment();
        if (outcome == RequestOutcome.OK || outcome == RequestOutcome.ERROR_RESPONSE) {
            durations.get(type.name()).record(roundTrip);
        }
    }

    public void requestServed(RequestType<?, ?> type, ServeOutcome outcome) {
        served.get(type.name()).get(outcome).increment();
    }

    public void bytesReceived(long n) {
        bytesIn.increment(n);
    }

    /** Bytes received on all connections so far. */
    public long bytesReceivedTotal() {
        return (long) bytesIn.count();
    }

    public void bytesSent(long n) {
        bytesOut.increment(n);
    }

    /** Counts a closed connection; the reason is any enum constant (the transport's close reason). */
    public void connectionClosed(Enum<?> reason) {
        Counter.builder("hms.connections.closed")
                .description("Closed connections by the reason they closed (a bounded set of codes)")
                .tags("reason", reason.name().toLowerCase(Locale.ROOT))
                .register(registry)
                .increment();
    }

    /** A peer completed its handshake: its per-peer meters exist until {@link #peerDisconnected}. */
    public void peerConnected(PeerId peer) {
        peers.connected(peer);
    }

    /** A handshaken peer's connection closed: its per-peer meters are removed. */
    public void peerDisconnected(PeerId peer) {
        peers.disconnected(peer);
    }

    public void peerBytesReceived(PeerId peer, long n) {
        peers.bytesReceived(peer, n);
    }

    public void peerBytesSent(PeerId peer, long n) {
        peers.bytesSent(peer, n);
    }

    /** The number of node ids banned right now, for {@code hms_peers{state="banned"}}. */
    public void runningBans(LongSupplier bans) {
        peers.runningBans(bans);
    }

    /** The chain {@code hms_head_block} and the epoch gauges read; the first one watched counts. */
    public void watchChain(ChainView view) {
        chain.watch(view);
    }

    public void peersConnected(int count) {
        peersConnected.set(count);
    }

    public void verified(Duration took) {
        verification.record(took);
    }

    public void batchSetApplied(long transactions) {
        batchSetsApplied.increment();
        transactionsApplied.increment(transactions);
    }

    /** A connected peer's latest sync result (good, outdated or incompatible) for {@code hms_peers}. */
    public void peerResult(PeerId peer, PeerState state) {
        peers.result(peer, state);
    }

    /** Verified history items a peer sent. */
    public void peerItems(PeerId peer, long items) {
        peers.itemsReceived(peer, items);
    }

    /** A cluster of {@code peerIds} started downloading (they count as syncing) up to {@code targetBlock}. */
    public void clusterStarted(long clusterId, List<PeerId> peerIds, long targetBlock) {
        peers.clusterStarted(clusterId, peerIds);
        chain.targetBlock(targetBlock);
    }

    public void clusterFinished(long clusterId) {
        peers.clusterFinished(clusterId);
    }

    /** The highest macro block any known cluster leads to. */
    public void syncTarget(long blockNumber) {
        chain.targetBlock(blockNumber);
    }

    /** Counts a ban by the check that proved the peer lied (its code, lower case: a bounded set). */
    public void peerBanned(PeerFault fault) {
        Counter.builder("hms.peer.bans")
                .description("Bans by the check that proved the peer lied")
                .tags("fault", fault.name().toLowerCase(Locale.ROOT))
                .register(registry)
                .increment();
    }

    public void clustersActive(int count) {
        clustersActive.set(count);
    }

    private Counter bytes(String direction) {
        return Counter.builder("hms.transport.bytes")
                .baseUnit("bytes")
                .description("Bytes on TCP connections")
                .tags("direction", direction)
                .register(registry);
    }
}
