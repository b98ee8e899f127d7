package io.hms.engine.ban;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a node keeps its {@link BanBook} across restarts: the {@code peer_bans} column of its chain
 * store ({@code RocksDbBlockchain.peerBans()}), or memory for a node without a store of its own.
 * Implementations are thread-safe; a failure to read or write is unchecked (the store's
 * {@code UncheckedStoreException}): the caller logs it and keeps the ban in memory.
 */
public interface BanStore {

    /** Every record saved, in no particular order. */
    List<BanRecord> load();

    /** Saves what one change of the book wrote and forgot, atomically. */
    void save(BanBook.Change change);

    /** A store that lives as long as the object: bans last until the process ends. */
    static BanStore inMemory() {
        return new BanStore() {
            private final Map<BanKey, BanRecord> saved = new LinkedHashMap<>();

            @Override
            public synchronized List<BanRecord> load() {
                return new ArrayList<>(saved.values());
            }

            @Override
            public synchronized void save(BanBook.Change change) {
                change.forgotten().forEach(saved::remove);
                change.written().forEach(r -> saved.put(r.key(), r));
            }
        };
    }
}
