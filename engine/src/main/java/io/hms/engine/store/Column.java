package io.hms.engine.store;

import io.hms.protocol.codec.DecodeException;
import java.util.Optional;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * Typed facade over one column family: keys and values go through their codecs here and nowhere
 * else, and every RocksDB failure leaves as a {@link StoreException} naming the column. Writes only
 * go into a caller's {@link WriteBatch}, so nothing reaches the database outside a commit.
 */
final class Column<K, V> {
    private final String name;
    private final RocksDB db;
    private final ColumnFamilyHandle handle;
    private final KeyCodec<K> keys;
    private final ValueCodec<V> values;

    Column(String name, RocksDB db, ColumnFamilyHandle handle, KeyCodec<K> keys, ValueCodec<V> values) {
        this.name = name;
        this.db = db;
        this.handle = handle;
        this.keys = keys;
        this.values = values;
    }

    String name() {
        return name;
    }

    ColumnFamilyHandle handle() {
        return handle;
    }

    KeyCodec<K> keys() {
        return keys;
    }

    Optional<V> get(K key) throws StoreException {
        byte[] raw;
        try {
            raw = db.get(handle, keys.encode(key));
        } catch (RocksDBException e) {
            throw RocksFailures.map(e, "reading " + name + " " + key);
        }
        return raw == null ? Optional.empty() : Optional.of(decode(raw, key));
    }

    V decode(byte[] raw, Object key) throws StoreException {
        try {
            return values.decode(raw);
        } catch (DecodeException | RuntimeException e) {
            throw RocksFailures.corrupted(name + " " + key + " does not decode", e);
        }
    }

    void put(WriteBatch batch, K key, V value) throws StoreException {
        putRaw(batch, keys.encode(key), values.encode(value));
    }

    void putRaw(WriteBatch batch, byte[] key, byte[] value) throws StoreException {
        try {
            batch.put(handle, key, value);
        } catch (RocksDBException e) {
            throw RocksFailures.map(e, "batching a write to " + name);
        }
    }

    void delete(WriteBatch batch, K key) throws StoreException {
        try {
            batch.delete(handle, keys.encode(key));
        } catch (RocksDBException e) {
            throw RocksFailures.map(e, "batching a delete in " + name);
        }
    }

    /** Deletes the keys in {@code [from, to)}. */
    void deleteRange(WriteBatch batch, byte[] from, byte[] to) throws StoreException {
        try {
            batch.deleteRange(handle, from, to);
        } catch (RocksDBException e) {
            throw RocksFailures.map(e, "batching a range delete in " + name);
        }
    }

    RocksIterator iterator(ReadOptions options) {
        return db.newIterator(handle, options);
    }
}
