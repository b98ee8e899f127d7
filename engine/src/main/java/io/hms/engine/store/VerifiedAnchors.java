package io.hms.engine.store;

import io.hms.protocol.model.Hash;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hashes of anchors whose justification this store verified, so that the pushes chained to one
 * anchor (up to an epoch's worth of checkpoints) cost one signature check. Bounded, least recently
 * used first out; only the push path touches it, under the store's writer monitor.
 */
final class VerifiedAnchors {
    private final Map<Hash, Boolean> hashes;

    VerifiedAnchors(int capacity) {
        this.hashes = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Hash, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    boolean contains(Hash anchor) {
        return hashes.get(anchor) != null;
    }

    void add(Hash anchor) {
        hashes.put(anchor, Boolean.TRUE);
    }

    int size() {
        return hashes.size();
    }
}
