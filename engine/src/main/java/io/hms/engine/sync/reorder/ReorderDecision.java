package io.hms.engine.sync.reorder;

import io.hms.protocol.model.Hash;
import java.util.Objects;
import java.util.Optional;

/**
 * What the owner of the job queue does after a {@link RangeReorderWindow} step, in the order given.
 *
 * @param <T> what a range hands over (a batch set or one staged chunk of it)
 */
public sealed interface ReorderDecision<T>
        permits ReorderDecision.Forward,
                ReorderDecision.Acknowledge,
                ReorderDecision.Hold,
                ReorderDecision.Completed,
                ReorderDecision.Discard,
                ReorderDecision.Dropped {

    long rangeId();

    /**
     * Queue {@code payload} for application now, behind everything forwarded before.
     *
     * @param offered whether it is the range's current offer, whose acknowledgement the job queue
     *     gives when it admits it; otherwise it was held in the window and acknowledged then
     */
    record Forward<T>(long rangeId, T payload, boolean offered) implements ReorderDecision<T> {
        public Forward {
            Objects.requireNonNull(payload, "payload");
        }
    }

    /** The range's offer is held in the window: acknowledge it, so the range hands over its next. */
    record Acknowledge<T>(long rangeId) implements ReorderDecision<T> {}

    /** The range's offer does not fit the window: no acknowledgement yet, so the range waits. */
    record Hold<T>(long rangeId) implements ReorderDecision<T> {}

    /** Everything of the range was forwarded and it ended: queue its finish behind it. */
    record Completed<T>(long rangeId) implements ReorderDecision<T> {}

    /** An item of a dropped range, never to be applied (free it; for an offer, nothing to acknowledge). */
    record Discard<T>(long rangeId, T payload) implements ReorderDecision<T> {
        public Discard {
            Objects.requireNonNull(payload, "payload");
        }
    }

    /**
     * The range was dropped without applying anything the window held: it failed, or a range before
     * it failed, or its anchor did not match the verified tip of the range before it ({@code
     * expected} that tip, {@code anchor} what the range was verified from).
     */
    record Dropped<T>(long rangeId, DropReason reason, Optional<Hash> expected, Optional<Hash> anchor)
            implements ReorderDecision<T> {
        public Dropped {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(expected, "expected");
            Objects.requireNonNull(anchor, "anchor");
        }
    }

    /** Why a range was dropped. */
    enum DropReason {
        /** Its own download or a push of it failed. */
        FAILED,
        /** A range before it failed: its anchor can no longer be linked to a verified block. */
        PREDECESSOR_FAILED,
        /** The range before it ended on another election block than the one it was verified from. */
        LINK_BROKEN,
        /** The range before it ended without a verified election block to link to. */
        NO_TIP
    }
}
