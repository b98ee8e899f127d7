package io.hms.engine.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Migration on open: a store written before the address index existed (no {@link
 * AddressIndex#MARKER_KEY} in the meta column) gets the index built from its stored leaves, in
 * batches of {@link #CHUNK} leaves, with a progress line every {@link #PROGRESS_EVERY}. The marker
 * is written last, synced: a crash mid-rebuild leaves it absent, and the next open rebuilds again
 * (entries are idempotent puts). Pushes cannot run meanwhile: the store is not open yet.
 */
final class AddressIndexRebuild {
    private static final Logger LOG = LoggerFactory.getLogger(AddressIndexRebuild.class);
    /** Leaves per write batch, bounding the rebuild's memory. */
    static final int CHUNK = 4096;
    /** How often the rebuild logs its progress. */
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    private AddressIndexRebuild() {}

    /** True if the store holds an address index of the current version. */
    static boolean upToDate(StoreColumns cols) throws StoreException {
        return cols.formatMarkers.get(AddressIndex.MARKER_KEY).orElse(0L) == AddressIndex.VERSION;
    }

    /** Records that the index is complete: part of the genesis commit of a new store. */
    static void mark(StoreColumns cols, WriteBatch batch) throws StoreException {
        cols.formatMarkers.put(batch, AddressIndex.MARKER_KEY, AddressIndex.VERSION);
    }

    /** Builds the index of every leaf held from {@code heads.firstHistoryEpoch()} if the marker is missing. */
    static void ensure(StoreColumns cols, StoreHeads heads, Clock clock) throws StoreException {
        if (upToDate(cols)) {
            return;
        }
        LOG.info(
                "the store has no address index (written by an older hms): building it from {} stored transactions",
                heads.totalTransactions());
        Instant started = clock.instant();
        Instant nextLog = started.plus(PROGRESS_EVERY);
        long done = 0;
        try (ReadOptions read = new ReadOptions();
                RocksIterator it = cols.history.iterator(read);
                WriteOptions plain = new WriteOptions();
                WriteOptions sync = new WriteOptions().setSync(true)) {
            it.seek(EpochKey.CODEC.encode(EpochKey.first(heads.firstHistoryEpoch())));
            while (it.isValid()) {
                try (WriteBatch batch = new WriteBatch()) {
                    for (int n = 0; n < CHUNK && it.isValid(); n++, it.next()) {
                        EpochKey key = EpochKey.CODEC.decode(it.key());
                        AddressIndex.add(cols, batch, key.epoch(), key.index(), it.value());
                        done++;
                    }
                    cols.db.write(plain, batch);
                }
                if (clock.instant().isAfter(nextLog)) {
                    LOG.info("address index: {} of {} transactions indexed", done, heads.totalTransactions());
                    nextLog = clock.instant().plus(PROGRESS_EVERY);
                }
            }
            it.status();
            try (WriteBatch batch = new WriteBatch()) {
                mark(cols, batch);
                cols.db.write(sync, batch);
            }
        } catch (RocksDBException e) {
            throw RocksFailures.map(e, "building the address index");
        }
        LOG.info(
                "address index built: {} transactions in {} ms",
                done,
                Duration.between(started, clock.instant()).toMillis());
    }
}
