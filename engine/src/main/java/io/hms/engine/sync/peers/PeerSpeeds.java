package io.hms.engine.sync.peers;

import io.hms.engine.sync.PeerId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What earlier clusters measured of each peer, per kind of request, handed to the next cluster's
 * {@link PeerScheduler} as its starting estimate (issue 12: a new cluster that knew nothing gave a
 * peer eight times slower its initial window of history chunks, and the duplicates that then won
 * left the slow peer's answers on its wire, delaying every later request to it by seconds).
 * Thread-safe: the clusters of one sync run on different threads.
 */
public final class PeerSpeeds {

    /** One peer's delivery rate (answers per second while busy) and smallest round trip, for one kind. */
    record Speed(double rate, long minRttNanos) {}

    private final Map<PeerId, Map<String, Speed>> speeds = new HashMap<>();

    synchronized void record(PeerId peer, String kind, Speed speed) {
        speeds.computeIfAbsent(peer, p -> new HashMap<>()).put(kind, speed);
    }

    synchronized Optional<Speed> of(PeerId peer, String kind) {
        return Optional.ofNullable(speeds.getOrDefault(peer, Map.of()).get(kind));
    }
}
