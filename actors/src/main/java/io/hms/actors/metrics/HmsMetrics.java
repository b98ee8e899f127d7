package io.hms.actors.metrics;

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
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node's meters, all created here so that names and label sets stay in one place. Prometheus
 * names follow {@code hms_<noun>_<unit>}: {@code hms_requests_sent_total{type,outcome}}, {@code
 * hms_requests_served_total{type,outcome}}, {@code hms_request_duration_seconds{type}}, {@code
 * hms_transport_bytes_total{direction}}, {@code hms_connections_closed_total{reason}}, {@code
 * hms_peers_connected}, {@code hms_verification_seconds}, {@code hms_transactions_applied_total},
 * {@code hms_batch_sets_applied_total}, {@code hms_peer_results_total{result}}, {@code
 * hms_peer_bans_total{fault}} and {@code hms_clusters_active}. Thread-safe.
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
        registry.counter("hms.connections.closed", "reason", reason.name().toLowerCase(Locale.ROOT))
                .increment();
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

    /** Counts a sync result per peer: good, outdated or incompatible. */
    public void peerResult(String result) {
        registry.counter("hms.peer.results", "result", result.toLowerCase(Locale.ROOT))
                .increment();
    }

    /** Counts a ban by the check that proved the peer lied (its code, lower case: a bounded set). */
    public void peerBanned(PeerFault fault) {
        registry.counter("hms.peer.bans", "fault", fault.name().toLowerCase(Locale.ROOT))
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
