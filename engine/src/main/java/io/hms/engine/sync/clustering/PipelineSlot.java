package io.hms.engine.sync.clustering;

import java.util.Objects;
import java.util.Optional;

/**
 * An activated cluster that has not ended, as the pipeline of activated clusters holds it: the
 * one that downloads, or one that handed everything to the job queue and waits for its finish.
 *
 * @param id the cluster's id
 * @param downloading whether its download still runs
 * @param end where its successor may start before it is applied: present only for an empty cluster
 *     (it changes nothing) or an epoch cluster that completed with a verified final election block
 * @param reason why its download ended, reported with its peers if it fails
 */
public record PipelineSlot(long id, boolean downloading, Optional<StartPoint> end, String reason) {
    public PipelineSlot {
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(reason, "reason");
    }

    static PipelineSlot downloading(long id) {
        return new PipelineSlot(id, true, Optional.empty(), "");
    }

    /** An empty cluster: it changes nothing, so what follows starts where it started. */
    static PipelineSlot empty(long id, StartPoint start) {
        return new PipelineSlot(id, false, Optional.of(start), "");
    }

    PipelineSlot downloaded(Optional<StartPoint> successorStart, String why) {
        return new PipelineSlot(id, false, successorStart, why);
    }
}
