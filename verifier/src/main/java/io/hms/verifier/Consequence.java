package io.hms.verifier;

/** What a rejection means for the peer that sent the data. */
public enum Consequence {
    /** The data itself proves the peer lied or broke the protocol (bad signature, bad proof): ban it. */
    BAN,
    /**
     * The data may be genuine but does not fit our state (peer behind, on another fork, or we moved
     * on): try another peer, and perhaps this one again later.
     */
    RETRY
}
