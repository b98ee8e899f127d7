package io.hms.engine.store;

import io.hms.protocol.model.Blake2b;
import java.util.HashSet;
import java.util.Set;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Physically deletes pruned epochs: leaves, MMR nodes, index entries and unfolded address log
 * records (the caller keeps {@link AddressLogFolder} from folding meanwhile). The commit that prunes
 * only moves {@code firstHistoryEpoch}, which hides those epochs from readers at once; deleting
 * them here in bounded batches keeps that commit small and the memory of a sweep bounded by {@link
 * #CHUNK} leaves. A crash mid-sweep is harmless: the data stays hidden and the next open resumes
 * from {@code sweptBelowEpoch}.
 *
 * <p>Index entries are deleted without checking where they point: a transaction hash covers its
 * block number, which lies in exactly one epoch, so no other epoch can own the same hash.
 */
final class PruneSweeper {
    private static final Logger LOG = LoggerFactory.getLogger(PruneSweeper.class);
    static final int CHUNK = 4096;

    private PruneSweeper() {}

    /** Sweeps every hidden epoch not yet deleted; returns the heads with the new sweep position. */
    static StoreHeads sweep(StoreColumns cols, StoreHeads heads, WriteOptions writeOptions) throws StoreException {
        StoreHeads current = heads;
        for (long epoch = heads.sweptBelowEpoch(); epoch < heads.firstHistoryEpoch(); epoch++) {
            long leaves = sweepLeaves(cols, epoch, writeOptions);
            current = current.withSweptBelow(epoch + 1);
            try (WriteBatch batch = new WriteBatch()) {
                byte[] from = EpochKey.CODEC.encode(EpochKey.first(epoch));
                byte[] to = EpochKey.CODEC.encode(EpochKey.first(epoch + 1));
                cols.mmr.deleteRange(batch, from, to);
                cols.history.deleteRange(batch, from, to);
                if (cols.addressLog.isPresent()) {
                    AddressLog.deleteEpoch(cols, batch, epoch);
                }
                cols.heads.put(batch, RocksDbBlockchain.HEADS_KEY, current);
                cols.db.write(writeOptions, batch);
            } catch (RocksDBException e) {
                throw RocksFailures.map(e, "sweeping pruned epoch " + epoch);
            }
            LOG.debug("swept pruned epoch={} leaves={}", epoch, leaves);
        }
        return current;
    }

    private static long sweepLeaves(StoreColumns cols, long epoch, WriteOptions writeOptions) throws StoreException {
        long swept = 0;
        try (Slice upper = new Slice(EpochKey.CODEC.encode(EpochKey.first(epoch + 1)));
                ReadOptions read = new ReadOptions().setIterateUpperBound(upper);
                RocksIterator it = cols.history.iterator(read)) {
            it.seek(EpochKey.CODEC.encode(EpochKey.first(epoch)));
            while (it.isValid()) {
                try (WriteBatch batch = new WriteBatch()) {
                    byte[] firstKey = it.key();
                    byte[] lastKey = firstKey;
                    Set<Long> prefixes = new HashSet<>();
                    for (int n = 0; n < CHUNK && it.isValid(); n++, it.next()) {
                        lastKey = it.key();
                        cols.txIndex.delete(batch, Blake2b.hash(it.value()));
                        for (long prefix : AddressIndex.prefixesOf(it.value())) {
                            prefixes.add(prefix);
                        }
                        swept++;
                    }
                    // a prefix's entries of the epoch all go with its first leaf met: the epoch goes whole
                    AddressIndex.deleteEpoch(
                            cols,
                            batch,
                            epoch,
                            prefixes.stream().mapToLong(Long::longValue).toArray());
                    EpochKey last = EpochKey.CODEC.decode(lastKey);
                    cols.history.deleteRange(
                            batch, firstKey, EpochKey.CODEC.encode(new EpochKey(epoch, last.index() + 1)));
                    cols.db.write(writeOptions, batch);
                }
            }
            it.status();
        } catch (RocksDBException e) {
            throw RocksFailures.map(e, "sweeping the leaves of pruned epoch " + epoch);
        }
        return swept;
    }
}
