package io.hms.verifier.mmr;

import io.hms.protocol.model.Hash;

/**
 * The append-only node array of one history tree (SPEC §3.2). The engine implements it over
 * RocksDB with a write-batch overlay; {@link HistoryTree} only ever calls these three methods and
 * reads as few nodes as it can (a sibling per merge on append, the peaks for a root, the proof
 * nodes for a proof).
 */
public interface NodeStore {

    /** Number of nodes stored. */
    long size();

    /** The node at {@code index} ({@code 0 ≤ index < size()}). */
    Hash get(long index);

    /** Appends one node at index {@code size()}. */
    void append(Hash node);
}
