package io.hms.engine.store;

/**
 * How a store runs.
 *
 * @param pruned keep only the latest epoch's history ("full node"): older epochs' leaves, MMR
 *     nodes and index entries are dropped when an epoch completes, and the store advertises no
 *     services. An archive store may be reopened pruned (it prunes then); a pruned store cannot
 *     become an archive again.
 * @param syncWrites fsync the write-ahead log on every commit, so a power loss cannot lose an
 *     applied batch set (a process crash loses nothing either way)
 * @param blockCacheBytes RocksDB block cache shared by all column families
 * @param historyChunksMaxSize bytes: a followed block whose epoch recorded more serialized history
 *     than this since the last batch-set boundary becomes one (SPEC §1.4, {@code
 *     HISTORY_CHUNKS_MAX_SIZE}); small in tests so that epochs hold several batch sets
 * @param verifiedAnchorEntries anchors ({@link Finality.ChainedTo}) whose verified justification
 *     the push path remembers, so the pushes of one epoch cost one signature check
 */
public record StoreOptions(
        boolean pruned,
        boolean syncWrites,
        long blockCacheBytes,
        long historyChunksMaxSize,
        int verifiedAnchorEntries) {

    /** SPEC Appendix A: 25 MiB. */
    public static final long DEFAULT_HISTORY_CHUNKS_MAX_SIZE = 25L << 20;
    /** A few epochs' anchors: a sync applies one epoch at a time. */
    public static final int DEFAULT_VERIFIED_ANCHOR_ENTRIES = 16;

    /** Archive node, synced writes, 64 MiB cache. */
    public static final StoreOptions ARCHIVE =
            new StoreOptions(false, true, 64L << 20, DEFAULT_HISTORY_CHUNKS_MAX_SIZE, DEFAULT_VERIFIED_ANCHOR_ENTRIES);
    /** Pruned ("full") node, synced writes, 64 MiB cache. */
    public static final StoreOptions PRUNED = ARCHIVE.withPruned(true);

    public StoreOptions {
        if (blockCacheBytes < 0 || historyChunksMaxSize < 0 || verifiedAnchorEntries < 0) {
            throw new IllegalArgumentException(
                    "blockCacheBytes, historyChunksMaxSize and verifiedAnchorEntries must be ≥ 0");
        }
    }

    public StoreOptions withPruned(boolean value) {
        return new StoreOptions(value, syncWrites, blockCacheBytes, historyChunksMaxSize, verifiedAnchorEntries);
    }

    public StoreOptions withSyncWrites(boolean value) {
        return new StoreOptions(pruned, value, blockCacheBytes, historyChunksMaxSize, verifiedAnchorEntries);
    }

    public StoreOptions withHistoryChunksMaxSize(long bytes) {
        return new StoreOptions(pruned, syncWrites, blockCacheBytes, bytes, verifiedAnchorEntries);
    }

    public StoreOptions withVerifiedAnchorEntries(int entries) {
        return new StoreOptions(pruned, syncWrites, blockCacheBytes, historyChunksMaxSize, entries);
    }
}
