package io.hms.engine.sync.peers;

import io.hms.engine.sync.PeerId;
import java.time.Duration;
import java.util.Objects;

/**
 * Send the request to {@code peer}; report how it ended with {@code ticket}, and ask whether to
 * duplicate it elsewhere ({@link PeerScheduler#hedge}) after {@code checkAfter} if it is still open.
 */
public record Dispatch(long ticket, PeerId peer, Duration checkAfter) {
    public Dispatch {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(checkAfter, "checkAfter");
    }
}
