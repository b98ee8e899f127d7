package io.hms.engine.store;

import io.hms.protocol.codec.Writer;
import java.util.Arrays;
import org.rocksdb.WriteBatch;

/**
 * The address index entries of one push (or of one rebuild chunk), all in one epoch: each appended
 * leaf under the 8-byte prefix of every address it involves, grouped by prefix, and written as one
 * entry per prefix, in key order ({@link AddressKey}: the group's oldest leaf in the key, the
 * others in the value as varint gaps, ascending). A push touching few addresses writes few
 * entries; the key order lets the memtable insert them with short searches. Allocation per leaf is
 * none: prefixes, leaves and the prefix → group table are flat arrays, grown by doubling.
 */
final class AddressGroups {
    private final long epoch;
    private long[] leafOf = new long[256];
    private int[] nextOf = new int[256];
    private int entries;
    private long[] prefixOf = new long[64];
    private int[] headOf = new int[64];
    private int[] tailOf = new int[64];
    private int groups;
    private int[] table = new int[128]; // group + 1 per slot, 0 = empty; open addressing
    private final Writer value = new Writer(64);

    AddressGroups(long epoch) {
        this.epoch = epoch;
    }

    long epoch() {
        return epoch;
    }

    boolean isEmpty() {
        return entries == 0;
    }

    /** Lists leaf {@code leaf}, whose canonical encoding is {@code encoded}, under its addresses' prefixes. */
    void add(long leaf, byte[] encoded) throws StoreException {
        int located = AddressIndex.locate(encoded);
        int offset = located >>> 2;
        add(Bytes.readBe64(encoded, offset), leaf);
        if ((located & 3) == 2) {
            add(Bytes.readBe64(encoded, offset + AddressIndex.ADDRESS_LENGTH), leaf);
        }
    }

    private void add(long prefix, long leaf) {
        int group = group(prefix);
        if (tailOf[group] >= 0 && leafOf[tailOf[group]] == leaf) {
            return; // both addresses of the leaf share the prefix: listed once
        }
        if (entries == leafOf.length) {
            leafOf = Arrays.copyOf(leafOf, entries * 2);
            nextOf = Arrays.copyOf(nextOf, entries * 2);
        }
        leafOf[entries] = leaf;
        nextOf[entries] = -1;
        if (tailOf[group] < 0) {
            headOf[group] = entries;
        } else {
            nextOf[tailOf[group]] = entries;
        }
        tailOf[group] = entries++;
    }

    /** The group of {@code prefix}, created if new. */
    private int group(long prefix) {
        int mask = table.length - 1;
        for (int slot = hash(prefix) & mask; ; slot = (slot + 1) & mask) {
            int g = table[slot] - 1;
            if (g < 0) {
                return create(prefix, slot);
            }
            if (prefixOf[g] == prefix) {
                return g;
            }
        }
    }

    private int create(long prefix, int slot) {
        if (groups == prefixOf.length) {
            prefixOf = Arrays.copyOf(prefixOf, groups * 2);
            headOf = Arrays.copyOf(headOf, groups * 2);
            tailOf = Arrays.copyOf(tailOf, groups * 2);
        }
        int g = groups++;
        prefixOf[g] = prefix;
        headOf[g] = -1;
        tailOf[g] = -1;
        table[slot] = g + 1;
        if (groups * 2 > table.length) {
            rehash();
        }
        return g;
    }

    private void rehash() {
        table = new int[table.length * 2];
        int mask = table.length - 1;
        for (int g = 0; g < groups; g++) {
            int slot = hash(prefixOf[g]) & mask;
            while (table[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            table[slot] = g + 1;
        }
    }

    private static int hash(long prefix) {
        long h = prefix * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    /**
     * Puts one entry per prefix into {@code batch}, in ascending key order (the rebuild's path, and the
     * fold's shape: {@link AddressLog#fold} writes the same entries from a push's log record).
     */
    void writeTo(StoreColumns cols, WriteBatch batch) throws StoreException {
        for (int g : sortedGroups()) {
            long first = leafOf[headOf[g]];
            value.reset();
            long previous = first;
            for (int e = nextOf[headOf[g]]; e >= 0; e = nextOf[e]) {
                value.varint(leafOf[e] - previous);
                previous = leafOf[e];
            }
            cols.addressIndex.putRaw(batch, AddressKey.encode(prefixOf[g], epoch, first), value.toByteArray());
        }
    }

    /**
     * The push's {@code address_log} record ({@link AddressLog}): every group, sorted by prefix, in one
     * value; {@code firstLeaf} is the record's key leaf, the push's first appended leaf.
     */
    byte[] logValue(long firstLeaf) {
        int[] order = sortedGroups();
        Writer data = new Writer(16 + entries * 3);
        int[] ends = new int[groups];
        for (int i = 0; i < order.length; i++) {
            int g = order[i];
            long previous = leafOf[headOf[g]];
            data.varint(previous - firstLeaf);
            for (int e = nextOf[headOf[g]]; e >= 0; e = nextOf[e]) {
                data.varint(leafOf[e] - previous);
                previous = leafOf[e];
            }
            ends[i] = data.size();
        }
        byte[] count = new Writer(5).varint(groups).toByteArray();
        byte[] bytes = new byte[count.length + groups * AddressLog.TABLE_ENTRY + data.size()];
        System.arraycopy(count, 0, bytes, 0, count.length);
        int ends0 = count.length + groups * 8;
        for (int i = 0; i < groups; i++) {
            Bytes.putBe64(bytes, count.length + 8 * i, prefixOf[order[i]]);
            AddressLog.putBe32(bytes, ends0 + 4 * i, ends[i]);
        }
        System.arraycopy(data.buffer(), 0, bytes, ends0 + 4 * groups, data.size());
        return bytes;
    }

    /** The groups in ascending unsigned order of their prefixes. */
    private int[] sortedGroups() {
        long[] flipped = new long[groups];
        for (int g = 0; g < groups; g++) {
            flipped[g] = prefixOf[g] ^ Long.MIN_VALUE; // signed order of these = unsigned order of prefixes
        }
        Arrays.sort(flipped);
        int[] order = new int[groups];
        for (int i = 0; i < groups; i++) {
            order[i] = group(flipped[i] ^ Long.MIN_VALUE);
        }
        return order;
    }

    /** The leaves of an entry written by {@link #writeTo}, oldest first. */
    static long[] leaves(long firstLeaf, byte[] value) throws StoreException {
        long[] out = new long[1 + value.length];
        int n = 0;
        out[n++] = firstLeaf;
        long leaf = firstLeaf;
        int shift = 0;
        long gap = 0;
        for (byte b : value) {
            gap |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (gap <= 0) {
                    throw new StoreException(StoreException.Kind.CORRUPTED, "an address index entry repeats a leaf");
                }
                leaf += gap;
                out[n++] = leaf;
                gap = 0;
                shift = 0;
            } else if ((shift += 7) > 56) {
                throw new StoreException(StoreException.Kind.CORRUPTED, "an address index entry does not decode");
            }
        }
        if (shift != 0) {
            throw new StoreException(StoreException.Kind.CORRUPTED, "an address index entry is truncated");
        }
        return Arrays.copyOf(out, n);
    }
}
