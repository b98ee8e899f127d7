package io.hms.actors.peer;

import io.hms.actors.network.NetworkFailure;
import io.hms.actors.serialization.CborSerializable;
import io.hms.engine.sync.PeerId;
import io.hms.protocol.message.Response;
import java.util.Objects;

/** What a {@link PeerActor} answers to a {@link PeerActor.Send}: the peer's response or why there is none. */
public sealed interface PeerReply extends CborSerializable permits PeerReply.Answered, PeerReply.Failed {

    PeerId peer();

    /** The peer answered; {@code response} may be its family's error arm. */
    record Answered(PeerId peer, long requestId, Response response) implements PeerReply {
        public Answered {
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(response, "response");
        }
    }

    /** No response: timeout, disconnect, transport error, an undecodable answer or the peer left. */
    record Failed(PeerId peer, long requestId, NetworkFailure.Kind kind, String detail) implements PeerReply {
        public Failed {
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
