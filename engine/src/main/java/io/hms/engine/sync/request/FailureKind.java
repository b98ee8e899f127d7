package io.hms.engine.sync.request;

/** Why one try of a request failed. Only proven lies exclude the peer for good. */
public enum FailureKind {
  /** No answer within the request timeout. */
  TIMEOUT(false),
  /** The connection failed or closed while the request was out. */
  TRANSPORT(false),
  /** The peer answered with an error code (it does not have or cannot prove the data). */
  ERROR_RESPONSE(false),
  /** The answer failed verification or proves a lie: the peer is never asked again by this scheduler. */
  INVALID(true),
  /** The peer left the cluster while the request was out. */
  PEER_LEFT(false),
  /** No peer was left to ask. */
  NO_PEERS(false);

  private final boolean excludesPeer;

  FailureKind(boolean excludesPeer) {
    this.excludesPeer = excludesPeer;
  }

  public boolean excludesPeer() {
    return excludesPeer;
  }
}
