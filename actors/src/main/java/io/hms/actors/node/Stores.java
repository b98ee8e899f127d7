package io.hms.actors.node;

import io.hms.engine.store.RocksDbBlockchain;
import io.hms.engine.store.StoreException;
import io.hms.engine.store.StoreOptions;

/** Opening existing stores for commands that do not care how they were created. */
public final class Stores {
  private Stores() {}

  /**
   * Opens the store of {@code dir} as it is: as an archive, or pruned if it was pruned (an archive
   * store is never pruned by this).
   *
   * @throws StoreException {@code NOT_FOUND} if there is no store, {@code LOCKED} if another
   *     process has it open
   */
  public static RocksDbBlockchain openAsIs(DataDirectory dir, boolean syncWrites) throws StoreException {
    StoreOptions archive = StoreOptions.ARCHIVE.withSyncWrites(syncWrites);
    try {
      return dir.open(archive);
    } catch (StoreException e) {
      if (e.kind() != StoreException.Kind.INCOMPATIBLE) {
        throw e;
      }
      return dir.open(archive.withPruned(true));
    }
  }
}
