package io.hms.actors.job;

import io.hms.engine.sync.reorder.RangeReorderWindow;
import io.hms.engine.sync.reorder.ReorderDecision;
import io.hms.engine.sync.reorder.ReorderSettings;
import io.hms.protocol.model.Hash;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The JobActor's side of ranges downloading in parallel (docs/ARCHITECTURE.md "Ranges in parallel"):
 * owns the engine's {@link RangeReorderWindow} and turns its decisions into what the JobActor does
 * with offers, acknowledgements and finishes ({@link Effects}). A range is opened when its download
 * starts; a range behind the head is verified from an anchor, and nothing it offers is forwarded to
 * the job queue until the range before it ended on a verified tip equal to that anchor. A range opened
 * into an empty window with an anchor is linked against the tip of the last range that completed.
 * Used only from the JobActor's thread.
 */
final class JobRanges {

    /** What the JobActor does for a decision. */
    interface Effects {
        /** Queue {@code job} behind everything forwarded before; {@code acknowledged} if its range heard so already. */
        void forward(JobActor.Command job, boolean acknowledged);

        /** Tell {@code job}'s range it was taken (held in the window). */
        void acknowledge(JobActor.Command job);

        /** Tell {@code job}'s range it will never be applied. */
        void refuse(JobActor.Command job);

        /** Queue the range's finish behind its last forwarded job. */
        void finish(JobActor.Finish finish);

        /** The range was dropped: nothing more of it is taken; {@code report} it to the owner if true. */
        void dropped(long rangeId, String reason, boolean report);
    }

    private final RangeReorderWindow<JobActor.Command> window;
    private final Set<Long> open = new HashSet<>();
    /** Each open range's offer that was not acknowledged yet. */
    private final Map<Long, JobActor.Command> offers = new HashMap<>();
    /** Finishes of ranges that ended but are not the head yet. */
    private final Map<Long, JobActor.Finish> finishes = new HashMap<>();
    /** The verified tip of the last range retired from the window (empty if it had none). */
    private Optional<Hash> lastTip = Optional.empty();

    JobRanges(ReorderSettings settings) {
        this.window = new RangeReorderWindow<>(settings);
    }

    boolean isOpen(long rangeId) {
        return open.contains(rangeId);
    }

    /** History items held for ranges behind the head. */
    long heldItems() {
        return window.heldItems();
    }

    /** The range's download starts, after {@code anchor} if it is not verified from our store or a verified tip. */
    void open(long rangeId, Optional<Hash> anchor, Effects effects) {
        Optional<Hash> link = anchor;
        if (anchor.isPresent() && window.head().isEmpty()) {
            if (!anchor.equals(lastTip)) {
                effects.dropped(
                        rangeId,
                        "its anchor " + anchor.get().shortHex() + " is not the verified tip "
                                + lastTip.map(Hash::shortHex).orElse("(none)") + " of the range before it",
                        true);
                return;
            }
            link = Optional.empty(); // linked now: the range before it completed on this very block
        }
        if (!window.hasRoom() || (link.isEmpty() && window.head().isPresent())) {
            effects.dropped(rangeId, "no place in the reorder window", true);
            return;
        }
        window.open(rangeId, link);
        open.add(rangeId);
    }

    /** An open range hands over {@code job} ({@code weight} history items). */
    void offer(long rangeId, JobActor.Command job, long weight, Effects effects) {
        offers.put(rangeId, job);
        execute(window.offer(rangeId, job, Math.max(1, weight)), effects, true);
    }

    /** An open range's download ended; its finish is queued once it is the head. */
    void ended(JobActor.Finish finish, Effects effects) {
        finishes.put(finish.clusterId(), finish);
        execute(window.ended(finish.clusterId(), finish.tip()), effects, true);
    }

    /** A push of the range failed or it was evicted: it and every later range are dropped (the owner knows). */
    void failed(long rangeId, Effects effects) {
        if (open.contains(rangeId)) {
            execute(window.failed(rangeId), effects, false);
        }
    }

    private void execute(List<ReorderDecision<JobActor.Command>> decisions, Effects effects, boolean report) {
        for (ReorderDecision<JobActor.Command> d : decisions) {
            if (d instanceof ReorderDecision.Forward<JobActor.Command> f) {
                if (f.offered()) {
                    offers.remove(f.rangeId());
                }
                effects.forward(f.payload(), !f.offered());
            } else if (d instanceof ReorderDecision.Acknowledge<JobActor.Command> a) {
                effects.acknowledge(offers.remove(a.rangeId()));
            } else if (d instanceof ReorderDecision.Completed<JobActor.Command> c) {
                open.remove(c.rangeId());
                JobActor.Finish finish = finishes.remove(c.rangeId());
                lastTip = finish.tip();
                effects.finish(finish);
            } else if (d instanceof ReorderDecision.Discard<JobActor.Command> x) {
                if (offers.get(x.rangeId()) == x.payload()) {
                    offers.remove(x.rangeId());
                    effects.refuse(x.payload());
                }
            } else if (d instanceof ReorderDecision.Dropped<JobActor.Command> dropped) {
                open.remove(dropped.rangeId());
                finishes.remove(dropped.rangeId());
                offers.remove(dropped.rangeId());
                effects.dropped(dropped.rangeId(), describe(dropped), report);
            }
            // Hold: the offer stays unacknowledged, so its range waits
        }
    }

    private static String describe(ReorderDecision.Dropped<?> d) {
        return switch (d.reason()) {
            case FAILED -> "it failed";
            case PREDECESSOR_FAILED -> "a range before it was dropped";
            case LINK_BROKEN ->
                "the range before it ended on "
                        + d.expected().map(Hash::shortHex).orElse("?") + ", not on its anchor "
                        + d.anchor().map(Hash::shortHex).orElse("?");
            case NO_TIP -> "the range before it ended without a verified election block";
        };
    }
}
