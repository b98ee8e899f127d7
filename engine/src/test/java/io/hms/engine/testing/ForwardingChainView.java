package io.hms.engine.testing;

import io.hms.engine.store.ChainSpec;
import io.hms.engine.store.ChainView;
import io.hms.engine.store.IndexedTransaction;
import io.hms.engine.store.StoreException;
import io.hms.engine.store.TxLocation;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.model.PublicKey;
import io.hms.protocol.model.ValidatorSet;
import io.hms.protocol.proof.RangeProof;
import io.hms.protocol.proof.SizeProof;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A {@link ChainView} that forwards to a real store; tests override single methods to put the
 * store into states it cannot reach by itself (a micro block on the main chain, a failing disk).
 */
public class ForwardingChainView implements ChainView {
    private final ChainView delegate;

    public ForwardingChainView(ChainView delegate) {
        this.delegate = delegate;
    }

    @Override
    public ChainSpec spec() {
        return delegate.spec();
    }

    @Override
    public MacroBlock electionHead() {
        return delegate.electionHead();
    }

    @Override
    public MacroBlock macroHead() {
        return delegate.macroHead();
    }

    @Override
    public long headBlockNumber() {
        return delegate.headBlockNumber();
    }

    @Override
    public Optional<MacroBlock> blockByHash(Hash hash) {
        return delegate.blockByHash(hash);
    }

    @Override
    public Optional<MacroBlock> mainChainBlockAt(long blockNumber) {
        return delegate.mainChainBlockAt(blockNumber);
    }

    @Override
    public boolean isOnMainChain(Hash hash) {
        return delegate.isOnMainChain(hash);
    }

    @Override
    public boolean isBatchSetBoundary(Hash hash) {
        return delegate.isBatchSetBoundary(hash);
    }

    @Override
    public ValidatorSet validatorsForEpoch(long epoch) {
        return delegate.validatorsForEpoch(epoch);
    }

    @Override
    public long historyLength(long epoch) {
        return delegate.historyLength(epoch);
    }

    @Override
    public OptionalLong historyLengthAt(long blockNumber) {
        return delegate.historyLengthAt(blockNumber);
    }

    @Override
    public List<HistoricTransaction> history(long epoch, long fromLeaf, int maxCount) {
        return delegate.history(epoch, fromLeaf, maxCount);
    }

    @Override
    public Hash historyRoot(long epoch, long numLeaves) throws StoreException {
        return delegate.historyRoot(epoch, numLeaves);
    }

    @Override
    public RangeProof proveRange(long epoch, long firstLeaf, long count, long numLeaves) throws StoreException {
        return delegate.proveRange(epoch, firstLeaf, count, numLeaves);
    }

    @Override
    public SizeProof proveSize(long epoch, long numLeaves) throws StoreException {
        return delegate.proveSize(epoch, numLeaves);
    }

    @Override
    public Optional<TxLocation> findTransaction(Hash txHash) {
        return delegate.findTransaction(txHash);
    }

    @Override
    public List<IndexedTransaction> transactionsByAddress(PublicKey address, Optional<TxLocation> olderThan, int max) {
        return delegate.transactionsByAddress(address, olderThan, max);
    }

    @Override
    public long totalTransactions() {
        return delegate.totalTransactions();
    }

    @Override
    public boolean pruned() {
        return delegate.pruned();
    }

    @Override
    public long firstHistoryEpoch() {
        return delegate.firstHistoryEpoch();
    }

    @Override
    public long services() {
        return delegate.services();
    }
}
