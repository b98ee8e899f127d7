package io.hms.engine.store;

import io.hms.protocol.model.PublicKey;

/**
 * Key of the address index (version 2): {@code be64(prefix) ‖ be64(~epoch) ‖ be64(~firstLeaf)},
 * where {@code prefix} is the first 8 bytes of an address and {@code firstLeaf} the oldest leaf of
 * one group of that prefix's leaves (one push's, or one rebuild chunk's; the value lists the rest,
 * {@link AddressGroups}). The position is inverted (bitwise not), so one prefix's groups are one
 * contiguous key range ordered newest first, and within an epoch the groups' leaf ranges are
 * disjoint and ordered like their keys: a page is a seek and a forward scan. Two addresses sharing a
 * prefix share groups; readers drop the leaves that do not involve the address asked for.
 */
record AddressKey(long prefix, long epoch, long firstLeaf) {
    static final int LENGTH = 24;

    /** The index's prefix of an address: its first 8 bytes, big-endian. */
    static long prefixOf(PublicKey address) {
        return Bytes.readBe64(address.unsafeBytes(), 0);
    }

    static byte[] encode(long prefix, long epoch, long firstLeaf) {
        byte[] out = new byte[LENGTH];
        Bytes.putBe64(out, 0, prefix);
        Bytes.putBe64(out, 8, ~epoch);
        Bytes.putBe64(out, 16, ~firstLeaf);
        return out;
    }

    /** True if {@code key} is an entry of {@code prefix} in {@code epoch}. */
    static boolean inEpoch(byte[] key, long prefix, long epoch) {
        return key.length == LENGTH && Bytes.readBe64(key, 0) == prefix && Bytes.readBe64(key, 8) == ~epoch;
    }

    static final KeyCodec<AddressKey> CODEC = new KeyCodec<>() {
        @Override
        public byte[] encode(AddressKey key) {
            return AddressKey.encode(key.prefix, key.epoch, key.firstLeaf);
        }

        @Override
        public AddressKey decode(byte[] bytes) {
            return new AddressKey(Bytes.readBe64(bytes, 0), ~Bytes.readBe64(bytes, 8), ~Bytes.readBe64(bytes, 16));
        }
    };
}
