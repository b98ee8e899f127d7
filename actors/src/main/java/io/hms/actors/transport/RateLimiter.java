package io.hms.actors.transport;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Inbound rate limit of one peer, per request type (SPEC §2.1): at most {@code maxRequests}
 * requests of a type per window. The window is fixed, as in the original: it starts with the first
 * request after the previous window ended, and a request over the limit is refused without
 * extending the window. One instance per connection, so the peer key is implicit; not thread-safe
 * (the connection's stream calls it sequentially).
 */
public final class RateLimiter {
  private final int maxRequests;
  private final long windowMillis;
  private final Clock clock;
  private final Map<Integer, Window> windows = new HashMap<>();

  public RateLimiter(int maxRequests, Duration window, Clock clock) {
    if (maxRequests < 1 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("rate limit must allow at least one request in a positive window");
    }
    this.maxRequests = maxRequests;
    this.windowMillis = window.toMillis();
    this.clock = clock;
  }

  /** Counts one request of {@code typeId}; false if it exceeds the limit and must be refused. */
  public boolean tryAcquire(int typeId) {
    long now = clock.millis();
    Window w = windows.get(typeId);
    if (w == null || now - w.start >= windowMillis || now < w.start) {
      w = new Window(now);
      windows.put(typeId, w);
    }
    if (w.count >= maxRequests) {
      return false;
    }
    w.count++;
    return true;
  }

  private static final class Window {
    final long start;
    int count;

    Window(long start) {
      this.start = start;
    }
  }
}
