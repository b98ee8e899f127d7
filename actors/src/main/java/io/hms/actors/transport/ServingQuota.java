package io.hms.actors.transport;

import io.hms.actors.settings.NetworkSettings.Quota;
import java.time.Clock;

/**
 * What one peer may take from this server: a token bucket of response bytes (SPEC §0 "Scale":
 * quotas measure cost, not request counts). The bucket holds at most {@code burstBytes} and refills
 * at {@code bytesPerSecond}. A request is admitted while the bucket holds at least {@code
 * minRequestBytes}, and is charged that minimum up front (decoding and a store lookup cost
 * something even when the answer is small); once its response is encoded, the bytes beyond the
 * minimum are charged too ({@link #settle}). The bucket may go into debt, so a response larger than
 * the burst is still served once, and later requests wait until the debt is paid back: over time a
 * peer takes no more than {@code bytesPerSecond}, whatever the size of its responses.
 *
 * <p>"Per peer" means per connection: each connection's {@link RequestServing} owns one quota for
 * all request types. Thread-safe: admission runs on the connection's stream, settling on the
 * handler's thread.
 */
final class ServingQuota {
    private final Quota quota;
    private final Clock clock;
    private double tokens;
    private long lastMillis;

    ServingQuota(Quota quota, Clock clock) {
        this.quota = quota;
        this.clock = clock;
        this.tokens = quota.burstBytes();
        this.lastMillis = clock.millis();
    }

    /** Admits one request, charging the minimum cost; false if the peer must wait (RATE_LIMITED). */
    synchronized boolean tryAdmit() {
        refill();
        if (tokens < quota.minRequestBytes()) {
            return false;
        }
        tokens -= quota.minRequestBytes();
        return true;
    }

    /** Charges the part of an admitted request's {@code responseBytes} beyond the minimum already paid. */
    synchronized void settle(long responseBytes) {
        refill();
        tokens -= Math.max(0, responseBytes - quota.minRequestBytes());
    }

    /** Gives back the minimum an admitted request paid, for a request refused after all (BUSY). */
    synchronized void refund() {
        refill();
        tokens = Math.min(quota.burstBytes(), tokens + quota.minRequestBytes());
    }

    /** Bytes the bucket holds now; negative while the peer is in debt. */
    synchronized long available() {
        refill();
        return (long) Math.floor(tokens);
    }

    private void refill() {
        long now = clock.millis();
        if (now > lastMillis) {
            tokens = Math.min(quota.burstBytes(), tokens + (now - lastMillis) * (quota.bytesPerSecond() / 1000.0));
            lastMillis = now;
        }
    }
}
