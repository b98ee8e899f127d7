package io.hms.actors.transport;

import java.time.Duration;

/**
 * Exponential redial delays: {@code min}, then doubling up to {@code max}; reset after a
 * connection got through its handshake. Not thread-safe; one per dialed address.
 */
final class Backoff {
  private final Duration min;
  private final Duration max;
  private Duration next;

  Backoff(Duration min, Duration max) {
    this.min = min;
    this.max = max;
    this.next = min;
  }

  /** The delay before the next attempt; each call doubles the following one, capped at {@code max}. */
  Duration next() {
    Duration current = next;
    Duration doubled = next.multipliedBy(2);
    next = doubled.compareTo(max) > 0 ? max : doubled;
    return current;
  }

  void reset() {
    next = min;
  }
}
