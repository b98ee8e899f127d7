package io.hms.protocol.message;

/**
 * Errors the network layer answers instead of a handler's response. {@link #OTHER} stands for any
 * code this version does not know.
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
  OTHER;

  public static TransportError fromCode(long code) {
    TransportError[] all = values();
    return code >= 0 && code < all.length - 1 ? all[(int) code] : OTHER;
  }
}
