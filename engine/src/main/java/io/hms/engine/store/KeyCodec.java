package io.hms.engine.store;

import io.hms.protocol.model.Hash;

/**
 * Encodes a column family's keys. Numbers are fixed-width big-endian so that RocksDB's bytewise
 * order is numeric order: range scans and range deletes over (epoch, index) keys depend on it.
 */
interface KeyCodec<K> {

    byte[] encode(K key);

    K decode(byte[] bytes);

    KeyCodec<Long> U64 = new KeyCodec<>() {
        @Override
        public byte[] encode(Long key) {
            return Bytes.be64(key);
        }

        @Override
        public Long decode(byte[] bytes) {
            return Bytes.readBe64(bytes, 0);
        }
    };

    KeyCodec<Hash> HASH = new KeyCodec<>() {
        @Override
        public byte[] encode(Hash key) {
            return key.unsafeBytes();
        }

        @Override
        public Hash decode(byte[] bytes) {
            return Hash.of(bytes);
        }
    };

    KeyCodec<String> ASCII = new KeyCodec<>() {
        @Override
        public byte[] encode(String key) {
            return key.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }

        @Override
        public String decode(byte[] bytes) {
            return new String(bytes, java.nio.charset.StandardCharsets.US_ASCII);
        }
    };
}
