package io.hms.engine.store;

import io.hms.protocol.model.PublicKey;
import java.util.Arrays;

/**
 * Key of the address index: {@code address ‖ be64(~epoch) ‖ be64(~leaf)}. The position is
 * inverted (bitwise not), so one address's entries are one contiguous key range ordered newest
 * first: a page is a seek and a forward scan.
 */
record AddressKey(PublicKey address, long epoch, long leaf) {
    static final int LENGTH = PublicKey.LENGTH + 16;

    static byte[] encode(byte[] address, long epoch, long leaf) {
        byte[] out = Arrays.copyOf(address, LENGTH);
        Bytes.putBe64(out, PublicKey.LENGTH, ~epoch);
        Bytes.putBe64(out, PublicKey.LENGTH + 8, ~leaf);
        return out;
    }

    /** True if {@code key} is an entry of {@code address}. */
    static boolean belongsTo(byte[] key, byte[] address) {
        return key.length == LENGTH && Arrays.equals(key, 0, PublicKey.LENGTH, address, 0, PublicKey.LENGTH);
    }

    static final KeyCodec<AddressKey> CODEC = new KeyCodec<>() {
        @Override
        public byte[] encode(AddressKey key) {
            return AddressKey.encode(key.address.unsafeBytes(), key.epoch, key.leaf);
        }

        @Override
        public AddressKey decode(byte[] bytes) {
            return new AddressKey(
                    PublicKey.of(Arrays.copyOf(bytes, PublicKey.LENGTH)),
                    ~Bytes.readBe64(bytes, PublicKey.LENGTH),
                    ~Bytes.readBe64(bytes, PublicKey.LENGTH + 8));
        }
    };
}
