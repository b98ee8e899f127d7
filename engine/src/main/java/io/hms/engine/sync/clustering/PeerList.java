package io.hms.engine.sync.clustering;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import io.hms.engine.sync.PeerId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An immutable, ordered set of peers: the order drives round-robin choices, the set answers
 * membership in constant time (SPEC §4.8 "ordered list plus set"). Values, so a cluster can be
 * handed to another actor, or another machine, without sharing mutable state.
 */
public final class PeerList {
    private static final PeerList EMPTY = new PeerList(List.of());

    private final List<PeerId> order;
    private final Set<PeerId> members;

    private PeerList(List<PeerId> order) {
        this.order = order;
        this.members = Set.copyOf(order);
    }

    public static PeerList empty() {
        return EMPTY;
    }

    public static PeerList of(PeerId... peers) {
        return of(List.of(peers));
    }

    /** Keeps the first occurrence of each peer. */
    @JsonCreator
    public static PeerList of(Collection<PeerId> peers) {
        List<PeerId> unique = new ArrayList<>(peers.size());
        Set<PeerId> seen = new HashSet<>();
        for (PeerId p : peers) {
            if (seen.add(p)) {
                unique.add(p);
            }
        }
        return unique.isEmpty() ? EMPTY : new PeerList(List.copyOf(unique));
    }

    @JsonValue
    public List<PeerId> asList() {
        return order;
    }

    public boolean contains(PeerId peer) {
        return members.contains(peer);
    }

    public int size() {
        return order.size();
    }

    @JsonIgnore
    public boolean isEmpty() {
        return order.isEmpty();
    }

    /** This list with {@code peer} appended, or this list if it is already a member. */
    public PeerList with(PeerId peer) {
        if (contains(peer)) {
            return this;
        }
        List<PeerId> next = new ArrayList<>(order);
        next.add(peer);
        return new PeerList(List.copyOf(next));
    }

    /** This list without {@code peer}; later peers move up one position. */
    public PeerList without(PeerId peer) {
        if (!contains(peer)) {
            return this;
        }
        List<PeerId> next = new ArrayList<>(order);
        next.remove(peer);
        return next.isEmpty() ? EMPTY : new PeerList(List.copyOf(next));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeerList other && order.equals(other.order);
    }

    @Override
    public int hashCode() {
        return order.hashCode();
    }

    @Override
    public String toString() {
        return order.toString();
    }
}
