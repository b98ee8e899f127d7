package io.hms.engine.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Migration on open: a store written before the address index existed (no {@link
 * AddressIndex#MARKER_KEY} in the meta column), or whose index has another version (1: one entry
 * per leaf and full address), gets the index built from its stored leaves: every entry of the column
 * and every unfolded {@link AddressLog} record is deleted (one range delete each), then the leaves are indexed in batches of {@link #CHUNK}, with a
 * progress line every {@link #PROGRESS_EVERY}. The marker is written last, synced: a crash
 * mid-rebuild leaves the old marker (or none), and the next open deletes and rebuilds again. Pushes cannot run meanwhile: the store is not open yet.
 */
final class AddressIndexRebuild {
    private static final Logger LOG = LoggerFactory.getLogger(AddressIndexRebuild.class);
    /** Leaves per write batch, bounding the rebuild's memory. */
    static final int CHUNK = 4096;
    /** The longest key any version of the index wrote (version 1: a 32-byte address and two be64). */
    static final int MAX_KEY_LENGTH = 48;
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

    /**
     * Builds the index of every leaf held from {@code heads.firstHistoryEpoch()} unless the marker
     * names the current version; entries of another version are deleted first.
     */
    static void ensure(StoreColumns cols, StoreHeads heads, Clock clock) throws StoreException {
        Optional<Long> version = cols.formatMarkers.get(AddressIndex.MARKER_KEY);
        if (version.orElse(0L) == AddressIndex.VERSION) {
            return;
        }
        if (version.isEmpty()) {
            LOG.info(
                    "the store has no address index (written by an older hms): building it from {} stored"
                            + " transactions",
                    heads.totalTransactions());
        } else {
            LOG.info(
                    "the store's address index has version {}, this hms uses version {}: rebuilding it from {}"
                            + " stored transactions",
                    version.get(),
                    AddressIndex.VERSION,
                    heads.totalTransactions());
        }
        Instant started = clock.instant();
        Instant nextLog = started.plus(PROGRESS_EVERY);
        long done = 0;
        try (ReadOptions read = new ReadOptions();
                RocksIterator it = cols.history.iterator(read);
                WriteOptions plain = new WriteOptions();
                WriteOptions sync = new WriteOptions().setSync(true)) {
            try (WriteBatch batch = new WriteBatch()) {
                byte[] beyondAll = new byte[MAX_KEY_LENGTH + 1];
                Arrays.fill(beyondAll, (byte) 0xFF);
                cols.addressIndex.deleteRange(batch, new byte[0], beyondAll);
                // unfolded log records describe leaves the rebuild indexes anew
                cols.addressLog.orElseThrow().deleteRange(batch, new byte[0], beyondAll);
                cols.db.write(plain, batch);
            }
            it.seek(EpochKey.CODEC.encode(EpochKey.first(heads.firstHistoryEpoch())));
            while (it.isValid()) {
                try (WriteBatch batch = new WriteBatch()) {
                    AddressGroups groups = null;
                    for (int n = 0; n < CHUNK && it.isValid(); n++, it.next()) {
                        EpochKey key = EpochKey.CODEC.decode(it.key());
                        if (groups == null || groups.epoch() != key.epoch()) {
                            if (groups != null) {
                                groups.writeTo(cols, batch);
                            }
                            groups = new AddressGroups(key.epoch());
                        }
                        groups.add(key.index(), it.value());
                        done++;
                    }
                    if (groups != null) {
                        groups.writeTo(cols, batch);
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
