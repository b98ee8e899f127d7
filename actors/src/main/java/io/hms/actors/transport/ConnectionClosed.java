package io.hms.actors.transport;

/**
 * Fails a connection's stream with a reason, so that the one place that observes the stream's end
 * can log and count why. Not an error of ours: remotes misbehave, and closing is the answer.
 */
final class ConnectionClosed extends RuntimeException {
    private final CloseReason reason;

    ConnectionClosed(CloseReason reason, String detail) {
        super(reason + ": " + detail, null, false, false);
        this.reason = reason;
    }

    CloseReason reason() {
        return reason;
    }
}
