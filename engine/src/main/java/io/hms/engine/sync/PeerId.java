package io.hms.engine.sync;

import java.io.Serializable;

/**
 * Identity of a connected peer as the sync sees it (for TCP peers: the remote node id or
 * {@code host:port}). A plain value so that messages carrying it can cross machines.
 */
public record PeerId(String value) implements Serializable, Comparable<PeerId> {
    public PeerId {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("peer id must not be empty");
        }
    }

    @Override
    public int compareTo(PeerId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
