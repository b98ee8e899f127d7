package io.hms.engine.store;

import io.hms.protocol.model.Hash;

/**
 * Key of a staged leaf: {@code blockHash ‖ be64(leaf)}. Keying by the batch set's block keeps two
 * clusters that stage the same epoch (or an abandoned one) from mixing their items.
 */
record StagingKey(Hash blockHash, long leaf) {

    /** The exclusive end of a block's staged range. */
    static byte[] endOf(Hash blockHash) {
        byte[] out = new byte[Hash.LENGTH + 9];
        System.arraycopy(blockHash.unsafeBytes(), 0, out, 0, Hash.LENGTH);
        java.util.Arrays.fill(out, Hash.LENGTH, out.length, (byte) 0xFF);
        return out;
    }

    static final KeyCodec<StagingKey> CODEC = new KeyCodec<>() {
        @Override
        public byte[] encode(StagingKey key) {
            byte[] out = new byte[Hash.LENGTH + 8];
            System.arraycopy(key.blockHash.unsafeBytes(), 0, out, 0, Hash.LENGTH);
            Bytes.putBe64(out, Hash.LENGTH, key.leaf);
            return out;
        }

        @Override
        public StagingKey decode(byte[] bytes) {
            byte[] hash = java.util.Arrays.copyOf(bytes, Hash.LENGTH);
            return new StagingKey(Hash.wrap(hash), Bytes.readBe64(bytes, Hash.LENGTH));
        }
    };
}
