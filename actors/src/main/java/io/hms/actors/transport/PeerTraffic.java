package io.hms.actors.transport;

import io.hms.actors.metrics.RequestOutcome;
import io.hms.actors.metrics.ServeOutcome;
import java.util.concurrent.atomic.LongAdder;

/**
 * What went over one connection: bytes each way, our requests and how many failed, the peer's
 * requests and how many we refused. Counted where {@code HmsMetrics} counts the node's totals; read
 * by the admin endpoint's peer table. Thread-safe.
 */
public final class PeerTraffic {
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder requestsSent = new LongAdder();
    private final LongAdder requestsFailed = new LongAdder();
    private final LongAdder requestsServed = new LongAdder();
    private final LongAdder requestsRefused = new LongAdder();
    private final LongAdder requestsOpen = new LongAdder();

    /**
     * The counts at one moment.
     *
     * @param requestsFailed our requests that got no answer (timeout, disconnect, overload, a
     *     malformed or error envelope); an error response of the request's family is an answer
     * @param requestsRefused the peer's requests we answered with a transport error (rate limited,
     *     busy, malformed, internal) instead of the handler's response
     * @param requestsOpen our requests sent and not ended yet (counted in neither {@code
     *     requestsSent} nor {@code requestsFailed} until they end)
     */
    public record Snapshot(
            long bytesReceived,
            long bytesSent,
            long requestsSent,
            long requestsFailed,
            long requestsServed,
            long requestsRefused,
            long requestsOpen) {
        public static final Snapshot NONE = new Snapshot(0, 0, 0, 0, 0, 0, 0);
    }

    void received(long bytes) {
        bytesReceived.add(bytes);
    }

    void sent(long bytes) {
        bytesSent.add(bytes);
    }

    void requestStarted() {
        requestsOpen.increment();
    }

    void requestEnded(RequestOutcome outcome) {
        requestsOpen.decrement();
        requestsSent.increment();
        if (outcome != RequestOutcome.OK && outcome != RequestOutcome.ERROR_RESPONSE) {
            requestsFailed.increment();
        }
    }

    void served(ServeOutcome outcome) {
        requestsServed.increment();
        if (outcome != ServeOutcome.OK && outcome != ServeOutcome.ERROR_RESPONSE) {
            requestsRefused.increment();
        }
    }

    public Snapshot snapshot() {
        return new Snapshot(
                bytesReceived.sum(),
                bytesSent.sum(),
                requestsSent.sum(),
                requestsFailed.sum(),
                requestsServed.sum(),
                requestsRefused.sum(),
                requestsOpen.sum());
    }
}
