package io.hms.actors.metrics;

import java.util.Locale;

/** A connected peer's state as the {@code state} label of {@code hms_peers}. */
public enum PeerState {
    /** Handshaken, no sync result yet. */
    CONNECTED,
    /** In a sync cluster that is downloading now. */
    SYNCING,
    /** Its latest result: we have everything it offers. */
    GOOD,
    /** Its latest result: behind, on another chain, or nothing new. */
    OUTDATED,
    /** Its latest result: it lacks the services a history sync needs. */
    INCOMPATIBLE,
    /** Not a connected peer: a node id refused now because its data proved it lied (a running ban). */
    BANNED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
