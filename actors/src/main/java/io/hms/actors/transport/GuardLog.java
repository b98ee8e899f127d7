package io.hms.actors.transport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the connections the transport's guards closed (refused for a ban or a limit, a frame too
 * large or too slow), at most one line per reason per interval: the first such close, then the
 * next one after the interval with how many were not logged in between. A thousand refused
 * connections from one flood make a handful of lines. Thread-safe.
 */
final class GuardLog {
    private static final Logger LOG = LoggerFactory.getLogger(GuardLog.class);

    private final Duration interval;
    private final Clock clock;
    private final Map<CloseReason, Instant> lastLogged = new EnumMap<>(CloseReason.class);
    private final Map<CloseReason, Integer> suppressed = new EnumMap<>(CloseReason.class);

    GuardLog(Duration interval, Clock clock) {
        this.interval = interval;
        this.clock = clock;
    }

    /** Records one close; logs it unless a line for {@code reason} was logged less than the interval ago. */
    void closed(CloseReason reason, String peer, String detail) {
        int skipped;
        synchronized (this) {
            Instant now = clock.instant();
            Instant last = lastLogged.get(reason);
            if (last != null && now.isBefore(last.plus(interval))) {
                suppressed.merge(reason, 1, Integer::sum);
                return;
            }
            lastLogged.put(reason, now);
            Integer n = suppressed.remove(reason);
            skipped = n == null ? 0 : n;
        }
        if (skipped == 0) {
            LOG.warn("closed connection to {}: {} ({})", peer, reason, detail);
        } else {
            LOG.warn(
                    "closed connection to {}: {} ({}); {} more closed for {} since the last line",
                    peer,
                    reason,
                    detail,
                    skipped,
                    reason);
        }
    }

    /** Closes not logged since the last line for {@code reason}. */
    synchronized int suppressed(CloseReason reason) {
        return suppressed.getOrDefault(reason, 0);
    }
}
