package io.hms.actors.transport;

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
    /** The remote sent nothing for the idle timeout. */
    IDLE,
    /** We could not connect to the remote (refused, unreachable, connect timeout). */
    CONNECT_FAILED,
    /** The remote closed the connection or the TCP link failed. */
    REMOTE_CLOSED,
    /** The sync (or an operator) asked us to drop the peer. */
    LOCAL_DISCONNECT,
    /** The node is shutting down. */
    SHUTDOWN;

    /** True for reasons that prove the remote is not a usable peer of our chain. */
    public boolean isIncompatible() {
        return this == PROTOCOL_VERSION_MISMATCH
                || this == NETWORK_MISMATCH
                || this == GENESIS_MISMATCH
                || this == SELF_CONNECTION;
    }

    /** True for reasons that prove the remote broke the wire protocol (garbage, oversize, unknown type). */
    public boolean isProtocolBreach() {
        return this == OVERSIZE_FRAME || this == MALFORMED_FRAME || this == UNKNOWN_TYPE || this == PROTOCOL_VIOLATION;
    }
}
