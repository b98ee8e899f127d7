package io.hms.actors.network;

import io.hms.engine.sync.PeerId;

/**
 * A peer connected (with the services it advertised), broke the wire protocol (a {@link
 * PeerLeft} follows), or went away.
 */
public sealed interface PeerEvent {
    PeerId peer();

    record PeerJoined(PeerId peer, long services) implements PeerEvent {}

    /**
     * The transport closed the connection because the peer sent bytes no honest node sends (garbage,
     * an oversize frame, an unknown type, a misplaced Hello); the sync bans it.
     */
    record ProtocolBreach(PeerId peer, String reason, String detail) implements PeerEvent {}

    record PeerLeft(PeerId peer) implements PeerEvent {}
}
