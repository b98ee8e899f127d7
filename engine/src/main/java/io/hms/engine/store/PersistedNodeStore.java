package io.hms.engine.store;

import io.hms.protocol.model.Hash;
import io.hms.verifier.mmr.NodeStore;

/**
 * Read-only view of one epoch's persisted MMR nodes, fixed at the size the epoch had when the view
 * was made. MMR nodes are never rewritten, so the view stays valid while later pushes append.
 */
final class PersistedNodeStore implements NodeStore {
    private final Column<EpochKey, byte[]> mmr;
    private final long epoch;
    private final long size;

    PersistedNodeStore(Column<EpochKey, byte[]> mmr, long epoch, long size) {
        this.mmr = mmr;
        this.epoch = epoch;
        this.size = size;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public Hash get(long index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("node " + index + " of " + size);
        }
        return read(mmr, epoch, index);
    }

    @Override
    public void append(Hash node) {
        throw new UnsupportedOperationException("persisted nodes are appended only through a push");
    }

    /** Reads one node; a missing or malformed node means the store is corrupted. */
    static Hash read(Column<EpochKey, byte[]> mmr, long epoch, long index) {
        EpochKey key = new EpochKey(epoch, index);
        try {
            byte[] raw = mmr.get(key)
                    .orElseThrow(() -> new StoreException(
                            StoreException.Kind.CORRUPTED, "mmr node " + index + " of epoch " + epoch + " is missing"));
            if (raw.length != Hash.LENGTH) {
                throw new StoreException(
                        StoreException.Kind.CORRUPTED, "mmr node " + key + " has " + raw.length + " bytes");
            }
            return Hash.wrap(raw);
        } catch (StoreException e) {
            throw new UncheckedStoreException(e);
        }
    }
}
