package io.hms.engine.sync.ingest;

import io.hms.protocol.model.HistoricTransaction;
import io.hms.verifier.mmr.LeafHashes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;

/**
 * The pending batch sets of one cluster (SPEC §4.7 "Receiving a chunk" as changed by §0 "Scale"):
 * takes verified chunks in request order, splits each chunk's leaves across the pending batch sets
 * of its epoch by leaf index, and releases each batch set, in order, as soon as its last leaf
 * arrived. A chunk is proved against the info's final block, so one chunk may feed many small
 * batch sets, and one batch set may span many chunks; leaves below the first pending batch set's
 * {@code firstLeaf} (ours already) are dropped. Owned by one stream stage; not thread-safe.
 *
 * <p>Fixes of the original: a chunk must hold exactly the expected number of items (SPEC §7.2
 * item 16), and after every change all complete batch sets at the front are released, including
 * those that expect no leaves at all (item 18), so nothing waits for an event that may never come.
 *
 * <p>Memory: a batch set of more than {@code stageAboveItems} leaves is not held: its leaves go out
 * as {@link SplitOutput.Stage}s at their exact leaf offsets, and its {@link SplitOutput.Release} is
 * marked staged. Since chunks arrive in order, only the front batch set collects leaves at a time;
 * the splitter holds at most {@code stageAboveItems} items plus the pending entries themselves
 * (bounded by the caller's batch-set window).
 */
public final class BatchSetSplitter {
    private final long stageAboveItems;
    private final ArrayDeque<Entry> pending = new ArrayDeque<>();
    private long bufferedItems;

    /** @param stageAboveItems batch sets expecting more leaves than this are staged instead of held */
    public BatchSetSplitter(long stageAboveItems) {
        if (stageAboveItems < 0) {
            throw new IllegalArgumentException("stageAboveItems must not be negative: " + stageAboveItems);
        }
        this.stageAboveItems = stageAboveItems;
    }

    /** Appends batch sets to fill, in order; returns those complete right away (no leaves expected). */
    public List<SplitOutput> enqueue(Collection<PendingBatchSet> batchSets) {
        for (PendingBatchSet p : batchSets) {
            pending.addLast(new Entry(p, p.expectedItems() > stageAboveItems));
        }
        List<SplitOutput> out = new ArrayList<>();
        releaseReady(out);
        return out;
    }

    /** {@link #onChunk(ChunkRequest, List, LeafHashes)} for items not hashed yet: hashes them here. */
    public ChunkAcceptance onChunk(ChunkRequest request, List<HistoricTransaction> items) {
        return onChunk(request, items, LeafHashes.of(items));
    }

    /**
     * Takes the next chunk in request order, proved against {@code request}'s root, with the hashes
     * its verification computed of its items; each batch set receives the hashes of its share.
     *
     * @return what it completed or must be staged, in order, or why it was refused
     */
    public ChunkAcceptance onChunk(ChunkRequest request, List<HistoricTransaction> items, LeafHashes hashes) {
        if (hashes.size() != items.size()) {
            throw new IllegalArgumentException(hashes.size() + " leaf hashes for " + items.size() + " items");
        }
        var count = request.checkCount(items.size());
        if (count.isPresent()) {
            return new ChunkAcceptance.Rejected(
                    count.get(),
                    items.size() + " items in chunk " + request.chunkIndex() + ", expected " + request.expectedItems());
        }
        Entry front = pending.peekFirst();
        long first = request.firstLeaf();
        long end = first + items.size();
        if (front == null || front.batchSet.epoch() != request.epoch()) {
            return new ChunkAcceptance.Rejected(
                    ChunkFault.NOT_PENDING,
                    "no pending batch set waits for chunk " + request.chunkIndex() + " of epoch " + request.epoch());
        }
        if (end <= front.next) {
            return new ChunkAcceptance.Rejected(
                    ChunkFault.DUPLICATE,
                    "chunk " + request.chunkIndex() + " ends at leaf " + end + ", batch set "
                            + front.batchSet.blockNumber() + " waits for leaf " + front.next);
        }
        if (first > front.next) {
            return new ChunkAcceptance.Rejected(
                    ChunkFault.OUT_OF_ORDER,
                    "chunk " + request.chunkIndex() + " starts at leaf " + first + ", batch set "
                            + front.batchSet.blockNumber() + " waits for leaf " + front.next);
        }
        long lastLeaf = lastPendingLeaf(request.epoch());
        if (end > lastLeaf) {
            return new ChunkAcceptance.Rejected(
                    ChunkFault.NOT_PENDING,
                    "chunk " + request.chunkIndex() + " ends at leaf " + end + ", beyond the pending batch sets' "
                            + lastLeaf);
        }
        List<SplitOutput> out = new ArrayList<>();
        boolean atFront = true;
        for (Iterator<Entry> it = pending.iterator(); it.hasNext(); ) {
            Entry e = it.next();
            boolean fed = e.batchSet.epoch() == request.epoch() && e.next < end;
            if (fed && e.remaining() > 0) {
                long upto = Math.min(end, e.batchSet.totalLeaves());
                e.take(items, hashes, (int) (e.next - first), (int) (upto - first), out);
            }
            if (atFront && e.remaining() == 0) {
                it.remove();
                release(e, out);
            } else if (fed) {
                atFront = false;
            } else {
                break;
            }
        }
        return new ChunkAcceptance.Accepted(out);
    }

    /**
     * Forgets pending batch sets of epochs ≥ {@code epoch} (their cluster was split there); chunks
     * for them arriving later are refused as {@link ChunkFault#NOT_PENDING}.
     *
     * @return the number of batch sets dropped
     */
    public int dropFromEpoch(long epoch) {
        int dropped = 0;
        for (Iterator<Entry> it = pending.iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.batchSet.epoch() >= epoch) {
                bufferedItems -= e.items.size();
                it.remove();
                dropped++;
            }
        }
        return dropped;
    }

    /** Batch sets waiting for leaves. */
    public int pendingCount() {
        return pending.size();
    }

    public boolean isEmpty() {
        return pending.isEmpty();
    }

    /** Items held in memory for pending batch sets (staged ones hold none). */
    public long bufferedItems() {
        return bufferedItems;
    }

    private long lastPendingLeaf(long epoch) {
        long last = 0;
        for (Entry e : pending) {
            if (e.batchSet.epoch() == epoch) {
                last = e.batchSet.totalLeaves();
            }
        }
        return last;
    }

    private void releaseReady(List<SplitOutput> out) {
        while (!pending.isEmpty() && pending.peekFirst().remaining() == 0) {
            release(pending.pollFirst(), out);
        }
    }

    private void release(Entry e, List<SplitOutput> out) {
        bufferedItems -= e.items.size();
        out.add(new SplitOutput.Release(
                e.staged
                        ? e.batchSet.complete(List.of(), LeafHashes.empty())
                        : e.batchSet.complete(e.items, e.hashes.build()),
                e.staged));
    }

    /** One pending batch set, the next leaf it waits for, and — unless staged — its leaves and hashes so far. */
    private final class Entry {
        final PendingBatchSet batchSet;
        final boolean staged;
        final List<HistoricTransaction> items = new ArrayList<>();
        final LeafHashes.Builder hashes = new LeafHashes.Builder();
        long next;

        Entry(PendingBatchSet batchSet, boolean staged) {
            this.batchSet = batchSet;
            this.staged = staged;
            this.next = batchSet.firstLeaf();
        }

        long remaining() {
            return batchSet.totalLeaves() - next;
        }

        /**
         * Takes the chunk's leaves {@code [from, to)}, its next ones, with their hashes: staged at once,
         * or held until the release.
         */
        void take(List<HistoricTransaction> chunk, LeafHashes chunkHashes, int from, int to, List<SplitOutput> out) {
            List<HistoricTransaction> leaves = chunk.subList(from, to);
            if (staged) {
                out.add(new SplitOutput.Stage(batchSet, next, leaves, chunkHashes.slice(from, to)));
            } else {
                items.addAll(leaves);
                hashes.add(chunkHashes, from, to);
                bufferedItems += leaves.size();
            }
            next += leaves.size();
        }
    }
}
