package io.hms.engine.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creating and opening a store directory: the initial genesis commit, loading the heads, the
 * archive-to-pruned switch, discarding stale staging and resuming an unfinished prune sweep.
 */
final class StoreLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(StoreLifecycle.class);

    private StoreLifecycle() {}

    interface Factory<T> {
        T create(StoreColumns cols, ChainSpec spec, StoreOptions options, ChainState state) throws StoreException;
    }

    /** A RocksDB database exists in {@code dir} (it may still lack a complete store). */
    static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve("CURRENT"));
    }

    static <T> T create(Path dir, ChainSpec spec, StoreOptions options, Factory<T> factory) throws StoreException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreException(StoreException.Kind.IO, "cannot create " + dir + ": " + e.getMessage(), e);
        }
        StoreColumns cols = StoreColumns.open(dir, options);
        try {
            if (cols.spec.get(RocksDbBlockchain.SPEC_KEY).isPresent()) {
                throw new StoreException(StoreException.Kind.ALREADY_EXISTS, "a chain store already exists in " + dir);
            }
            StoredBlock genesis = new StoredBlock(spec.genesis(), 0, true);
            StoreHeads heads = new StoreHeads(spec.genesisHash(), spec.genesisHash(), 0, 0, 0, options.pruned());
            try (WriteBatch batch = new WriteBatch();
                    WriteOptions sync = new WriteOptions().setSync(true)) {
                cols.blocks.put(batch, spec.genesisHash(), genesis);
                cols.mainChain.put(batch, spec.genesis().blockNumber(), spec.genesisHash());
                cols.validators.put(batch, 1L, spec.genesisValidators());
                cols.epochs.put(batch, 0L, 0L);
                cols.heads.put(batch, RocksDbBlockchain.HEADS_KEY, heads);
                AddressIndexRebuild.mark(cols, batch);
                // the spec goes last in key order but in the same batch: a store without it was never created
                cols.spec.put(batch, RocksDbBlockchain.SPEC_KEY, spec);
                cols.db.write(sync, batch);
            } catch (RocksDBException e) {
                throw RocksFailures.map(e, "writing genesis to " + dir);
            }
            LOG.info(
                    "created chain store in {} (genesis {}, {})",
                    dir,
                    spec.genesisHash().shortHex(),
                    options.pruned() ? "pruned" : "archive");
            return factory.create(cols, spec, options, new ChainState(genesis, genesis, heads));
        } catch (StoreException | RuntimeException e) {
            cols.close();
            throw e;
        }
    }

    static <T> T open(Path dir, StoreOptions options, Factory<T> factory) throws StoreException {
        if (!exists(dir)) {
            throw new StoreException(StoreException.Kind.NOT_FOUND, "no chain store in " + dir);
        }
        StoreColumns cols = StoreColumns.open(dir, options);
        try {
            ChainSpec spec = spec(cols, dir);
            StoreHeads heads = heads(cols, dir);
            try (WriteOptions sync = new WriteOptions().setSync(true)) {
                heads = switchMode(cols, spec, heads, options, dir, sync);
                discardStaging(cols);
                heads = PruneSweeper.sweep(cols, heads, sync);
            }
            AddressIndexRebuild.ensure(cols, heads, java.time.Clock.systemUTC());
            ChainState state = new ChainState(block(cols, heads.electionHead()), block(cols, heads.macroHead()), heads);
            LOG.info(
                    "opened chain store in {} at block {} ({} {})",
                    dir,
                    state.macroHead().block().blockNumber(),
                    heads.totalTransactions(),
                    heads.totalTransactions() == 1 ? "transaction" : "transactions");
            return factory.create(cols, spec, options, state);
        } catch (StoreException | RuntimeException e) {
            cols.close();
            throw e;
        }
    }

    /**
     * Opens the store in {@code dir} read-only, as a RocksDB secondary instance with its own files in
     * {@code secondaryDir}: no lock, no mode switch, no staging cleanup, no sweep; it reads the
     * store as its heads record names it (the pruning mode included, whatever {@code options} say).
     */
    static <T> T openSecondary(Path dir, Path secondaryDir, StoreOptions options, Factory<T> factory)
            throws StoreException {
        if (!exists(dir)) {
            throw new StoreException(StoreException.Kind.NOT_FOUND, "no chain store in " + dir);
        }
        StoreColumns cols = StoreColumns.openSecondary(dir, secondaryDir, options);
        try {
            ChainSpec spec = spec(cols, dir);
            ChainState state = state(cols, dir);
            LOG.debug(
                    "reading chain store in {} at block {}",
                    dir,
                    state.macroHead().block().blockNumber());
            return factory.create(cols, spec, options.withPruned(state.heads().pruned()), state);
        } catch (StoreException | RuntimeException e) {
            cols.close();
            throw e;
        }
    }

    /** The committed state the heads record names: heads and both head blocks, read from {@code cols}. */
    static ChainState state(StoreColumns cols, Path dir) throws StoreException {
        StoreHeads heads = heads(cols, dir);
        return new ChainState(block(cols, heads.electionHead()), block(cols, heads.macroHead()), heads);
    }

    private static ChainSpec spec(StoreColumns cols, Path dir) throws StoreException {
        return cols.spec
                .get(RocksDbBlockchain.SPEC_KEY)
                .orElseThrow(() -> new StoreException(
                        StoreException.Kind.NOT_FOUND, "no chain store in " + dir + " (its creation never completed)"));
    }

    private static StoreHeads heads(StoreColumns cols, Path dir) throws StoreException {
        return cols.heads
                .get(RocksDbBlockchain.HEADS_KEY)
                .orElseThrow(() -> new StoreException(
                        StoreException.Kind.CORRUPTED, "the store in " + dir + " has a spec but no heads"));
    }

    private static StoredBlock block(StoreColumns cols, io.hms.protocol.model.Hash hash) throws StoreException {
        return cols.blocks
                .get(hash)
                .orElseThrow(
                        () -> new StoreException(StoreException.Kind.CORRUPTED, "head block " + hash + " is missing"));
    }

    /** An archive store opened pruned hides every epoch below its latest election epoch. */
    private static StoreHeads switchMode(
            StoreColumns cols, ChainSpec spec, StoreHeads heads, StoreOptions options, Path dir, WriteOptions sync)
            throws StoreException {
        if (heads.pruned() == options.pruned()) {
            return heads;
        }
        if (heads.pruned()) {
            throw new StoreException(
                    StoreException.Kind.INCOMPATIBLE,
                    "the store in " + dir + " is pruned and lacks old history; it cannot be opened as an archive");
        }
        long electionEpoch =
                spec.policy().epochAt(block(cols, heads.electionHead()).block().blockNumber());
        long total = heads.totalTransactions();
        for (long e = heads.firstHistoryEpoch(); e < electionEpoch; e++) {
            total -= cols.epochs.get(e).orElse(0L);
        }
        StoreHeads pruned = new StoreHeads(
                heads.electionHead(),
                heads.macroHead(),
                total,
                Math.max(heads.firstHistoryEpoch(), electionEpoch),
                heads.sweptBelowEpoch(),
                true);
        try (WriteBatch batch = new WriteBatch()) {
            cols.heads.put(batch, RocksDbBlockchain.HEADS_KEY, pruned);
            cols.db.write(sync, batch);
        } catch (RocksDBException e) {
            throw RocksFailures.map(e, "switching " + dir + " to pruned");
        }
        LOG.info("store in {} is now pruned: history kept from epoch {}", dir, pruned.firstHistoryEpoch());
        return pruned;
    }

    /** Staged items belong to a sync that ended with the process; a restarted sync downloads again. */
    private static void discardStaging(StoreColumns cols) throws StoreException {
        byte[] from = new byte[0];
        byte[] to = new byte[StagingKey.endOf(io.hms.protocol.model.Hash.ZERO).length];
        java.util.Arrays.fill(to, (byte) 0xFF);
        try (WriteBatch batch = new WriteBatch();
                WriteOptions plain = new WriteOptions()) {
            cols.staging.deleteRange(batch, from, to);
            cols.db.write(plain, batch);
        } catch (RocksDBException e) {
            throw RocksFailures.map(e, "discarding staged history");
        }
    }
}
