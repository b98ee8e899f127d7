package io.hms.actors.network;

/** Why we close a connection; logged and counted in metrics. */
public enum DisconnectReason {
    /** The peer sent data that proves it lied (bad proof, bad signature, protocol abuse). */
    MALICIOUS,
    /** A request to the peer failed at the transport level. */
    ERROR,
    /** The peer does not offer what we need. */
    INCOMPATIBLE,
    /** We are shutting down. */
    SHUTDOWN
}
