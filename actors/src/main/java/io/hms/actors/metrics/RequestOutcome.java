package io.hms.actors.metrics;

import io.hms.actors.network.NetworkFailure;
import java.util.Locale;

/** How one of our requests ended; the {@code outcome} label of {@code hms_requests_sent_total}. */
public enum RequestOutcome {
    /** The family's success arm. */
    OK,
    /** The family's error arm (e.g. UNKNOWN_LOCATORS): an answer, but not data. */
    ERROR_RESPONSE,
    TIMEOUT,
    DISCONNECTED,
    UNKNOWN_PEER,
    REMOTE_ERROR,
    MALFORMED_RESPONSE,
    OVERLOADED;

    public static RequestOutcome of(NetworkFailure.Kind kind) {
        return valueOf(kind.name());
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
