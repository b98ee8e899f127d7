package io.hms.engine.store;

/**
 * Key of a per-epoch array (history leaves, MMR nodes): {@code be64(epoch) ‖ be64(index)}, so one
 * epoch's entries are one contiguous key range in index order.
 */
record EpochKey(long epoch, long index) {

    /** The first key of the epoch; {@code first(e + 1)} is the exclusive end of epoch {@code e}. */
    static EpochKey first(long epoch) {
        return new EpochKey(epoch, 0);
    }

    static final KeyCodec<EpochKey> CODEC = new KeyCodec<>() {
        @Override
        public byte[] encode(EpochKey key) {
            byte[] out = new byte[16];
            Bytes.putBe64(out, 0, key.epoch);
            Bytes.putBe64(out, 8, key.index);
            return out;
        }

        @Override
        public EpochKey decode(byte[] bytes) {
            return new EpochKey(Bytes.readBe64(bytes, 0), Bytes.readBe64(bytes, 8));
        }
    };
}
