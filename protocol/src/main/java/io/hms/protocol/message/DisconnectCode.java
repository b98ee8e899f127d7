package io.hms.protocol.message;

/**
 * Why a node closes a connection, told to the remote in a {@link Envelope.Disconnect} just before
 * the close (docs/PROTOCOL.md §6.4); the wire code of each is its position here. {@link #OTHER}
 * stands for any code this version does not know and is never sent deliberately: it stays last, so
 * a code added later takes the next number and an older decoder reads it as {@code OTHER}.
 */
public enum DisconnectCode {
    /** The receiver of this code (its address, endpoint or node id) is banned here for now. */
    BANNED,
    /** This node holds as many inbound connections as it accepts. */
    TOO_MANY_CONNECTIONS,
    /** This node holds as many inbound connections from the receiver's IP address as it accepts. */
    TOO_MANY_FROM_ADDRESS,
    /** A connection with the receiver's node id is already open. */
    DUPLICATE_NODE_ID,
    /** A frame announced more bytes than the phase allows (§7). */
    FRAME_TOO_LARGE,
    /** A frame was not complete within the read deadline (§7). */
    FRAME_TIMEOUT,
    OTHER;

    public static DisconnectCode fromCode(long code) {
        DisconnectCode[] all = values();
        return code >= 0 && code < all.length - 1 ? all[(int) code] : OTHER;
    }
}
