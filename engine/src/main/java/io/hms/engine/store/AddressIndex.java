package io.hms.engine.store;

import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.codec.Reader;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;

/**
 * The address index (docs/STORE.md, "Address index"): every stored leaf under each address it
 * involves — a transfer's sender and recipient, a reward's validator and reward address, a
 * penalty's or jail's validator — grouped per push by the address's 8-byte prefix ({@link
 * AddressGroups}, keyed {@link AddressKey}, newest first). Written in the push's own {@link
 * WriteBatch}, so it is always exactly as complete as the history; deleted with the leaves by the
 * prune sweep. Readers drop the leaves of other addresses sharing the prefix.
 */
final class AddressIndex {
    /**
     * The version of the index this code writes, recorded under {@link #MARKER_KEY} in the meta
     * column: 1 was one entry per leaf and full address; 2 groups a push's leaves per 8-byte prefix.
     */
    static final long VERSION = 2;

    static final String MARKER_KEY = "index.address";

    static final int ADDRESS_LENGTH = PublicKey.LENGTH;

    private AddressIndex() {}

    /**
     * Where a leaf's addresses lie in its canonical encoding (SPEC's HistoricTransaction layout:
     * block number, time, kind, then the kind's keys first), read without decoding the rest: the
     * offset of the first address times 4, plus their number (1 or 2, the second right after).
     */
    static int locate(byte[] encoded) throws StoreException {
        try {
            Reader in = new Reader(encoded);
            in.u32("blockNumber");
            in.varint("blockTime");
            long kind = in.varint("kind");
            int count;
            if (kind == 0) {
                in.u8("networkId");
                count = 2;
            } else if (kind == 1) {
                count = 2;
            } else if (kind == 2 || kind == 3) {
                count = 1;
            } else {
                throw new DecodeException("HistoricTransaction.kind", "unknown kind " + kind);
            }
            if (in.remaining() < count * ADDRESS_LENGTH) {
                throw new DecodeException("HistoricTransaction", "too short for its addresses");
            }
            return in.position() * 4 + count;
        } catch (DecodeException e) {
            throw RocksFailures.corrupted("a history item's addresses", e);
        }
    }

    /** True if the leaf encoded as {@code encoded} involves {@code address}. */
    static boolean involves(byte[] encoded, PublicKey address) throws StoreException {
        int located = locate(encoded);
        byte[] a = address.unsafeBytes();
        for (int i = 0, at = located >>> 2; i < (located & 3); i++, at += ADDRESS_LENGTH) {
            if (Arrays.equals(encoded, at, at + ADDRESS_LENGTH, a, 0, ADDRESS_LENGTH)) {
                return true;
            }
        }
        return false;
    }

    /** The 8-byte prefixes of the leaf's addresses, as written by {@link AddressGroups#add}. */
    static long[] prefixesOf(byte[] encoded) throws StoreException {
        int located = locate(encoded);
        int at = located >>> 2;
        return (located & 3) == 1
                ? new long[] {Bytes.readBe64(encoded, at)}
                : new long[] {Bytes.readBe64(encoded, at), Bytes.readBe64(encoded, at + ADDRESS_LENGTH)};
    }

    /**
     * Deletes every entry of {@code prefixes} in {@code epoch} (a pruned epoch: all its leaves go),
     * as found in the database now; the caller commits the batch before it looks again.
     */
    static void deleteEpoch(StoreColumns cols, WriteBatch batch, long epoch, long[] prefixes) throws StoreException {
        try (ReadOptions read = new ReadOptions();
                RocksIterator it = cols.addressIndex.iterator(read)) {
            for (long prefix : prefixes) {
                for (it.seek(AddressKey.encode(prefix, epoch, -1L)); it.isValid(); it.next()) {
                    byte[] key = it.key();
                    if (!AddressKey.inEpoch(key, prefix, epoch)) {
                        break;
                    }
                    batch.delete(cols.addressIndex.handle(), key);
                }
                it.status();
            }
        } catch (RocksDBException e) {
            throw RocksFailures.map(e, "deleting address index entries of pruned epoch " + epoch);
        }
    }

    /**
     * Up to {@code max} transactions involving {@code address}, newest first, strictly older than
     * {@code olderThan} if given; stops at the pruning horizon. Reads the unfolded {@link AddressLog}
     * records first (newest first, from {@code log.from()}: the folder's position, below which every
     * record is folded; values the writer holds are not read again), then the folded entries. The log's
     * iterator is made before the index's, so a record folded in between is seen in both, never in
     * neither; its entries are dropped from the index part by position (at or after the oldest
     * record the log view holds, since records fold oldest first).
     */
    static List<IndexedTransaction> page(
            StoreColumns cols,
            ChainState state,
            PublicKey address,
            Optional<TxLocation> olderThan,
            int max,
            AddressLog.Hints log)
            throws StoreException {
        long prefix = AddressKey.prefixOf(address);
        long horizon = state.heads().firstHistoryEpoch();
        List<IndexedTransaction> out = new ArrayList<>();
        try (Slice lower = new Slice(log.from());
                ReadOptions logRead = new ReadOptions().setIterateLowerBound(lower);
                RocksIterator logIt =
                        cols.addressLog.map(c -> c.iterator(logRead)).orElse(null);
                ReadOptions read = new ReadOptions();
                RocksIterator it = cols.addressIndex.iterator(read)) {
            EpochKey boundary =
                    logIt == null ? null : pageLog(cols, logIt, log.values(), horizon, address, olderThan, max, out);
            // the group holding olderThan's leaf is the first whose oldest leaf is at or below it
            byte[] start = olderThan.isPresent()
                    ? AddressKey.encode(
                            prefix, olderThan.get().epoch(), olderThan.get().leafIndex())
                    : AddressKey.encode(prefix, -1L, -1L);
            for (it.seek(start); it.isValid() && out.size() < max; it.next()) {
                byte[] key = it.key();
                if (key.length != AddressKey.LENGTH || Bytes.readBe64(key, 0) != prefix) {
                    break;
                }
                AddressKey at = AddressKey.CODEC.decode(key);
                if (at.epoch() < horizon) {
                    break;
                }
                if (boundary != null
                        && (at.epoch() > boundary.epoch()
                                || (at.epoch() == boundary.epoch() && at.firstLeaf() >= boundary.index()))) {
                    continue; // folded after the log view was taken: already read from the log
                }
                emit(cols, address, at.epoch(), AddressGroups.leaves(at.firstLeaf(), it.value()), olderThan, max, out);
            }
            it.status();
        } catch (RocksDBException e) {
            throw RocksFailures.map(e, "reading the address index of " + address.shortHex());
        }
        return out;
    }

    /**
     * The log part of {@link #page}: adds the matching leaves of the log's records, newest first;
     * returns the position of the oldest record in the view, or null if the log is empty.
     */
    private static EpochKey pageLog(
            StoreColumns cols,
            RocksIterator log,
            java.util.Map<EpochKey, byte[]> held,
            long horizon,
            PublicKey address,
            Optional<TxLocation> olderThan,
            int max,
            List<IndexedTransaction> out)
            throws StoreException, RocksDBException {
        log.seekToFirst();
        if (!log.isValid()) {
            log.status();
            return null;
        }
        EpochKey oldest = EpochKey.CODEC.decode(log.key());
        long prefix = AddressKey.prefixOf(address);
        if (olderThan.isPresent()) {
            // a record keyed after olderThan's leaf holds only newer leaves
            log.seekForPrev(EpochKey.CODEC.encode(
                    new EpochKey(olderThan.get().epoch(), olderThan.get().leafIndex())));
        } else {
            log.seekToLast();
        }
        for (; log.isValid() && out.size() < max; log.prev()) {
            byte[] key = log.key();
            EpochKey at = EpochKey.CODEC.decode(key);
            if (at.epoch() < horizon) {
                break;
            }
            byte[] value = held.get(at);
            AddressLog record = AddressLog.parse(key, value != null ? value : log.value());
            int group = record.find(prefix);
            if (group >= 0) {
                emit(cols, address, record.epoch(), record.leaves(group), olderThan, max, out);
            }
        }
        log.status();
        return oldest;
    }

    /** Adds the leaves (oldest first) of one group that are older than {@code olderThan}, newest first. */
    private static void emit(
            StoreColumns cols,
            PublicKey address,
            long epoch,
            long[] leaves,
            Optional<TxLocation> olderThan,
            int max,
            List<IndexedTransaction> out)
            throws StoreException {
        for (int i = leaves.length - 1; i >= 0 && out.size() < max; i--) {
            boolean older = olderThan.isEmpty()
                    || epoch < olderThan.get().epoch()
                    || (epoch == olderThan.get().epoch()
                            && leaves[i] < olderThan.get().leafIndex());
            if (older) {
                leaf(cols, address, epoch, leaves[i]).ifPresent(out::add);
            }
        }
    }

    /** The leaf, if it involves {@code address} (not only another address with the same prefix). */
    private static Optional<IndexedTransaction> leaf(StoreColumns cols, PublicKey address, long epoch, long leaf)
            throws StoreException {
        EpochKey key = new EpochKey(epoch, leaf);
        byte[] bytes = cols.history
                .get(key)
                .orElseThrow(() -> new StoreException(
                        StoreException.Kind.CORRUPTED, "the address index names leaf " + key + ", which is missing"));
        if (!involves(bytes, address)) {
            return Optional.empty();
        }
        try {
            HistoricTransaction tx = HistoricTransaction.CODEC.decode(bytes);
            return Optional.of(new IndexedTransaction(new TxLocation(epoch, leaf, tx.blockNumber()), tx));
        } catch (DecodeException e) {
            throw RocksFailures.corrupted("leaf " + key, e);
        }
    }
}
