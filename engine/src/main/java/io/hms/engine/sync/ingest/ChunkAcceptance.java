package io.hms.engine.sync.ingest;

import java.util.List;
import java.util.Objects;

/** Outcome of offering a verified chunk to the {@link BatchSetAssembler}. */
public sealed interface ChunkAcceptance permits ChunkAcceptance.Accepted, ChunkAcceptance.Rejected {

  /** Stored; {@code released} are the batch sets completed by it, in order (often none). */
  record Accepted(List<CompleteBatchSet> released) implements ChunkAcceptance {
    public Accepted {
      released = List.copyOf(released);
    }
  }

  /** Not stored; nothing changed. */
  record Rejected(ChunkFault fault, String detail) implements ChunkAcceptance {
    public Rejected {
      Objects.requireNonNull(fault, "fault");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
