package io.hms.engine.store;

import io.hms.engine.ban.BanStore;
import io.hms.engine.store.BatchSetBoundary.Adoption;
import io.hms.protocol.message.Services;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.model.MacroHeader;
import io.hms.protocol.model.PublicKey;
import io.hms.protocol.model.ValidatorSet;
import io.hms.protocol.proof.RangeProof;
import io.hms.protocol.proof.SizeProof;
import io.hms.verifier.mmr.LeafHashes;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The RocksDB {@link Blockchain}: one instance per data directory (RocksDB's {@code LOCK} file
 * enforces it across processes and within one). Pushes and staging are serialized by a writer
 * monitor; readers take only the read side of a lifecycle lock, which exists so that {@link
 * #close()} never frees native handles under a running read (that would crash the JVM, not throw).
 *
 * <p>See {@link StoreColumns} for the layout, {@link HistoryPush} for the push, {@link
 * PruneSweeper} for pruning and docs/STORE.md for the design.
 */
public final class RocksDbBlockchain implements Blockchain {
    static final String SPEC_KEY = "spec";
    static final String HEADS_KEY = "heads";

    private final StoreColumns cols;
    private final ChainSpec spec;
    private final WriteOptions commitWrites;
    private final WriteOptions stagingWrites;
    private final HistoryPush pusher;
    private final HistoryReader reader;
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final Object writer = new Object();
    /** Folds the pushes' address log records into the address index; none in a secondary instance. */
    private final Optional<AddressLogFolder> folder;

    private volatile ChainState state;
    private boolean closed;

    private RocksDbBlockchain(StoreColumns cols, ChainSpec spec, StoreOptions options, ChainState state)
            throws StoreException {
        this(cols, spec, options, state, true);
    }

    private RocksDbBlockchain(
            StoreColumns cols, ChainSpec spec, StoreOptions options, ChainState state, boolean writable)
            throws StoreException {
        this.cols = cols;
        this.spec = spec;
        this.state = state;
        this.commitWrites = new WriteOptions().setSync(options.syncWrites());
        this.stagingWrites = new WriteOptions().setSync(false);
        this.pusher = new HistoryPush(cols, spec, commitWrites, options);
        this.reader = new HistoryReader(cols, spec.policy());
        this.folder = writable ? Optional.of(new AddressLogFolder(cols, new FolderAccess())) : Optional.empty();
        folder.ifPresent(AddressLogFolder::start);
    }

    /** What the folder reads of this store. */
    private final class FolderAccess implements AddressLogFolder.Store {
        @Override
        public Lock open() throws StoreException {
            return openLock();
        }

        @Override
        public long firstHistoryEpoch() {
            return state.heads().firstHistoryEpoch();
        }
    }

    /** Creates a store for {@code spec} in {@code dir} (created if missing); ALREADY_EXISTS if one is there. */
    public static RocksDbBlockchain create(Path dir, ChainSpec spec, StoreOptions options) throws StoreException {
        return StoreLifecycle.create(dir, spec, options, RocksDbBlockchain::new);
    }

    /** Opens the store in {@code dir}; NOT_FOUND if there is none, LOCKED if it is in use. */
    public static RocksDbBlockchain open(Path dir, StoreOptions options) throws StoreException {
        return StoreLifecycle.open(dir, options, RocksDbBlockchain::new);
    }

    /** Opens the store in {@code dir}, or creates it for {@code spec}; a store of another chain is INCOMPATIBLE. */
    public static RocksDbBlockchain openOrCreate(Path dir, ChainSpec spec, StoreOptions options) throws StoreException {
        if (!StoreLifecycle.exists(dir)) {
            return create(dir, spec, options);
        }
        RocksDbBlockchain chain;
        try {
            chain = open(dir, options);
        } catch (StoreException e) {
            if (e.kind() != StoreException.Kind.NOT_FOUND) {
                throw e;
            }
            // a database without the spec: its creation was interrupted before genesis committed (the
            // spec is written in the same batch), so it holds nothing and is created now
            org.slf4j.LoggerFactory.getLogger(RocksDbBlockchain.class)
                    .info("completing the chain store in {}: its creation was interrupted", dir);
            return create(dir, spec, options);
        }
        if (!Arrays.equals(ChainSpec.CODEC.encode(chain.spec), ChainSpec.CODEC.encode(spec))) {
            chain.close();
            throw new StoreException(
                    StoreException.Kind.INCOMPATIBLE, "the store in " + dir + " belongs to another chain");
        }
        return chain;
    }

    /**
     * Opens the store in {@code dir} for reading only, as a RocksDB secondary instance whose own
     * files go to {@code secondaryDir}: it opens while another process holds the store, sees what that
     * process committed when it opened and at each {@link #catchUpWithPrimary()}, and every write
     * fails ({@link StoreException.Kind#READ_ONLY}, a push {@link PushError#STORE_FAILURE}).
     * docs/STORE.md explains why a reader sees whole batch sets only.
     */
    public static RocksDbBlockchain openSecondary(Path dir, Path secondaryDir, StoreOptions options)
            throws StoreException {
        return StoreLifecycle.openSecondary(
                dir,
                secondaryDir,
                options,
                (cols, spec, o, state) -> new RocksDbBlockchain(cols, spec, o, state, false));
    }

    /**
     * A secondary instance ({@link #openSecondary}): replays what the primary committed since, then
     * reloads the heads. Reads wait while it runs, so none sees a half-replayed state.
     */
    public void catchUpWithPrimary() throws StoreException {
        ReentrantReadWriteLock.WriteLock lock = lifecycle.writeLock();
        lock.lock();
        try {
            if (closed) {
                throw new StoreException(StoreException.Kind.CLOSED, "the chain store is closed");
            }
            cols.db.tryCatchUpWithPrimary();
            state = StoreLifecycle.state(cols, Path.of(cols.db.getName()));
        } catch (RocksDBException e) {
            throw RocksFailures.map(e, "catching up with the store's writer");
        } finally {
            lock.unlock();
        }
    }

    /**
     * Benchmarks only (package-private, reached through test sources): later pushes write no address
     * index entries, to measure what the index costs; a store written so answers address queries wrongly.
     */
    void skipAddressIndexForBenchmarks() {
        synchronized (writer) {
            pusher.skipAddressIndex();
        }
    }

    /** Tests: the folder of this (writable) store. */
    AddressLogFolder folder() {
        return folder.orElseThrow();
    }

    // ---------------------------------------------------------------- writes

    @Override
    public PushResult pushHistorySync(MacroBlock block, List<HistoricTransaction> history) {
        return push(new HistoryPush.Request(
                block,
                Finality.Justified.INSTANCE,
                Adoption.FOLLOWED,
                known -> new ListLeafSource(known, history, Optional.empty()),
                false));
    }

    @Override
    public PushResult pushHistorySync(
            MacroBlock block, long firstLeafIndex, List<HistoricTransaction> history, Finality finality) {
        return pushHistorySync(block, firstLeafIndex, history, Optional.empty(), finality);
    }

    @Override
    public PushResult pushHistorySync(
            MacroBlock block,
            long firstLeafIndex,
            List<HistoricTransaction> history,
            LeafHashes hashes,
            Finality finality) {
        return pushHistorySync(block, firstLeafIndex, history, Optional.of(hashes), finality);
    }

    private PushResult pushHistorySync(
            MacroBlock block,
            long firstLeafIndex,
            List<HistoricTransaction> history,
            Optional<LeafHashes> hashes,
            Finality finality) {
        return push(new HistoryPush.Request(
                block,
                finality,
                Adoption.HISTORY_SYNC,
                known -> new ListLeafSource(firstLeafIndex, history, hashes),
                false));
    }

    @Override
    public PushResult pushStaged(MacroBlock block, Finality finality) {
        Hash hash = block.hash();
        return push(new HistoryPush.Request(
                block,
                finality,
                Adoption.HISTORY_SYNC,
                known -> new StagedLeafSource(cols.staging, hash, known),
                true));
    }

    private PushResult push(HistoryPush.Request request) {
        synchronized (writer) {
            Lock read;
            try {
                read = openLock();
            } catch (StoreException e) {
                return new PushResult.Rejected(PushError.STORE_FAILURE, e.getMessage());
            }
            try {
                HistoryPush.Outcome outcome = pusher.push(state, request);
                state = outcome.state();
                if (outcome.result() instanceof PushResult.Extended) {
                    // before the sweep, whose recount then includes this push's record exactly once
                    folder.ifPresent(f -> f.afterPush(outcome.logged()));
                }
                if (outcome.result() instanceof PushResult.Extended
                        && state.heads().firstHistoryEpoch() > state.heads().sweptBelowEpoch()) {
                    sweep();
                }
                return outcome.result();
            } finally {
                read.unlock();
            }
        }
    }

    /** A failed sweep leaves hidden data behind, which the next open sweeps again: the push stays done. */
    private void sweep() {
        // no fold runs meanwhile: none can write entries of an epoch the sweep deleted
        ReentrantLock foldLock = folder.orElseThrow().lock();
        foldLock.lock();
        try {
            StoreHeads heads = PruneSweeper.sweep(cols, state.heads(), commitWrites);
            state = new ChainState(state.electionHead(), state.macroHead(), heads);
            folder.orElseThrow().recount();
        } catch (StoreException e) {
            org.slf4j.LoggerFactory.getLogger(RocksDbBlockchain.class).warn("prune sweep failed: {}", e.getMessage());
        } finally {
            foldLock.unlock();
        }
    }

    @Override
    public void stageChunk(Hash blockHash, long firstLeafIndex, List<HistoricTransaction> items) throws StoreException {
        stageChunk(blockHash, firstLeafIndex, items, LeafHashes.of(items));
    }

    @Override
    public void stageChunk(Hash blockHash, long firstLeafIndex, List<HistoricTransaction> items, LeafHashes hashes)
            throws StoreException {
        if (hashes.size() != items.size()) {
            throw new IllegalArgumentException(hashes.size() + " leaf hashes for " + items.size() + " history items");
        }
        if (firstLeafIndex < 0) {
            throw new StoreException(StoreException.Kind.OUT_OF_RANGE, "negative leaf index " + firstLeafIndex);
        }
        synchronized (writer) {
            Lock read = openLock();
            try (WriteBatch batch = new WriteBatch()) {
                for (int i = 0; i < items.size(); i++) {
                    cols.staging.put(
                            batch,
                            new StagingKey(blockHash, firstLeafIndex + i),
                            StagedLeafSource.stagedValue(hashes, i, HistoricTransaction.CODEC.encode(items.get(i))));
                }
                cols.db.write(stagingWrites, batch);
            } catch (RocksDBException e) {
                throw RocksFailures.map(e, "staging history for " + blockHash.shortHex());
            } finally {
                read.unlock();
            }
        }
    }

    @Override
    public void discardStaged(Hash blockHash) throws StoreException {
        synchronized (writer) {
            Lock read = openLock();
            try (WriteBatch batch = new WriteBatch()) {
                cols.staging.deleteRange(
                        batch, StagingKey.CODEC.encode(new StagingKey(blockHash, 0)), StagingKey.endOf(blockHash));
                cols.db.write(stagingWrites, batch);
            } catch (RocksDBException e) {
                throw RocksFailures.map(e, "discarding staged history for " + blockHash.shortHex());
            } finally {
                read.unlock();
            }
        }
    }

    @Override
    public BanStore peerBans() {
        return new RocksBanStore(cols, this::openLock);
    }

    /** Stops the folder first (unfolded records stay in the log and fold after the next open). */
    @Override
    public void close() {
        folder.ifPresent(AddressLogFolder::close);
        ReentrantReadWriteLock.WriteLock lock = lifecycle.writeLock();
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            cols.close();
            commitWrites.close();
            stagingWrites.close();
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- reads

    /** The read side of the lifecycle lock, held while native handles are used; CLOSED once closed. */
    private Lock openLock() throws StoreException {
        Lock lock = lifecycle.readLock();
        lock.lock();
        if (closed) {
            lock.unlock();
            throw new StoreException(StoreException.Kind.CLOSED, "the chain store is closed");
        }
        return lock;
    }

    private interface Read<T> {
        T get(ChainState state) throws StoreException;
    }

    /** A getter's read: a closed store is a caller bug (IllegalStateException), a disk failure unchecked. */
    private <T> T read(Read<T> read) {
        try {
            return readChecked(read);
        } catch (StoreException e) {
            if (e.kind() == StoreException.Kind.CLOSED) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            throw new UncheckedStoreException(e);
        }
    }

    private <T> T readChecked(Read<T> read) throws StoreException {
        Lock lock = openLock();
        try {
            return read.get(state);
        } catch (UncheckedStoreException e) {
            throw e.unwrap();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public ChainSpec spec() {
        return spec;
    }

    @Override
    public MacroBlock electionHead() {
        return state.electionHead().block();
    }

    @Override
    public MacroBlock macroHead() {
        return state.macroHead().block();
    }

    @Override
    public long headBlockNumber() {
        return state.macroHead().block().blockNumber();
    }

    @Override
    public Optional<MacroBlock> blockByHash(Hash hash) {
        return read(s -> cols.blocks.get(hash).map(StoredBlock::block));
    }

    @Override
    public Optional<MacroBlock> mainChainBlockAt(long blockNumber) {
        return read(s -> {
            if (blockNumber < 0 || blockNumber > s.macroHead().block().blockNumber()) {
                return Optional.empty();
            }
            Optional<Hash> hash = cols.mainChain.get(blockNumber);
            return hash.isEmpty()
                    ? Optional.empty()
                    : cols.blocks.get(hash.get()).map(StoredBlock::block);
        });
    }

    @Override
    public Optional<MacroHeader> mainChainHeaderAt(long blockNumber) {
        return read(s -> {
            if (blockNumber < 0 || blockNumber > s.macroHead().block().blockNumber()) {
                return Optional.empty();
            }
            Optional<Hash> hash = cols.mainChain.get(blockNumber);
            if (hash.isPresent()) {
                return cols.blocks.get(hash.get()).map(b -> b.block().header());
            }
            return cols.linkHeaders.get(blockNumber);
        });
    }

    @Override
    public boolean isOnMainChain(Hash hash) {
        return read(s -> {
            Optional<StoredBlock> stored = cols.blocks.get(hash);
            return stored.isPresent()
                    && cols.mainChain
                            .get(stored.get().block().blockNumber())
                            .map(hash::equals)
                            .orElse(false);
        });
    }

    @Override
    public boolean isBatchSetBoundary(Hash hash) {
        return read(s -> cols.blocks.get(hash).map(StoredBlock::boundary).orElse(false));
    }

    @Override
    public ValidatorSet validatorsForEpoch(long epoch) {
        return read(s -> cols.validators.get(epoch))
                .orElseThrow(() -> new NoSuchElementException("no validator set stored for epoch " + epoch));
    }

    @Override
    public long historyLength(long epoch) {
        return read(s -> reader.historyLength(s, epoch));
    }

    @Override
    public OptionalLong historyLengthAt(long blockNumber) {
        return read(s -> reader.historyLengthAt(s, blockNumber));
    }

    @Override
    public OptionalLong historyLengthOfBlock(long blockNumber) {
        return read(s -> reader.historyLengthOfBlock(s, blockNumber));
    }

    @Override
    public List<HistoricTransaction> history(long epoch, long fromLeaf, int maxCount) {
        return read(s -> reader.history(s, epoch, fromLeaf, maxCount));
    }

    @Override
    public Hash historyRoot(long epoch, long numLeaves) throws StoreException {
        return readChecked(s -> reader.historyRoot(s, epoch, numLeaves));
    }

    @Override
    public RangeProof proveRange(long epoch, long firstLeaf, long count, long numLeaves) throws StoreException {
        return readChecked(s -> reader.proveRange(s, epoch, firstLeaf, count, numLeaves));
    }

    @Override
    public SizeProof proveSize(long epoch, long numLeaves) throws StoreException {
        return readChecked(s -> reader.proveSize(s, epoch, numLeaves));
    }

    @Override
    public Optional<TxLocation> findTransaction(Hash txHash) {
        return read(s -> reader.findTransaction(s, txHash));
    }

    @Override
    public List<IndexedTransaction> transactionsByAddress(PublicKey address, Optional<TxLocation> olderThan, int max) {
        AddressLog.Hints log = folder.map(AddressLogFolder::hints).orElse(AddressLog.Hints.NONE);
        return read(s -> AddressIndex.page(cols, s, address, olderThan, max, log));
    }

    @Override
    public long totalTransactions() {
        return state.heads().totalTransactions();
    }

    @Override
    public boolean pruned() {
        return state.heads().pruned();
    }

    @Override
    public long firstHistoryEpoch() {
        return state.heads().firstHistoryEpoch();
    }

    @Override
    public long services() {
        return pruned() ? 0 : Services.HISTORY | Services.FULL_BLOCKS;
    }
}
