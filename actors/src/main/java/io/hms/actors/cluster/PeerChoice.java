package io.hms.actors.cluster;

import io.hms.actors.peer.PeerActor;
import io.hms.engine.sync.PeerId;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;

/** The ClusterActor's answer to "which peer should I ask?" and "should I ask another one too?". */
sealed interface PeerChoice {

    /**
     * Ask {@code peer} through {@code ref}, report how the try ended with {@code ticket}, and ask
     * about a duplicate after {@code checkAfter} if it is still open. A request gets at most {@code
     * attempts} tries in total ({@code clamp(peers, minAttempts, maxAttempts)} for the peers the
     * cluster has now).
     */
    record Picked(PeerId peer, ActorRef<PeerActor.Command> ref, int attempts, long ticket, Duration checkAfter)
            implements PeerChoice {}

    /** No duplicate now; ask again after {@code checkAfter} if the request is still open. */
    record Later(Duration checkAfter) implements PeerChoice {}

    /** Every peer of the cluster left or was excluded. */
    enum None implements PeerChoice {
        INSTANCE
    }
}
