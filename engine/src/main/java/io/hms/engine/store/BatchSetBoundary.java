package io.hms.engine.store;

/**
 * SPEC §1.4: whether a pushed macro block becomes a batch-set boundary ("non-prunable"). A node that
 * follows the chain marks a block when the serialized history since the previous boundary (or the
 * election block) exceeds {@link StoreOptions#historyChunksMaxSize()}, so each batch set it serves
 * stays near that size; the counter restarts after every boundary. Election blocks close their
 * epoch's last batch set and are always boundaries. A history-synced node marks every block it
 * adopts, since it holds no finer record of where its peers' batch sets ended.
 */
final class BatchSetBoundary {
    private BatchSetBoundary() {}

    /** How the pushed block reached the store, which decides how it is marked. */
    enum Adoption {
        /** Produced or followed block by block: marked by accumulated size. */
        FOLLOWED,
        /** Adopted by history sync: always marked. */
        HISTORY_SYNC
    }

    /** The decision: the flag and the size counter stored with the block. */
    record Mark(boolean boundary, long bytesSinceBoundary) {
        static final Mark BOUNDARY = new Mark(true, 0);
    }

    /**
     * @param carried the counter of the previous macro block of the same epoch (0 after an election)
     * @param appendedBytes serialized size of the history items this push adds
     */
    static Mark mark(Adoption adoption, boolean election, long carried, long appendedBytes, long maxSize) {
        if (adoption == Adoption.HISTORY_SYNC || election) {
            return Mark.BOUNDARY;
        }
        long total = carried > Long.MAX_VALUE - appendedBytes ? Long.MAX_VALUE : carried + appendedBytes;
        return total > maxSize ? Mark.BOUNDARY : new Mark(false, total);
    }
}
