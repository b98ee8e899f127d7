package io.hms.actors.rpc;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per client (hms.rpc.rate-limit): {@code burst} tokens, refilled at {@code
 * perSecond}; a request takes one. At most {@code maxClients} buckets are kept, the least recently
 * used forgotten first (a forgotten client starts with a full bucket again, which only ever favours
 * it). Thread-safe.
 */
final class ClientRateLimiter {
    private final double perSecond;
    private final int burst;
    private final Clock clock;
    private final Map<String, Bucket> buckets;

    private static final class Bucket {
        double tokens;
        long updatedMillis;

        Bucket(double tokens, long updatedMillis) {
            this.tokens = tokens;
            this.updatedMillis = updatedMillis;
        }
    }

    ClientRateLimiter(double perSecond, int burst, int maxClients, Clock clock) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.clock = clock;
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > maxClients;
            }
        };
    }

    /** 0 if {@code client} may send a request now (and takes its token), else the milliseconds until it may. */
    synchronized long tryAcquire(String client) {
        long now = clock.millis();
        Bucket b = buckets.computeIfAbsent(client, c -> new Bucket(burst, now));
        b.tokens = Math.min(burst, b.tokens + Math.max(0, now - b.updatedMillis) * perSecond / 1000.0);
        b.updatedMillis = now;
        if (b.tokens >= 1) {
            b.tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - b.tokens) * 1000.0 / perSecond));
    }
}
