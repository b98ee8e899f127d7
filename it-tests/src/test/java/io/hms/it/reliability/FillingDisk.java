package io.hms.it.reliability;

import io.hms.engine.store.Blockchain;
import io.hms.engine.store.Finality;
import io.hms.engine.store.PushError;
import io.hms.engine.store.PushResult;
import io.hms.engine.store.StoreException;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.MacroBlock;
import io.hms.verifier.mmr.LeafHashes;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real store whose disk "fills up" after a number of pushes: from then on every push is refused
 * exactly as the RocksDB store refuses a commit on a full disk (a {@code STORE_FAILURE} whose detail
 * starts with {@code DISK_FULL}, nothing written; the engine's DiskFullTest shows the real thing on
 * a tiny tmpfs) and staging throws {@code DISK_FULL}. Reads go to the real store.
 */
final class FillingDisk extends ForwardingBlockchain {
    private final AtomicInteger pushesLeft;

    FillingDisk(Blockchain delegate, int pushesThatFit) {
        super(delegate);
        this.pushesLeft = new AtomicInteger(pushesThatFit);
    }

    @Override
    public PushResult pushHistorySync(MacroBlock block, List<HistoricTransaction> history) {
        return full(block).orElseGet(() -> super.pushHistorySync(block, history));
    }

    @Override
    public PushResult pushHistorySync(
            MacroBlock block, long firstLeafIndex, List<HistoricTransaction> history, Finality finality) {
        return full(block).orElseGet(() -> super.pushHistorySync(block, firstLeafIndex, history, finality));
    }

    @Override
    public PushResult pushHistorySync(
            MacroBlock block,
            long firstLeafIndex,
            List<HistoricTransaction> history,
            LeafHashes hashes,
            Finality finality) {
        return full(block).orElseGet(() -> super.pushHistorySync(block, firstLeafIndex, history, hashes, finality));
    }

    @Override
    public void stageChunk(Hash blockHash, long firstLeafIndex, List<HistoricTransaction> items) throws StoreException {
        stageChunk(blockHash, firstLeafIndex, items, LeafHashes.of(items));
    }

    @Override
    public void stageChunk(Hash blockHash, long firstLeafIndex, List<HistoricTransaction> items, LeafHashes hashes)
            throws StoreException {
        if (pushesLeft.get() <= 0) {
            throw new StoreException(StoreException.Kind.DISK_FULL, "staging history: No space left on device");
        }
        super.stageChunk(blockHash, firstLeafIndex, items, hashes);
    }

    @Override
    public PushResult pushStaged(MacroBlock block, Finality finality) {
        return full(block).orElseGet(() -> super.pushStaged(block, finality));
    }

    private Optional<PushResult> full(MacroBlock block) {
        if (pushesLeft.getAndDecrement() > 0) {
            return Optional.empty();
        }
        return Optional.of(new PushResult.Rejected(
                PushError.STORE_FAILURE,
                StoreException.Kind.DISK_FULL + ": committing block " + block.blockNumber()
                        + ": While appending to file: 000004.log: No space left on device"));
    }
}
