package io.hms.actors.transport;

import io.hms.protocol.message.DisconnectCode;
import java.util.Optional;

/**
 * Why a connection ended: logged once when it closes and used as the {@code reason} label of
 * {@code hms_connections_closed_total}. Every reason before {@link #IDLE} means the remote broke the
 * protocol or does not belong to our chain.
 */
public enum CloseReason {
    /** A frame's length prefix exceeded the maximum frame size. */
    OVERSIZE_FRAME,
    /** A frame did not decode as an envelope. */
    MALFORMED_FRAME,
    /** A request named a type id no request family has. */
    UNKNOWN_TYPE,
    /** The first frame was not a Hello, or a second Hello arrived. */
    PROTOCOL_VIOLATION,
    /** No Hello within the handshake timeout. */
    HANDSHAKE_TIMEOUT,
    /** The remote speaks another protocol version. */
    PROTOCOL_VERSION_MISMATCH,
    /** The remote is on another network. */
    NETWORK_MISMATCH,
    /** The remote's chain has another genesis block. */
    GENESIS_MISMATCH,
    /** We dialed ourselves. */
    SELF_CONNECTION,
    /** A connection to the same node id is already open. */
    DUPLICATE_CONNECTION,
    /** The remote's address, endpoint or node id is banned here (we told it so with a Disconnect). */
    BANNED,
    /** A frame announced more than the limit of the connection's phase, but not more than the maximum. */
    FRAME_TOO_LARGE,
    /** A started frame was not complete within its read deadline (slow loris). */
    FRAME_TIMEOUT,
    /** The remote sent nothing for the idle timeout. */
    IDLE,
    /** We could not connect to the remote (refused, unreachable, connect timeout). */
    CONNECT_FAILED,
    /** The remote closed the connection or the TCP link failed. */
    REMOTE_CLOSED,
    /** The sync (or an operator) asked us to drop the peer. */
    LOCAL_DISCONNECT,
    /** The node is shutting down. */
    SHUTDOWN,
    /** We accept no more inbound connections for now. */
    TOO_MANY_CONNECTIONS,
    /** We accept no more inbound connections from the remote's IP address for now. */
    TOO_MANY_FROM_ADDRESS,
    /** The remote closed the connection and told us why with a Disconnect (e.g. it banned us). */
    REFUSED_BY_REMOTE;

    /** True for reasons that prove the remote is not a usable peer of our chain. */
    public boolean isIncompatible() {
        return this == PROTOCOL_VERSION_MISMATCH
                || this == NETWORK_MISMATCH
                || this == GENESIS_MISMATCH
                || this == SELF_CONNECTION;
    }

    /** The code the remote is told in a Disconnect before we close for this reason; empty: none is sent. */
    public Optional<DisconnectCode> disconnectCode() {
        DisconnectCode code = switch (this) {
            case BANNED -> DisconnectCode.BANNED;
            case TOO_MANY_CONNECTIONS -> DisconnectCode.TOO_MANY_CONNECTIONS;
            case TOO_MANY_FROM_ADDRESS -> DisconnectCode.TOO_MANY_FROM_ADDRESS;
            case DUPLICATE_CONNECTION -> DisconnectCode.DUPLICATE_NODE_ID;
            case FRAME_TOO_LARGE -> DisconnectCode.FRAME_TOO_LARGE;
            case FRAME_TIMEOUT -> DisconnectCode.FRAME_TIMEOUT;
            default -> null;
        };
        return Optional.ofNullable(code);
    }

    /** True for reasons that prove the remote broke the wire protocol (garbage, oversize, unknown type). */
    public boolean isProtocolBreach() {
        return this == OVERSIZE_FRAME || this == MALFORMED_FRAME || this == UNKNOWN_TYPE || this == PROTOCOL_VIOLATION;
    }
}
