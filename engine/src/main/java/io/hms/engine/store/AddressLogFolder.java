package io.hms.engine.store;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns {@link AddressLog} records into {@code address_index} entries, oldest first, on one daemon
 * thread ({@value #THREAD_NAME}) owned by the store and woken after each push. Each record is folded
 * in one batch that writes its entries and deletes it, so a crash leaves the record or its entries,
 * never both nor neither; the batch is not synced (the WAL is replayed in order, so losing it only
 * brings the record back). {@link #close()} stops and joins the thread; unfolded records stay and
 * are folded after the next open.
 *
 * <p><b>Backlog.</b> If more than {@link #MAX_UNFOLDED_RECORDS} records are unfolded after a push,
 * the push's own thread folds the oldest before it returns ({@link #afterPush}): a folder that
 * cannot keep up (a busy machine, one core) then costs the push what the index cost before the log
 * existed, and the log's size, which every address query reads, stays bounded.
 *
 * <p><b>Pruning.</b> Folds and the prune sweep take {@link #lock()}: the sweep deletes a pruned
 * epoch's records and entries while no fold runs, and a fold after it no longer sees the records;
 * a fold also drops, without entries, a record whose epoch is below the pruning horizon.
 */
final class AddressLogFolder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AddressLogFolder.class);

    static final String THREAD_NAME = "hms-index-fold";

    /**
     * Unfolded records above which the pushing thread folds one itself. A record is one push (up to a
     * batch set, tens of thousands of groups), and a query reads every unfolded record: 16 keeps a
     * query's extra reads bounded while leaving the folder slack for a burst of pushes.
     */
    static final int MAX_UNFOLDED_RECORDS = 16;

    /** What the folder needs from its store: the read side of the lifecycle lock, the pruning horizon. */
    interface Store {
        Lock open() throws StoreException;

        long firstHistoryEpoch();
    }

    private final StoreColumns cols;
    private final Column<EpochKey, byte[]> log;
    private final Store store;
    private final ReentrantLock lock = new ReentrantLock();
    private final WriteOptions writes = new WriteOptions();
    private final AtomicLong unfolded = new AtomicLong();
    /** The values of the records pushed since open and not yet folded: queries read them from here. */
    private final Map<EpochKey, byte[]> pending = new ConcurrentHashMap<>();

    private final Object progress = new Object();
    private final Thread thread;
    /** Every record keyed below this is folded: where folds and queries start reading the log. */
    private volatile byte[] from = new byte[0];

    private volatile boolean stopping;
    private volatile boolean paused;
    /**
     * Set by each wake-up, cleared by the folder before it looks at the log. The thread parks only
     * while this and {@link #stopping} are false: a park permit can be consumed elsewhere (the lock's
     * own parking), so the permit alone does not carry a wake-up.
     */
    private final java.util.concurrent.atomic.AtomicBoolean woken = new java.util.concurrent.atomic.AtomicBoolean();

    AddressLogFolder(StoreColumns cols, Store store) throws StoreException {
        this.cols = cols;
        this.log = cols.addressLog.orElseThrow();
        this.store = store;
        recount();
        this.thread = new Thread(this::run, THREAD_NAME);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Held by folds and by the prune sweep. */
    ReentrantLock lock() {
        return lock;
    }

    /** What queries may use instead of reading: where the unfolded records start, values held. */
    AddressLog.Hints hints() {
        return new AddressLog.Hints(from, pending);
    }

    long unfolded() {
        return unfolded.get();
    }

    /**
     * After a commit, on the pushing thread: counts the push's record, folds the oldest record here if
     * the backlog exceeds {@link #MAX_UNFOLDED_RECORDS}, and wakes the folder.
     */
    void afterPush(Optional<AddressLog.Written> logged) {
        if (logged.isPresent()) {
            pending.put(logged.get().key(), logged.get().value());
            unfolded.incrementAndGet();
        }
        if (!paused && unfolded.get() > MAX_UNFOLDED_RECORDS) {
            try {
                foldOldest();
            } catch (StoreException e) {
                LOG.warn("folding the address log on the pushing thread failed: {}", e.getMessage());
            }
        }
        wake();
    }

    private void wake() {
        woken.set(true);
        LockSupport.unpark(thread);
    }

    /** Counts the unfolded records again (after open, and after the sweep deleted some); under {@link #lock()}. */
    void recount() throws StoreException {
        long n = 0;
        byte[] first = null;
        try (ReadOptions read = new ReadOptions();
                RocksIterator it = log.iterator(read)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                first = first == null ? it.key() : first;
                n++;
            }
            it.status();
        } catch (RocksDBException e) {
            throw RocksFailures.map(e, "counting the address log");
        }
        if (first != null) {
            from = first;
        }
        long horizon = store.firstHistoryEpoch();
        pending.keySet().removeIf(k -> k.epoch() < horizon); // the sweep deleted them
        unfolded.set(n);
    }

    /**
     * Folds the oldest unfolded record, if any, on the calling thread; false if the log is empty.
     */
    boolean foldOldest() throws StoreException {
        lock.lock();
        try {
            if (stopping) {
                return false; // closed: the write options are gone
            }
            Lock open = store.open();
            try (ReadOptions read = new ReadOptions();
                    RocksIterator it = log.iterator(read);
                    WriteBatch batch = new WriteBatch()) {
                it.seek(from);
                if (!it.isValid()) {
                    it.status();
                    return false;
                }
                byte[] key = it.key();
                EpochKey at = EpochKey.CODEC.decode(key);
                byte[] held = pending.get(at);
                AddressLog record = AddressLog.parse(key, held != null ? held : it.value());
                if (record.epoch() >= store.firstHistoryEpoch()) {
                    record.fold(cols, batch);
                }
                batch.delete(log.handle(), key);
                cols.db.write(writes, batch);
                from = successor(key);
                pending.remove(at);
            } catch (RocksDBException e) {
                throw RocksFailures.map(e, "folding the address log");
            } finally {
                open.unlock();
            }
            unfolded.decrementAndGet();
        } finally {
            lock.unlock();
        }
        synchronized (progress) {
            progress.notifyAll();
        }
        return true;
    }

    /** Tests: stop folding (the thread and the push's backlog fold) until resumed. */
    void pause(boolean value) {
        paused = value;
        wake();
    }

    /** Tests: waits until the folder has folded every record. */
    void awaitFolded() throws InterruptedException {
        synchronized (progress) {
            while (unfolded.get() > 0) {
                progress.wait();
            }
        }
    }

    private void run() {
        while (!stopping) {
            woken.set(false);
            try {
                while (!stopping && !paused && foldOldest()) {
                    // fold until the log is empty
                }
            } catch (StoreException e) {
                if (e.kind() == StoreException.Kind.CLOSED) {
                    return;
                }
                LOG.warn("folding the address log failed, retrying after the next push: {}", e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("the address log folder failed, retrying after the next push", e);
            }
            while (!stopping && !woken.get()) {
                LockSupport.park(this);
            }
        }
    }

    /** The smallest key above {@code key} (keys are 16 bytes; a 17-byte key sorts right after). */
    private static byte[] successor(byte[] key) {
        return java.util.Arrays.copyOf(key, key.length + 1);
    }

    /** Stops the thread and waits for it: a fold in progress completes, none starts after. */
    @Override
    public void close() {
        stopping = true;
        lock.lock();
        lock.unlock();
        wake();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        writes.close();
    }
}
