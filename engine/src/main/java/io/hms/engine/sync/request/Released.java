package io.hms.engine.sync.request;

import io.hms.engine.sync.PeerId;

/** A request's final outcome, handed out strictly in request order. */
public sealed interface Released<R, T> permits Released.Delivered, Released.Failed {

  long index();

  R request();

  /** The result {@code peer} delivered. */
  record Delivered<R, T>(long index, R request, T result, PeerId peer) implements Released<R, T> {}

  /** Every try failed; {@code lastFailure} is why the last one did. */
  record Failed<R, T>(long index, R request, FailureKind lastFailure, int attempts) implements Released<R, T> {}
}
