package io.hms.engine.sync.ingest;

import io.hms.protocol.model.HistoricTransaction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pending batch sets of one cluster (SPEC §4.7 "Receiving a chunk"): collects verified chunks,
 * in any order, and hands out complete batch sets strictly in order. Owned by one actor; not
 * thread-safe.
 *
 * <p>Fixes of the original: a chunk must hold exactly the expected number of items (SPEC §7.2
 * item 16), and after every change all complete entries at the front are released, including
 * entries that expect no items at all (item 18), so nothing waits for an event that may never come.
 *
 * <p>Memory: every received chunk is kept until its batch set is released, so the assembler holds
 * at most the pending entries' chunks — the number of pending entries (bounded by the caller's
 * batch-set window) times their chunks. A batch set's items are kept whole because {@code
 * pushHistorySync} applies a batch set atomically; callers with very large batch sets bound memory
 * by the batch-set window, not by this class.
 */
public final class BatchSetAssembler {
  private final ArrayDeque<Entry> pending = new ArrayDeque<>();
  private long bufferedItems;

  /** Appends batch sets to download, in order; returns those complete right away (no items expected). */
  public List<CompleteBatchSet> enqueue(Collection<PendingBatchSet> batchSets) {
    for (PendingBatchSet p : batchSets) {
      pending.addLast(new Entry(p));
    }
    return releaseReady();
  }

  /**
   * Takes a chunk whose proof verified against the root of block {@code blockNumber}.
   *
   * @return the batch sets it completed, in order, or why it was refused
   */
  public ChunkAcceptance onChunk(long blockNumber, long chunkIndex, List<HistoricTransaction> items) {
    Entry entry = find(blockNumber);
    if (entry == null) {
      return new ChunkAcceptance.Rejected(ChunkFault.NOT_PENDING, "no pending batch set at block " + blockNumber);
    }
    long first = entry.firstChunk();
    int pos = (int) Math.min(Integer.MAX_VALUE, chunkIndex - first);
    if (chunkIndex < first || pos >= entry.batchSet.chunks().size()) {
      return new ChunkAcceptance.Rejected(
          ChunkFault.NOT_PENDING, "chunk " + chunkIndex + " is not requested for block " + blockNumber);
    }
    if (entry.chunks.containsKey(chunkIndex)) {
      return new ChunkAcceptance.Rejected(ChunkFault.DUPLICATE, "chunk " + chunkIndex + " of block " + blockNumber);
    }
    ChunkRequest request = entry.batchSet.chunks().get(pos);
    var fault = request.checkCount(items.size());
    if (fault.isPresent()) {
      return new ChunkAcceptance.Rejected(
          fault.get(), items.size() + " items in chunk " + chunkIndex + ", expected " + request.expectedItems());
    }
    entry.chunks.put(chunkIndex, List.copyOf(items));
    bufferedItems += items.size();
    return new ChunkAcceptance.Accepted(releaseReady());
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
        bufferedItems -= e.items();
        it.remove();
        dropped++;
      }
    }
    return dropped;
  }

  /** Batch sets waiting for chunks. */
  public int pendingCount() {
    return pending.size();
  }

  public boolean isEmpty() {
    return pending.isEmpty();
  }

  /** Items held in memory for pending batch sets. */
  public long bufferedItems() {
    return bufferedItems;
  }

  private Entry find(long blockNumber) {
    for (Entry e : pending) {
      if (e.batchSet.blockNumber() == blockNumber) {
        return e;
      }
    }
    return null;
  }

  private List<CompleteBatchSet> releaseReady() {
    List<CompleteBatchSet> out = new ArrayList<>();
    while (!pending.isEmpty() && pending.peekFirst().isComplete()) {
      Entry e = pending.pollFirst();
      bufferedItems -= e.items();
      out.add(e.toComplete());
    }
    return out;
  }

  /** One pending batch set and the chunks received for it so far, by chunk index. */
  private static final class Entry {
    final PendingBatchSet batchSet;
    final TreeMap<Long, List<HistoricTransaction>> chunks = new TreeMap<>();

    Entry(PendingBatchSet batchSet) {
      this.batchSet = batchSet;
    }

    long firstChunk() {
      return batchSet.chunks().isEmpty() ? 0 : batchSet.chunks().get(0).chunkIndex();
    }

    boolean isComplete() {
      return chunks.size() == batchSet.chunks().size();
    }

    long items() {
      long n = 0;
      for (List<HistoricTransaction> c : chunks.values()) {
        n += c.size();
      }
      return n;
    }

    CompleteBatchSet toComplete() {
      List<HistoricTransaction> items = new ArrayList<>((int) Math.min(Integer.MAX_VALUE, batchSet.expectedItems()));
      for (Map.Entry<Long, List<HistoricTransaction>> c : chunks.entrySet()) {
        items.addAll(c.getValue());
      }
      return new CompleteBatchSet(batchSet.block(), batchSet.startLeaf(), items, batchSet.batchIndex(), batchSet.epoch());
    }
  }
}
