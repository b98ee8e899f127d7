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
 */
public record StoreOptions(boolean pruned, boolean syncWrites, long blockCacheBytes) {

  /** Archive node, synced writes, 64 MiB cache. */
  public static final StoreOptions ARCHIVE = new StoreOptions(false, true, 64L << 20);
  /** Pruned ("full") node, synced writes, 64 MiB cache. */
  public static final StoreOptions PRUNED = new StoreOptions(true, true, 64L << 20);

  public StoreOptions {
    if (blockCacheBytes < 0) {
      throw new IllegalArgumentException("blockCacheBytes must be ≥ 0");
    }
  }

  public StoreOptions withPruned(boolean value) {
    return new StoreOptions(value, syncWrites, blockCacheBytes);
  }

  public StoreOptions withSyncWrites(boolean value) {
    return new StoreOptions(pruned, value, blockCacheBytes);
  }
}
