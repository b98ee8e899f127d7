package io.hms.engine.store;

import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.model.MacroHeader;
import io.hms.protocol.model.PublicKey;
import io.hms.protocol.model.ValidatorSet;
import io.hms.protocol.proof.RangeProof;
import io.hms.protocol.proof.SizeProof;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * A store opened for queries: a {@link ChainView} and nothing more, so a query cannot write by
 * construction. Either a store this process opened itself ({@link #of}) or, while another process
 * holds the store, a RocksDB secondary instance ({@link #openSecondary}) with its own files in a
 * private temporary directory (deleted on close); RocksDB refuses any write to that instance and
 * the store maps the refusal to {@link StoreException.Kind#READ_ONLY}.
 */
public final class ReadOnlyChain implements ChainView, AutoCloseable {
    private final RocksDbBlockchain chain;
    private final Optional<Path> scratch;

    private ReadOnlyChain(RocksDbBlockchain chain, Optional<Path> scratch) {
        this.chain = chain;
        this.scratch = scratch;
    }

    /** Queries over a store this process opened; closing the view closes it. */
    public static ReadOnlyChain of(RocksDbBlockchain chain) {
        return new ReadOnlyChain(chain, Optional.empty());
    }

    /**
     * Opens {@code storeDir} as a secondary instance, caught up with whatever process writes it.
     *
     * @throws StoreException NOT_FOUND if there is no store, IO if the scratch directory cannot be made
     */
    public static ReadOnlyChain openSecondary(Path storeDir, StoreOptions options) throws StoreException {
        Path scratch;
        try {
            scratch = Files.createTempDirectory("hms-reader-");
        } catch (IOException e) {
            throw new StoreException(StoreException.Kind.IO, "cannot make a reader's scratch directory", e);
        }
        try {
            RocksDbBlockchain chain = RocksDbBlockchain.openSecondary(storeDir, scratch, options);
            ReadOnlyChain view = new ReadOnlyChain(chain, Optional.of(scratch));
            view.catchUp();
            return view;
        } catch (StoreException | RuntimeException e) {
            delete(scratch);
            throw e;
        }
    }

    /** Whether this reads another process's store (a secondary instance). */
    public boolean secondary() {
        return scratch.isPresent();
    }

    /** A secondary instance moves to what the writer has committed by now; a store of our own is current. */
    public void catchUp() throws StoreException {
        if (secondary()) {
            chain.catchUpWithPrimary();
        }
    }

    /** The store behind the view, for tests in this package that try to write through it. */
    RocksDbBlockchain store() {
        return chain;
    }

    @Override
    public void close() {
        chain.close();
        scratch.ifPresent(ReadOnlyChain::delete);
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(ReadOnlyChain.class)
                    .debug("reader scratch {} not deleted: {}", dir, e.toString());
        }
    }

    // ---------------------------------------------------------------- ChainView, delegated

    @Override
    public ChainSpec spec() {
        return chain.spec();
    }

    @Override
    public MacroBlock electionHead() {
        return chain.electionHead();
    }

    @Override
    public MacroBlock macroHead() {
        return chain.macroHead();
    }

    @Override
    public long headBlockNumber() {
        return chain.headBlockNumber();
    }

    @Override
    public Optional<MacroBlock> blockByHash(Hash hash) {
        return chain.blockByHash(hash);
    }

    @Override
    public Optional<MacroBlock> mainChainBlockAt(long blockNumber) {
        return chain.mainChainBlockAt(blockNumber);
    }

    @Override
    public Optional<MacroHeader> mainChainHeaderAt(long blockNumber) {
        return chain.mainChainHeaderAt(blockNumber);
    }

    @Override
    public boolean isOnMainChain(Hash hash) {
        return chain.isOnMainChain(hash);
    }

    @Override
    public boolean isBatchSetBoundary(Hash hash) {
        return chain.isBatchSetBoundary(hash);
    }

    @Override
    public ValidatorSet validatorsForEpoch(long epoch) {
        return chain.validatorsForEpoch(epoch);
    }

    @Override
    public long historyLength(long epoch) {
        return chain.historyLength(epoch);
    }

    @Override
    public OptionalLong historyLengthAt(long blockNumber) {
        return chain.historyLengthAt(blockNumber);
    }

    @Override
    public OptionalLong historyLengthOfBlock(long blockNumber) {
        return chain.historyLengthOfBlock(blockNumber);
    }

    @Override
    public List<HistoricTransaction> history(long epoch, long fromLeaf, int maxCount) {
        return chain.history(epoch, fromLeaf, maxCount);
    }

    @Override
    public Hash historyRoot(long epoch, long numLeaves) throws StoreException {
        return chain.historyRoot(epoch, numLeaves);
    }

    @Override
    public RangeProof proveRange(long epoch, long firstLeaf, long count, long numLeaves) throws StoreException {
        return chain.proveRange(epoch, firstLeaf, count, numLeaves);
    }

    @Override
    public SizeProof proveSize(long epoch, long numLeaves) throws StoreException {
        return chain.proveSize(epoch, numLeaves);
    }

    @Override
    public List<IndexedTransaction> transactionsByAddress(PublicKey address, Optional<TxLocation> olderThan, int max) {
        return chain.transactionsByAddress(address, olderThan, max);
    }

    @Override
    public Optional<TxLocation> findTransaction(Hash txHash) {
        return chain.findTransaction(txHash);
    }

    @Override
    public long totalTransactions() {
        return chain.totalTransactions();
    }

    @Override
    public boolean pruned() {
        return chain.pruned();
    }

    @Override
    public long firstHistoryEpoch() {
        return chain.firstHistoryEpoch();
    }

    @Override
    public long services() {
        return chain.services();
    }
}
