package io.hms.engine.store;

import io.hms.engine.ban.BanBook;
import io.hms.engine.ban.BanKey;
import io.hms.engine.ban.BanRecord;
import io.hms.engine.ban.BanStore;
import io.hms.protocol.codec.DecodeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Lock;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The node's bans in the {@code peer_bans} column: key {@link BanKey#CODEC}, value the whole {@link
 * BanRecord}. Bans are rare, so each change is its own synced write. Every access holds the store's
 * open lock, so a ban arriving while the store closes fails with {@code CLOSED} instead of touching
 * freed handles.
 */
final class RocksBanStore implements BanStore {

    /** The read side of the store's lifecycle lock; {@code CLOSED} once the store is closed. */
    interface OpenLock {
        Lock acquire() throws StoreException;
    }

    static final KeyCodec<BanKey> KEYS = new KeyCodec<>() {
        @Override
        public byte[] encode(BanKey key) {
            return BanKey.CODEC.encode(key);
        }

        @Override
        public BanKey decode(byte[] bytes) {
            try {
                return BanKey.CODEC.decode(bytes);
            } catch (DecodeException e) {
                throw new IllegalStateException("a stored ban key does not decode: " + e.getMessage(), e);
            }
        }
    };

    private final StoreColumns cols;
    private final OpenLock lock;

    RocksBanStore(StoreColumns cols, OpenLock lock) {
        this.cols = cols;
        this.lock = lock;
    }

    @Override
    public List<BanRecord> load() {
        try {
            Lock held = lock.acquire();
            try (ReadOptions read = new ReadOptions();
                    RocksIterator it = cols.peerBans.iterator(read)) {
                List<BanRecord> out = new ArrayList<>();
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    out.add(cols.peerBans.decode(it.value(), "ban"));
                }
                it.status();
                return out;
            } catch (RocksDBException e) {
                throw RocksFailures.map(e, "reading peer_bans");
            } finally {
                held.unlock();
            }
        } catch (StoreException e) {
            throw new UncheckedStoreException(e);
        }
    }

    @Override
    public void save(BanBook.Change change) {
        if (change.isEmpty()) {
            return;
        }
        try {
            Lock held = lock.acquire();
            try (WriteBatch batch = new WriteBatch();
                    WriteOptions sync = new WriteOptions().setSync(true)) {
                for (BanKey key : change.forgotten()) {
                    cols.peerBans.delete(batch, key);
                }
                for (BanRecord r : change.written()) {
                    cols.peerBans.put(batch, r.key(), r);
                }
                cols.db.write(sync, batch);
            } catch (RocksDBException e) {
                throw RocksFailures.map(e, "writing peer_bans");
            } finally {
                held.unlock();
            }
        } catch (StoreException e) {
            throw new UncheckedStoreException(e);
        }
    }
}
