package io.hms.engine.sync.request;

import io.hms.engine.sync.PeerId;
import java.util.Optional;

/**
 * A check that must see results in request order, because it advances a state with each accepted
 * result (batch-set verification: each info is verified against the previous one's final block).
 */
@FunctionalInterface
public interface InOrderCheck<R, T> {
  /** Empty to accept the result; otherwise why the try counts as failed (and is retried). */
  Optional<FailureKind> check(R request, T result, PeerId peer);

  static <R, T> InOrderCheck<R, T> acceptAll() {
    return (request, result, peer) -> Optional.empty();
  }
}
