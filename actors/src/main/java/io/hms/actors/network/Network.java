package io.hms.actors.network;

import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.fault.PeerFault;
import io.hms.protocol.message.Request;
import io.hms.protocol.message.RequestType;
import io.hms.protocol.message.Response;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What the sync needs from a network: send a request to a connected peer and get its typed
 * response, learn which peers come and go, and drop a peer. The TCP transport and the in-JVM
 * hub used by tests both implement it.
 */
public interface Network {

    /**
     * Sends {@code request} to {@code peer}. The stage completes with the peer's response (which
     * may be the family's error arm) or fails with a {@link NetworkFailure}; it always completes
     * within {@code timeout}.
     */
    <Q extends Request, R extends Response> CompletionStage<R> request(
            PeerId peer, RequestType<Q, R> type, Q request, Duration timeout);

    /**
     * Subscribes to peer events. Peers connected at the time of the call are announced first as
     * {@link PeerEvent.PeerJoined}.
     */
    void subscribe(ActorRef<PeerEvent> listener);

    void unsubscribe(ActorRef<PeerEvent> listener);

    /** Closes the connection to {@code peer}; a {@link PeerEvent.PeerLeft} follows. */
    void disconnect(PeerId peer, DisconnectReason reason);

    /**
     * Remembers that {@code peer} lied ({@code fault} proves it), so that the network refuses it when
     * it comes back, from another port or after a restart (docs/PROTOCOL.md §7.3); does not close the
     * connection ({@link #disconnect} does). A network without peer identities (the in-JVM hub)
     * ignores it.
     */
    default void ban(PeerId peer, PeerFault fault) {}
}
