package io.hms.engine.sync.request;

import io.hms.engine.sync.PeerId;
import java.util.Objects;

/**
 * "Send {@code request} to {@code peer}": one try of the request at position {@code index}.
 * Report its outcome with the same index and peer.
 *
 * @param attempt 1 for the first try, then 2, 3, … for retries
 */
public record Assignment<R>(long index, R request, PeerId peer, int attempt) {
  public Assignment {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(peer, "peer");
  }
}
