package io.hms.protocol.message;

/**
 * Errors the network layer answers instead of a handler's response; the wire code of each is its
 * position here. {@link #OTHER} stands for any code this version does not know and is never sent
 * deliberately: it stays last, so a code added later takes the next number and an older decoder
 * reads it as {@code OTHER}.
 */
public enum TransportError {
    /** The peer sent more requests of this type than the rate limit allows. */
    RATE_LIMITED,
    /** No handler serves this request type on this node. */
    NO_RECEIVER,
    /** The request body did not decode. */
    MALFORMED_REQUEST,
    /** The handler failed on a local problem (e.g. a store error). */
    INTERNAL,
    /**
     * The node's serving pool is full (all its threads busy and its queue full): ask again later.
     * Like {@link #RATE_LIMITED}, a reason to pace the peer, not a failure of the peer (code 4).
     */
    BUSY,
    OTHER;

    public static TransportError fromCode(long code) {
        TransportError[] all = values();
        return code >= 0 && code < all.length - 1 ? all[(int) code] : OTHER;
    }
}
