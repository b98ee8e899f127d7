package io.hms.actors.node;

import io.hms.engine.sync.PeerId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One record per peer (its latest result, or its ban), at most {@code capacity} of them: node ids
 * are chosen by the peers, so a peer that reconnects under ever new ids must not grow the node's
 * memory. Beyond the capacity the record updated longest ago is forgotten. Iteration order is the
 * order in which the peers first got a record, as the peer table shows them. Not thread-safe: the
 * owner synchronizes.
 */
final class PeerRecords<V> {
    private final int capacity;
    private final Map<PeerId, V> records = new LinkedHashMap<>();
    private final Map<PeerId, Long> updatedAt = new HashMap<>();
    private long updates;

    PeerRecords(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    void put(PeerId peer, V record) {
        records.put(peer, record);
        updatedAt.put(peer, ++updates);
        if (records.size() > capacity) {
            PeerId stalest = null;
            long oldest = Long.MAX_VALUE;
            for (Map.Entry<PeerId, Long> e : updatedAt.entrySet()) {
                if (e.getValue() < oldest) {
                    oldest = e.getValue();
                    stalest = e.getKey();
                }
            }
            records.remove(stalest);
            updatedAt.remove(stalest);
        }
    }

    /** A copy, in the order the peers first got a record. */
    Map<PeerId, V> snapshot() {
        return new LinkedHashMap<>(records);
    }
}
