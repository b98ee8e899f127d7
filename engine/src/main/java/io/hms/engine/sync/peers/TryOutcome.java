package io.hms.engine.sync.peers;

/** How one try of a request at one peer ended, as far as the peer's speed is concerned. */
public enum TryOutcome {
    /** The peer answered (any answer, also an error arm or one that fails verification): it is alive. */
    ANSWERED,
    /** No answer by the deadline while the request was with the peer: the peer may be silent. */
    TIMED_OUT,
    /** The deadline passed before the request could be sent (queued or paced): the peer is overloaded. */
    OVERLOADED,
    /**
     * The peer's connection is gone (it closed, or we are not connected): every further try there
     * would fail at once, so the scheduler asks it nothing more until it is added again.
     */
    GONE,
    /** The try failed for a reason that says nothing about the peer's speed (e.g. the race was won elsewhere). */
    LOST
}
