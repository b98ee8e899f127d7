package io.hms.actors.network;

import io.hms.protocol.message.TransportError;
import java.util.Optional;

/** Why a request got no response. Expected failures: the sync retries elsewhere. */
public final class NetworkFailure extends Exception {
    public enum Kind {
        /** No response within the request timeout. */
        TIMEOUT,
        /** The connection closed before the response arrived. */
        DISCONNECTED,
        /** We are not connected to that peer. */
        UNKNOWN_PEER,
        /** The peer answered with a transport-level error (rate limited, no receiver, ...). */
        REMOTE_ERROR,
        /** The response did not decode; the peer is broken or hostile. */
        MALFORMED_RESPONSE,
        /** Too many requests to this peer are already outstanding. */
        OVERLOADED
    }

    private final Kind kind;
    private final TransportError remoteError;

    public NetworkFailure(Kind kind, String message) {
        this(kind, null, message);
    }

    public NetworkFailure(Kind kind, TransportError remoteError, String message) {
        super(kind + ": " + message, null, false, false);
        this.kind = kind;
        this.remoteError = remoteError;
    }

    public Kind kind() {
        return kind;
    }

    public Optional<TransportError> remoteError() {
        return Optional.ofNullable(remoteError);
    }
}
