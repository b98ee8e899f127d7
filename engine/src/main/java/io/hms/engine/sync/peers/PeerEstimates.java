package io.hms.engine.sync.peers;

import io.hms.engine.sync.PeerId;
import java.util.HashMap;
import java.util.Map;

/**
 * One peer's {@link PeerEstimate}s, one per kind of request (issue 12: a peer measured on small
 * batch-set answers looked fast enough to get a large window of history chunks, eight times its
 * speed). Whether the peer is suspect is shared: a timeout of any kind makes every kind suspect, and
 * an answer of any kind clears it. Plain and single-threaded.
 */
final class PeerEstimates {
    private final SchedulingSettings settings;
    private final PeerId peer;
    private final PeerSpeeds known;
    private final Map<String, PeerEstimate> byKind = new HashMap<>();

    PeerEstimates(SchedulingSettings settings, PeerId peer, PeerSpeeds known) {
        this.settings = settings;
        this.peer = peer;
        this.known = known;
    }

    /** The estimate for {@code kind}, starting from what earlier clusters measured if anything. */
    PeerEstimate of(String kind) {
        return byKind.computeIfAbsent(kind, k -> {
            PeerEstimate e = new PeerEstimate(settings);
            known.of(peer, k).ifPresent(e::seed);
            return e;
        });
    }

    /** The kinds this peer has answered (in this cluster or, as a seed, an earlier one). */
    java.util.List<String> measuredKinds() {
        return byKind.entrySet().stream()
                .filter(en -> en.getValue().measured())
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    /** Requests open at the peer, all kinds together. */
    int outstanding() {
        return byKind.values().stream().mapToInt(PeerEstimate::outstanding).sum();
    }

    void answered(String kind, PeerEstimate e, long sentNanos, long nowNanos) {
        e.answered(sentNanos, nowNanos);
        byKind.values().forEach(PeerEstimate::cleared);
        known.record(peer, kind, e.speed());
    }

    void timedOut(PeerEstimate e) {
        e.timedOut();
        byKind.values().forEach(PeerEstimate::markSuspect);
    }
}
