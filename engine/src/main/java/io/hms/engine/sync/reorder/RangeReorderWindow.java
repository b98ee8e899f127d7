package io.hms.engine.sync.reorder;

import io.hms.engine.sync.reorder.ReorderDecision.DropReason;
import io.hms.protocol.model.Hash;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Orders what epoch ranges downloading in parallel hand over, so that it is applied strictly in
 * chain order (docs/ARCHITECTURE.md "Ranges in parallel").
 *
 * <p>Ranges are opened in chain order. The first open range is the <em>head</em>: its offers are
 * forwarded to the job queue at once (the job queue's own bound backpressures it). A range behind
 * the head was verified from an <em>anchor</em>, the election block before its first epoch, which
 * no one has verified yet; its offers are held here, acknowledged while they fit {@code
 * windowItems}, and otherwise left unacknowledged (the range waits). When the head ends, the next
 * range becomes the head only if its anchor equals the head's verified tip (the hash of the last
 * election block the head verified, under a justification): only then is anything it handed over
 * forwarded. A mismatch, a missing tip or a failure drops that range and every range after it, as
 * their anchors link through it. So nothing verified from an unverified anchor reaches the store,
 * and memory is bounded by {@code windowItems} plus one waiting offer per range.
 *
 * <p>Liveness: the head never waits for the window, and every held item belongs to a later range,
 * so the head always progresses; when it ends, the items of the next range leave the window.
 *
 * <p>Not thread-safe: one owner (the job queue's actor) calls it.
 *
 * @param <T> what a range hands over
 */
public final class RangeReorderWindow<T> {

    private record Entry<T>(T payload, long weight) {}

    private static final class Range<T> {
        final long id;
        final Optional<Hash> anchor;
        final ArrayDeque<Entry<T>> held = new ArrayDeque<>();
        Entry<T> waiting;
        boolean ended;
        Optional<Hash> tip = Optional.empty();

        Range(long id, Optional<Hash> anchor) {
            this.id = id;
            this.anchor = anchor;
        }
    }

    private final ReorderSettings settings;
    /** The open ranges in chain order; the first is the head. */
    private final LinkedHashMap<Long, Range<T>> ranges = new LinkedHashMap<>();

    private long heldItems;

    public RangeReorderWindow(ReorderSettings settings) {
        this.settings = settings;
    }

    /** Whether another range may be opened now. */
    public boolean hasRoom() {
        return ranges.size() < 1 + settings.maxRangesAhead();
    }

    /** History items held for ranges behind the head (at most {@code windowItems}). */
    public long heldItems() {
        return heldItems;
    }

    /** The range whose offers are forwarded now, if any is open. */
    public Optional<Long> head() {
        return ranges.isEmpty()
                ? Optional.empty()
                : Optional.of(ranges.keySet().iterator().next());
    }

    /**
     * Opens the next range in chain order. The first range of an empty window starts from our
     * store (nothing to link); a later one from {@code anchor}, linked when the range before it ends.
     *
     * @throws IllegalStateException if there is no room or the id is open already
     */
    public void open(long rangeId, Optional<Hash> anchor) {
        if (!hasRoom() || ranges.containsKey(rangeId)) {
            throw new IllegalStateException("cannot open range " + rangeId + ": open " + ranges.keySet());
        }
        if (!ranges.isEmpty() && anchor.isEmpty()) {
            throw new IllegalStateException("range " + rangeId + " behind the head needs an anchor");
        }
        ranges.put(rangeId, new Range<>(rangeId, anchor));
    }

    /**
     * A range hands over its next item ({@code weight} history items); at most one offer of a range
     * is unacknowledged at a time.
     */
    public List<ReorderDecision<T>> offer(long rangeId, T payload, long weight) {
        Range<T> range = ranges.get(rangeId);
        if (range == null) {
            return List.of(new ReorderDecision.Discard<>(rangeId, payload));
        }
        if (range.waiting != null || range.ended) {
            throw new IllegalStateException("range " + rangeId + " offered while waiting or ended");
        }
        if (isHead(range)) {
            return List.of(new ReorderDecision.Forward<>(rangeId, payload, true));
        }
        Entry<T> entry = new Entry<>(payload, weight);
        if (heldItems + weight <= settings.windowItems()) {
            hold(range, entry);
            return List.of(new ReorderDecision.Acknowledge<>(rangeId));
        }
        range.waiting = entry;
        return List.of(new ReorderDecision.Hold<>(rangeId));
    }

    /**
     * The range's download ended having offered everything: {@code tip} is the verified hash of its
     * last election block (empty for a checkpoint or a range that ended early: nothing can follow it).
     */
    public List<ReorderDecision<T>> ended(long rangeId, Optional<Hash> tip) {
        Range<T> range = ranges.get(rangeId);
        if (range == null) {
            return List.of();
        }
        range.ended = true;
        range.tip = tip;
        List<ReorderDecision<T>> out = new ArrayList<>();
        advance(out);
        return out;
    }

    /** The range's download or a push of it failed: it and every range after it are dropped. */
    public List<ReorderDecision<T>> failed(long rangeId) {
        List<ReorderDecision<T>> out = new ArrayList<>();
        if (ranges.containsKey(rangeId)) {
            dropFrom(rangeId, DropReason.FAILED, Optional.empty(), out);
            admitWaiting(out);
        }
        return out;
    }

    private boolean isHead(Range<T> range) {
        return ranges.values().iterator().next() == range;
    }

    private void hold(Range<T> range, Entry<T> entry) {
        range.held.addLast(entry);
        heldItems += entry.weight();
    }

    /** Retires ended heads; the next range becomes the head if its anchor links to the head's tip. */
    private void advance(List<ReorderDecision<T>> out) {
        while (!ranges.isEmpty()) {
            Range<T> head = ranges.values().iterator().next();
            if (!head.ended) {
                break;
            }
            ranges.remove(head.id);
            out.add(new ReorderDecision.Completed<>(head.id));
            if (ranges.isEmpty()) {
                break;
            }
            Range<T> next = ranges.values().iterator().next();
            if (head.tip.isEmpty() || !head.tip.equals(next.anchor)) {
                DropReason why = head.tip.isEmpty() ? DropReason.NO_TIP : DropReason.LINK_BROKEN;
                dropFrom(next.id, why, head.tip, out);
                break;
            }
            promote(next, out);
        }
        admitWaiting(out);
    }

    private void promote(Range<T> next, List<ReorderDecision<T>> out) {
        while (!next.held.isEmpty()) {
            Entry<T> e = next.held.removeFirst();
            heldItems -= e.weight();
            out.add(new ReorderDecision.Forward<>(next.id, e.payload(), false));
        }
        if (next.waiting != null) {
            out.add(new ReorderDecision.Forward<>(next.id, next.waiting.payload(), true));
            next.waiting = null;
        }
    }

    /** Waiting offers, nearest range first, enter the window while they fit. */
    private void admitWaiting(List<ReorderDecision<T>> out) {
        for (Range<T> range : ranges.values()) {
            if (range.waiting == null || isHead(range)) {
                continue;
            }
            if (heldItems + range.waiting.weight() > settings.windowItems()) {
                break; // a nearer range keeps its claim on the room that frees up next
            }
            hold(range, range.waiting);
            range.waiting = null;
            out.add(new ReorderDecision.Acknowledge<>(range.id));
        }
    }

    private void dropFrom(long rangeId, DropReason first, Optional<Hash> expected, List<ReorderDecision<T>> out) {
        boolean dropping = false;
        Iterator<Map.Entry<Long, Range<T>>> it = ranges.entrySet().iterator();
        while (it.hasNext()) {
            Range<T> range = it.next().getValue();
            dropping |= range.id == rangeId;
            if (!dropping) {
                continue;
            }
            it.remove();
            range.held.forEach(e -> {
                heldItems -= e.weight();
                out.add(new ReorderDecision.Discard<>(range.id, e.payload()));
            });
            if (range.waiting != null) {
                out.add(new ReorderDecision.Discard<>(range.id, range.waiting.payload()));
            }
            boolean isFirst = range.id == rangeId;
            out.add(new ReorderDecision.Dropped<>(
                    range.id,
                    isFirst ? first : DropReason.PREDECESSOR_FAILED,
                    isFirst ? expected : Optional.empty(),
                    range.anchor));
        }
    }
}
