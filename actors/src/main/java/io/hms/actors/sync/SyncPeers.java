package io.hms.actors.sync;

import io.hms.actors.network.DisconnectReason;
import io.hms.actors.network.Network;
import io.hms.actors.peer.PeerActor;
import io.hms.actors.settings.SyncActorSettings.Pacing;
import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.fault.PeerFault;
import io.hms.engine.sync.macrochain.MacroChainRequest;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The supervisor's peers: a {@link PeerActor} per connected peer that can serve a history sync,
 * the peers this sync banned (the latest {@link #MAX_BANNED}; the network keeps the bans that
 * refuse them, by address and node id, across reconnects and restarts), and the epoch-id request
 * out to each peer. Used only from the supervisor's thread.
 */
final class SyncPeers {
    /** Banned peer ids remembered here at most (count): a banned peer id never comes back, the network refuses it. */
    static final int MAX_BANNED = 1024;

    private final ActorContext<?> context;
    private final Network network;
    private final int maxInFlight;
    private final Pacing pacing;
    private final Clock clock;
    private final Map<PeerId, ActorRef<PeerActor.Command>> connected = new LinkedHashMap<>();
    private final Set<PeerId> banned = new LinkedHashSet<>();
    private final Map<PeerId, MacroChainRequest> epochIdRequests = new HashMap<>();
    private long seq;

    SyncPeers(ActorContext<?> context, Network network, int maxInFlight, Pacing pacing, Clock clock) {
        this.context = context;
        this.network = network;
        this.maxInFlight = maxInFlight;
        this.pacing = pacing;
        this.clock = clock;
    }

    /** Spawns the PeerActor of a peer that joined; false if it is banned or already known. */
    boolean join(PeerId peer) {
        if (banned.contains(peer) || connected.containsKey(peer)) {
            return false;
        }
        // a restarted PeerActor forgets its outstanding requests; their askers time out and retry elsewhere
        Behavior<PeerActor.Command> actor = Behaviors.supervise(
                        PeerActor.create(peer, network, maxInFlight, pacing, clock))
                .onFailure(SupervisorStrategy.restart());
        connected.put(peer, context.spawn(actor, "peer-" + seq++));
        return true;
    }

    /** Stops the PeerActor of a peer that left; false if the peer was not known. */
    boolean leave(PeerId peer) {
        ActorRef<PeerActor.Command> ref = connected.remove(peer);
        epochIdRequests.remove(peer);
        if (ref == null) {
            return false;
        }
        ref.tell(PeerActor.Leave.INSTANCE);
        return true;
    }

    /** The PeerActor of a connected peer this sync has not banned. */
    Optional<ActorRef<PeerActor.Command>> usable(PeerId peer) {
        return banned.contains(peer) ? Optional.empty() : Optional.ofNullable(connected.get(peer));
    }

    /** The connected peers this sync has not banned. */
    Set<PeerId> usable() {
        Set<PeerId> out = new LinkedHashSet<>(connected.keySet());
        out.removeAll(banned);
        return out;
    }

    boolean isConnected(PeerId peer) {
        return connected.containsKey(peer);
    }

    List<PeerId> connected() {
        return List.copyOf(connected.keySet());
    }

    List<PeerId> banned() {
        return List.copyOf(banned);
    }

    /** Marks the peer banned and has the network refuse it from now on; false if it already was. */
    boolean ban(PeerId peer, PeerFault fault) {
        if (!banned.add(peer)) {
            return false;
        }
        if (banned.size() > MAX_BANNED) {
            banned.remove(banned.iterator().next());
        }
        network.ban(peer, fault);
        return true;
    }

    /** Closes the connection, through the peer's PeerActor while it has one. */
    void disconnect(PeerId peer, DisconnectReason reason) {
        ActorRef<PeerActor.Command> ref = connected.get(peer);
        if (ref != null) {
            ref.tell(new PeerActor.Disconnect(reason));
        } else {
            network.disconnect(peer, reason);
        }
    }

    boolean isAsked(PeerId peer) {
        return epochIdRequests.containsKey(peer);
    }

    void asked(PeerId peer, MacroChainRequest request) {
        epochIdRequests.put(peer, request);
    }

    /** Takes the answered request off the list; false if it is not the one out (the peer left or was asked anew). */
    boolean answered(PeerId peer, MacroChainRequest request) {
        if (epochIdRequests.get(peer) != request) {
            return false;
        }
        epochIdRequests.remove(peer);
        return true;
    }

    int epochIdRequests() {
        return epochIdRequests.size();
    }
}
