package io.hms.actors.transport;

import io.hms.protocol.message.Handshake;
import java.util.Optional;

/**
 * Decides whether a remote's Hello lets the connection open. Pure: the connection closes with the
 * returned reason, and the remote is never announced to the sync.
 */
final class HandshakeCheck {
    private HandshakeCheck() {}

    /** Empty when {@code remote} may talk to {@code local}; otherwise why not. */
    static Optional<Rejection> check(Handshake local, Handshake remote) {
        if (remote.protocolVersion() != local.protocolVersion()) {
            return reject(CloseReason.PROTOCOL_VERSION_MISMATCH, local.protocolVersion(), remote.protocolVersion());
        }
        if (remote.networkId() != local.networkId()) {
            return reject(CloseReason.NETWORK_MISMATCH, local.networkId(), remote.networkId());
        }
        if (!remote.genesisHash().equals(local.genesisHash())) {
            return reject(CloseReason.GENESIS_MISMATCH, local.genesisHash(), remote.genesisHash());
        }
        if (remote.nodeId().equals(local.nodeId())) {
            return Optional.of(new Rejection(CloseReason.SELF_CONNECTION, "the remote has our own node id"));
        }
        return Optional.empty();
    }

    private static Optional<Rejection> reject(CloseReason reason, Object ours, Object theirs) {
        return Optional.of(new Rejection(reason, "ours " + ours + ", theirs " + theirs));
    }

    /** A refused handshake: the close reason and both sides' values for the log. */
    record Rejection(CloseReason reason, String detail) {}
}
