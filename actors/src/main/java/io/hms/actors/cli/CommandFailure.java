package io.hms.actors.cli;

/**
 * A command could not do its job for a reason the user can act on (no store there, port in use, no
 * peer to sync from). Printed as one line {@code hms <command>: <message>}; the process exits with
 * {@link #exitCode()}.
 */
final class CommandFailure extends RuntimeException {
    /** The command ran but failed: store missing or locked, nothing to sync from, checks failed. */
    static final int FAILED = 1;

    private final int exitCode;

    CommandFailure(String message) {
        this(message, FAILED);
    }

    CommandFailure(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
