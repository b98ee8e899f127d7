package io.hms.actors.transport;

import io.hms.actors.metrics.HmsMetrics;
import io.hms.actors.network.PeerEvent;
import io.hms.engine.sync.PeerId;
import io.hms.protocol.message.Handshake;
import io.hms.protocol.model.ByteString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The open connections of one network and its event subscribers. A connection enters when its
 * handshake succeeds and leaves when it ends; subscribers see exactly one {@code PeerJoined} and
 * then one {@code PeerLeft} per connection, in that order, because every change and every
 * notification happens under this object's lock.
 */
final class PeerRegistry {
    /** Closed connections whose identity is kept for a late ban (count); a ban comes within moments of the close. */
    private static final int RECENTLY_CLOSED = 1024;

    private final HmsMetrics metrics;
    private final Map<PeerId, PeerConnection> byPeer = new LinkedHashMap<>();
    private final Map<ByteString, PeerId> byNode = new HashMap<>();
    private final Set<ActorRef<PeerEvent>> subscribers = new LinkedHashSet<>();
    /** Identities of connections that closed lately, so that a ban raised after the close still finds them. */
    private final Map<PeerId, PeerIdentity> recentlyClosed = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<PeerId, PeerIdentity> eldest) {
            return size() > RECENTLY_CLOSED;
        }
    };

    PeerRegistry(HmsMetrics metrics) {
        this.metrics = metrics;
    }

    /** Adds an open connection and announces it; a reason instead if it duplicates one we have. */
    synchronized Optional<String> add(PeerConnection c) {
        Handshake hello = c.remoteHello().orElseThrow();
        PeerId sameNode = byNode.get(hello.nodeId());
        if (sameNode != null) {
            return Optional.of(
                    "node " + LocalHandshake.nameOf(hello.nodeId()) + " is already connected as " + sameNode);
        }
        if (byPeer.containsKey(c.peerId())) {
            return Optional.of("peer id " + c.peerId() + " is already connected");
        }
        byPeer.put(c.peerId(), c);
        byNode.put(hello.nodeId(), c.peerId());
        metrics.peersConnected(byPeer.size());
        metrics.peerConnected(c.peerId());
        PeerEvent joined = new PeerEvent.PeerJoined(c.peerId(), hello.services());
        subscribers.forEach(s -> s.tell(joined));
        return Optional.empty();
    }

    /** Removes a connection that ended; announces it if it had been added. */
    synchronized boolean remove(PeerConnection c) {
        return remove(c, CloseReason.REMOTE_CLOSED, "");
    }

    /**
     * Removes a connection that ended for {@code reason}; announces it if it had been added, preceded
     * by a {@link PeerEvent.ProtocolBreach} when the peer broke the wire protocol.
     */
    synchronized boolean remove(PeerConnection c, CloseReason reason, String detail) {
        if (byPeer.get(c.peerId()) != c) {
            return false;
        }
        if (reason.isProtocolBreach()) {
            PeerEvent breach = new PeerEvent.ProtocolBreach(c.peerId(), reason.name(), detail);
            subscribers.forEach(s -> s.tell(breach));
        }
        recentlyClosed.put(c.peerId(), c.identity());
        byPeer.remove(c.peerId());
        c.remoteHello().ifPresent(h -> byNode.remove(h.nodeId()));
        metrics.peersConnected(byPeer.size());
        metrics.peerDisconnected(c.peerId());
        PeerEvent left = new PeerEvent.PeerLeft(c.peerId());
        subscribers.forEach(s -> s.tell(left));
        return true;
    }

    /** The identity of an open connection, or of one that closed lately. */
    synchronized Optional<PeerIdentity> identity(PeerId peer) {
        PeerConnection open = byPeer.get(peer);
        return open != null ? Optional.of(open.identity()) : Optional.ofNullable(recentlyClosed.get(peer));
    }

    synchronized Optional<PeerConnection> get(PeerId peer) {
        return Optional.ofNullable(byPeer.get(peer));
    }

    synchronized List<PeerConnection> all() {
        return new ArrayList<>(byPeer.values());
    }

    /** Subscribes and announces every open connection to the new subscriber first. */
    synchronized void subscribe(ActorRef<PeerEvent> listener) {
        if (subscribers.add(listener)) {
            byPeer.values()
                    .forEach(c -> listener.tell(new PeerEvent.PeerJoined(
                            c.peerId(), c.remoteHello().orElseThrow().services())));
        }
    }

    synchronized void unsubscribe(ActorRef<PeerEvent> listener) {
        subscribers.remove(listener);
    }
}
