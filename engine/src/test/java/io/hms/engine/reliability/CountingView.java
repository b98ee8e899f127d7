package io.hms.engine.reliability;

import io.hms.engine.store.ChainSpec;
import io.hms.engine.store.ChainView;
import io.hms.engine.store.StoreException;
import io.hms.engine.store.TxLocation;
import io.hms.engine.testing.ForwardingChainView;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.model.ValidatorSet;
import io.hms.protocol.proof.RangeProof;
import io.hms.protocol.proof.SizeProof;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A view that counts every call into the store: the work one request makes a server do. Hostile
 * and fuzzed requests assert a bound on it, which is how "no hang, no unbounded work" is checked
 * without a wall clock.
 */
final class CountingView extends ForwardingChainView {
    private final AtomicLong calls = new AtomicLong();

    CountingView(ChainView delegate) {
        super(delegate);
    }

    /** Calls since the last reset. */
    long calls() {
        return calls.get();
    }

    void reset() {
        calls.set(0);
    }

    @Override
    public ChainSpec spec() {
        calls.incrementAndGet();
        return super.spec();
    }

    @Override
    public MacroBlock electionHead() {
        calls.incrementAndGet();
        return super.electionHead();
    }

    @Override
    public MacroBlock macroHead() {
        calls.incrementAndGet();
        return super.macroHead();
    }

    @Override
    public long headBlockNumber() {
        calls.incrementAndGet();
        return super.headBlockNumber();
    }

    @Override
    public Optional<MacroBlock> blockByHash(Hash hash) {
        calls.incrementAndGet();
        return super.blockByHash(hash);
    }

    @Override
    public Optional<MacroBlock> mainChainBlockAt(long blockNumber) {
        calls.incrementAndGet();
        return super.mainChainBlockAt(blockNumber);
    }

    @Override
    public boolean isOnMainChain(Hash hash) {
        calls.incrementAndGet();
        return super.isOnMainChain(hash);
    }

    @Override
    public boolean isBatchSetBoundary(Hash hash) {
        calls.incrementAndGet();
        return super.isBatchSetBoundary(hash);
    }

    @Override
    public ValidatorSet validatorsForEpoch(long epoch) {
        calls.incrementAndGet();
        return super.validatorsForEpoch(epoch);
    }

    @Override
    public long historyLength(long epoch) {
        calls.incrementAndGet();
        return super.historyLength(epoch);
    }

    @Override
    public OptionalLong historyLengthAt(long blockNumber) {
        calls.incrementAndGet();
        return super.historyLengthAt(blockNumber);
    }

    @Override
    public List<HistoricTransaction> history(long epoch, long fromLeaf, int maxCount) {
        calls.incrementAndGet();
        return super.history(epoch, fromLeaf, maxCount);
    }

    @Override
    public Hash historyRoot(long epoch, long numLeaves) throws StoreException {
        calls.incrementAndGet();
        return super.historyRoot(epoch, numLeaves);
    }

    @Override
    public RangeProof proveRange(long epoch, long firstLeaf, long count, long numLeaves) throws StoreException {
        calls.incrementAndGet();
        return super.proveRange(epoch, firstLeaf, count, numLeaves);
    }

    @Override
    public SizeProof proveSize(long epoch, long numLeaves) throws StoreException {
        calls.incrementAndGet();
        return super.proveSize(epoch, numLeaves);
    }

    @Override
    public Optional<TxLocation> findTransaction(Hash txHash) {
        calls.incrementAndGet();
        return super.findTransaction(txHash);
    }

    @Override
    public long totalTransactions() {
        calls.incrementAndGet();
        return super.totalTransactions();
    }

    @Override
    public boolean pruned() {
        calls.incrementAndGet();
        return super.pruned();
    }

    @Override
    public long firstHistoryEpoch() {
        calls.incrementAndGet();
        return super.firstHistoryEpoch();
    }

    @Override
    public long services() {
        calls.incrementAndGet();
        return super.services();
    }
}
