package io.hms.actors.cluster;

import io.hms.actors.peer.PeerActor;
import io.hms.engine.sync.PeerId;
import org.apache.pekko.actor.typed.ActorRef;

/** The ClusterActor's answer to "which peer should I ask?". */
sealed interface PeerChoice {

    /**
     * Ask {@code peer} through {@code ref}; a request gets at most {@code attempts} tries in total
     * ({@code clamp(peers, minAttempts, maxAttempts)} for the peers the cluster has now).
     */
    record Picked(PeerId peer, ActorRef<PeerActor.Command> ref, int attempts) implements PeerChoice {}

    /** Every peer of the cluster left or was excluded. */
    enum None implements PeerChoice {
        INSTANCE
    }
}
