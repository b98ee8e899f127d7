package io.hms.actors.metrics;

import java.util.Locale;

/** How an inbound request was answered; the {@code outcome} label of {@code hms_requests_served_total}. */
public enum ServeOutcome {
    /** The handler's success arm. */
    OK,
    /** The handler's error arm (unknown block, pruned history, ...). */
    ERROR_RESPONSE,
    /** Refused by the per-peer rate limit. */
    RATE_LIMITED,
    /** The body did not decode. */
    MALFORMED_REQUEST,
    /** This node serves no requests. */
    NO_RECEIVER,
    /** The handler failed on a local problem. */
    INTERNAL,
    /** Refused because the serving pool was full. */
    BUSY;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
