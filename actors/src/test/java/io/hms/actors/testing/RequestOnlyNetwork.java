package io.hms.actors.testing;

import io.hms.actors.network.DisconnectReason;
import io.hms.actors.network.Network;
import io.hms.actors.network.PeerEvent;
import io.hms.engine.sync.PeerId;
import org.apache.pekko.actor.typed.ActorRef;

/** A test network that only answers requests: no peer events, and disconnecting does nothing. */
public interface RequestOnlyNetwork extends Network {
    @Override
    default void subscribe(ActorRef<PeerEvent> listener) {}

    @Override
    default void unsubscribe(ActorRef<PeerEvent> listener) {}

    @Override
    default void disconnect(PeerId peer, DisconnectReason reason) {}
}
