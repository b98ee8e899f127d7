package io.hms.it.reliability;

import io.hms.engine.ban.BanStore;
import io.hms.engine.store.Blockchain;
import io.hms.engine.store.Finality;
import io.hms.engine.store.PushResult;
import io.hms.engine.store.StoreException;
import io.hms.engine.testing.ForwardingChainView;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.MacroBlock;
import io.hms.verifier.mmr.LeafHashes;
import java.util.List;

/** A {@link Blockchain} that forwards to a real store; tests override the writes they want to disturb. */
class ForwardingBlockchain extends ForwardingChainView implements Blockchain {
    private final Blockchain delegate;

    ForwardingBlockchain(Blockchain delegate) {
        super(delegate);
        this.delegate = delegate;
    }

    @Override
    public PushResult pushHistorySync(MacroBlock block, List<HistoricTransaction> history) {
        return delegate.pushHistorySync(block, history);
    }

    @Override
    public PushResult pushHistorySync(
            MacroBlock block, long firstLeafIndex, List<HistoricTransaction> history, Finality finality) {
        return delegate.pushHistorySync(block, firstLeafIndex, history, finality);
    }

    @Override
    public PushResult pushHistorySync(
            MacroBlock block,
            long firstLeafIndex,
            List<HistoricTransaction> history,
            LeafHashes hashes,
            Finality finality) {
        return delegate.pushHistorySync(block, firstLeafIndex, history, hashes, finality);
    }

    @Override
    public void stageChunk(Hash blockHash, long firstLeafIndex, List<HistoricTransaction> items) throws StoreException {
        delegate.stageChunk(blockHash, firstLeafIndex, items);
    }

    @Override
    public void stageChunk(Hash blockHash, long firstLeafIndex, List<HistoricTransaction> items, LeafHashes hashes)
            throws StoreException {
        delegate.stageChunk(blockHash, firstLeafIndex, items, hashes);
    }

    @Override
    public PushResult pushStaged(MacroBlock block, Finality finality) {
        return delegate.pushStaged(block, finality);
    }

    @Override
    public void discardStaged(Hash blockHash) throws StoreException {
        delegate.discardStaged(blockHash);
    }

    @Override
    public BanStore peerBans() {
        return delegate.peerBans();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
