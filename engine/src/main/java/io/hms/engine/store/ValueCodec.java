package io.hms.engine.store;

import io.hms.protocol.codec.Codec;
import io.hms.protocol.codec.DecodeException;

/**
 * Encodes a column family's values. Values reuse the canonical protocol codecs, so a stored block
 * is byte-identical to the block on the wire; a value that fails to decode means the store is
 * corrupted.
 */
interface ValueCodec<V> {

    byte[] encode(V value);

    V decode(byte[] bytes) throws DecodeException;

    static <V> ValueCodec<V> of(Codec<V> codec) {
        return new ValueCodec<>() {
            @Override
            public byte[] encode(V value) {
                return codec.encode(value);
            }

            @Override
            public V decode(byte[] bytes) throws DecodeException {
                return codec.decode(bytes);
            }
        };
    }

    /** Raw bytes, for values that are already encoded (leaves, staged items). */
    ValueCodec<byte[]> RAW = new ValueCodec<>() {
        @Override
        public byte[] encode(byte[] value) {
            return value;
        }

        @Override
        public byte[] decode(byte[] bytes) {
            return bytes;
        }
    };
}
