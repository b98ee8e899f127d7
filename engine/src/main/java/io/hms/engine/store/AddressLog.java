package io.hms.engine.store;

import java.util.Arrays;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;

/**
 * The address log (docs/STORE.md, "Address log"): a push writes its address index as ONE record in
 * the column family {@code address_log}, in its own batch, and {@link AddressLogFolder} later turns
 * the record into the version-2 per-prefix entries of {@code address_index} ({@link #fold}). One
 * record per push instead of one RocksDB record per address is what takes the index's cost off the
 * push thread: on a chain of distinct addresses the entries cost about a quarter of the push.
 *
 * <p>Key: {@link EpochKey}{@code (epoch, first appended leaf)}, oldest first. Value: {@code varint
 * G ‖ G × be64 prefix (ascending, unsigned) ‖ G × be32 end of the group's data ‖ data}, where a
 * group's data is {@code varint(its first leaf − the key's leaf)} followed by exactly the value of
 * its version-2 entry (the further leaves as varint gaps). A reader finds a prefix by binary search
 * in the fixed-width table without decoding the rest.
 */
final class AddressLog {
    /** A record a push committed: its key and value. */
    record Written(EpochKey key, byte[] value) {}

    /**
     * What a query knows of the log beyond the database: {@code from}, the key below which every
     * record is folded, and the values of unfolded records the writer still holds (a record of a push
     * of distinct addresses is hundreds of KiB; a query then reads only its key from RocksDB).
     */
    record Hints(byte[] from, java.util.Map<EpochKey, byte[]> values) {
        static final Hints NONE = new Hints(new byte[0], java.util.Map.of());
    }

    /** Bytes per group in the table: the prefix and the end of its data. */
    static final int TABLE_ENTRY = 12;

    private final long epoch;
    private final long firstLeaf;
    private final byte[] value;
    private final int groups;
    private final int prefixesAt;
    private final int dataAt;

    private AddressLog(long epoch, long firstLeaf, byte[] value, int groups, int prefixesAt) {
        this.epoch = epoch;
        this.firstLeaf = firstLeaf;
        this.value = value;
        this.groups = groups;
        this.prefixesAt = prefixesAt;
        this.dataAt = prefixesAt + groups * TABLE_ENTRY;
    }

    /**
     * The record stored under {@code key}, checked only for its table fitting: a query reads one group
     * of a record of tens of thousands, so a group's bounds are checked when it is read.
     */
    static AddressLog parse(byte[] key, byte[] value) throws StoreException {
        EpochKey at = EpochKey.CODEC.decode(key);
        long count = 0;
        int i = 0;
        for (int shift = 0; ; shift += 7) {
            if (i >= value.length || shift > 28) {
                throw corrupted(at, "its group count does not decode");
            }
            byte b = value[i++];
            count |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        if (count * TABLE_ENTRY > value.length - i) {
            throw corrupted(at, "its table is longer than the record");
        }
        return new AddressLog(at.epoch(), at.index(), value, (int) count, i);
    }

    long epoch() {
        return epoch;
    }

    long firstLeaf() {
        return firstLeaf;
    }

    int groups() {
        return groups;
    }

    long prefix(int group) {
        return Bytes.readBe64(value, prefixesAt + 8 * group);
    }

    /** The group of {@code prefix}, or -1: a binary search of the table. */
    int find(long prefix) {
        int low = 0;
        int high = groups - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int c = Long.compareUnsigned(prefix(mid), prefix);
            if (c < 0) {
                low = mid + 1;
            } else if (c > 0) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /** The group's leaves, oldest first. */
    long[] leaves(int group) throws StoreException {
        int[] rest = new int[1];
        long first = groupFirst(group, rest);
        return AddressGroups.leaves(first, Arrays.copyOfRange(value, rest[0], dataAt + end(group)));
    }

    /** Puts the record's version-2 entries ({@link AddressKey}, one per group) into {@code batch}. */
    void fold(StoreColumns cols, WriteBatch batch) throws StoreException {
        int[] rest = new int[1];
        for (int g = 0; g < groups; g++) {
            long first = groupFirst(g, rest);
            cols.addressIndex.putRaw(
                    batch,
                    AddressKey.encode(prefix(g), epoch, first),
                    Arrays.copyOfRange(value, rest[0], dataAt + end(g)));
        }
    }

    /** The group's first leaf; {@code rest[0]} is set to where its further leaves' gaps start. */
    private long groupFirst(int group, int[] rest) throws StoreException {
        int at = dataAt + (group == 0 ? 0 : end(group - 1));
        int stop = dataAt + end(group);
        if (stop <= at || stop > value.length) {
            throw corrupted(new EpochKey(epoch, firstLeaf), "group " + group + "'s data lies outside the record");
        }
        long delta = 0;
        for (int shift = 0; ; shift += 7) {
            if (at >= stop || shift > 56) {
                throw corrupted(new EpochKey(epoch, firstLeaf), "a group's first leaf does not decode");
            }
            byte b = value[at++];
            delta |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        rest[0] = at;
        return firstLeaf + delta;
    }

    private int end(int group) {
        int at = prefixesAt + 8 * groups + 4 * group;
        return ((value[at] & 0xFF) << 24)
                | ((value[at + 1] & 0xFF) << 16)
                | ((value[at + 2] & 0xFF) << 8)
                | (value[at + 3] & 0xFF);
    }

    static void putBe32(byte[] out, int offset, int value) {
        out[offset] = (byte) (value >>> 24);
        out[offset + 1] = (byte) (value >>> 16);
        out[offset + 2] = (byte) (value >>> 8);
        out[offset + 3] = (byte) value;
    }

    /**
     * Deletes every log record of {@code epoch} (a pruned epoch), point deletes of the keys found now;
     * returns how many. The caller holds the fold lock, so no fold writes their entries afterwards.
     */
    static int deleteEpoch(StoreColumns cols, WriteBatch batch, long epoch) throws StoreException {
        Column<EpochKey, byte[]> log = cols.addressLog.orElseThrow();
        int deleted = 0;
        try (Slice upper = new Slice(EpochKey.CODEC.encode(EpochKey.first(epoch + 1)));
                ReadOptions read = new ReadOptions().setIterateUpperBound(upper);
                RocksIterator it = log.iterator(read)) {
            for (it.seek(EpochKey.CODEC.encode(EpochKey.first(epoch))); it.isValid(); it.next()) {
                batch.delete(log.handle(), it.key());
                deleted++;
            }
            it.status();
        } catch (RocksDBException e) {
            throw RocksFailures.map(e, "deleting address log records of pruned epoch " + epoch);
        }
        return deleted;
    }

    private static StoreException corrupted(EpochKey at, String what) {
        return new StoreException(StoreException.Kind.CORRUPTED, "address log record " + at + ": " + what);
    }
}
