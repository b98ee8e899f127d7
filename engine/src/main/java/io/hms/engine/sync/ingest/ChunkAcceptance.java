package io.hms.engine.sync.ingest;

import java.util.List;
import java.util.Objects;

/** Outcome of offering a verified chunk to the {@link BatchSetSplitter}. */
public sealed interface ChunkAcceptance permits ChunkAcceptance.Accepted, ChunkAcceptance.Rejected {

    /** Taken; {@code outputs} are what it completed or must be staged, in order (often none). */
    record Accepted(List<SplitOutput> outputs) implements ChunkAcceptance {
        public Accepted {
            outputs = List.copyOf(outputs);
        }

        /** The complete batch sets among the outputs, in order. */
        public List<CompleteBatchSet> released() {
            return outputs.stream()
                    .filter(o -> o instanceof SplitOutput.Release)
                    .map(o -> ((SplitOutput.Release) o).batchSet())
                    .toList();
        }
    }

    /** Not taken; nothing changed. */
    record Rejected(ChunkFault fault, String detail) implements ChunkAcceptance {
        public Rejected {
            Objects.requireNonNull(fault, "fault");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
