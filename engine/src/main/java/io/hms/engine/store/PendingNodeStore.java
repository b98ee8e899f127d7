package io.hms.engine.store;

import io.hms.protocol.model.Hash;
import io.hms.verifier.mmr.NodeStore;
import java.util.Arrays;
import org.rocksdb.WriteBatch;

/**
 * One epoch's MMR during a push: the persisted nodes below {@code baseSize} plus the nodes this push
 * appends. Appended nodes go into the push's {@link WriteBatch} at once and into a flat byte array
 * (32 bytes per node, no object per node), because an append reads its left siblings, which may be
 * pending. Nothing reaches the database unless the batch is committed.
 */
final class PendingNodeStore implements NodeStore {
    private final Column<EpochKey, byte[]> mmr;
    private final WriteBatch batch;
    private final long epoch;
    private final long baseSize;
    private byte[] pending = new byte[64 * Hash.LENGTH];
    private int pendingCount;

    PendingNodeStore(Column<EpochKey, byte[]> mmr, WriteBatch batch, long epoch, long baseSize) {
        this.mmr = mmr;
        this.batch = batch;
        this.epoch = epoch;
        this.baseSize = baseSize;
    }

    @Override
    public long size() {
        return baseSize + pendingCount;
    }

    @Override
    public Hash get(long index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("node " + index + " of " + size());
        }
        if (index < baseSize) {
            return PersistedNodeStore.read(mmr, epoch, index);
        }
        int offset = (int) (index - baseSize) * Hash.LENGTH;
        return Hash.wrap(Arrays.copyOfRange(pending, offset, offset + Hash.LENGTH));
    }

    @Override
    public void append(Hash node) {
        if ((long) (pendingCount + 1) * Hash.LENGTH > pending.length) {
            if (pending.length >= Integer.MAX_VALUE / 2) {
                throw new IllegalStateException("too many nodes pending in one push");
            }
            pending = Arrays.copyOf(pending, pending.length * 2);
        }
        System.arraycopy(node.unsafeBytes(), 0, pending, pendingCount * Hash.LENGTH, Hash.LENGTH);
        try {
            mmr.putRaw(batch, EpochKey.CODEC.encode(new EpochKey(epoch, size())), node.unsafeBytes());
        } catch (StoreException e) {
            throw new UncheckedStoreException(e);
        }
        pendingCount++;
    }
}
