package io.hms.engine.store;

import io.hms.protocol.Policy;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.proof.RangeProof;
import io.hms.protocol.proof.SizeProof;
import io.hms.verifier.mmr.HistoryTree;
import io.hms.verifier.mmr.ProofException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * The history half of {@link ChainView}: leaves, counts, roots and proofs, all bounded by the
 * committed counts of one {@link ChainState}, so leftovers of an unfinished sweep are never read.
 * Trees are read from persisted nodes through a {@link PersistedNodeStore}; nothing is rebuilt.
 */
final class HistoryReader {
    private final StoreColumns cols;
    private final Policy policy;

    HistoryReader(StoreColumns cols, Policy policy) {
        this.cols = cols;
        this.policy = policy;
    }

    long historyLength(ChainState state, long epoch) throws StoreException {
        if (epoch < state.heads().firstHistoryEpoch()) {
            return 0;
        }
        return cols.epochs.get(epoch).orElse(0L);
    }

    OptionalLong historyLengthAt(ChainState state, long blockNumber) throws StoreException {
        if (blockNumber < policy.genesisBlockNumber()
                || blockNumber > state.macroHead().block().blockNumber()) {
            return OptionalLong.empty();
        }
        Optional<Map.Entry<Long, Hash>> below = highestMainChainAtOrBelow(blockNumber);
        if (below.isEmpty() || policy.epochAt(below.get().getKey()) != policy.epochAt(blockNumber)) {
            return OptionalLong.of(0);
        }
        StoredBlock stored = cols.blocks
                .get(below.get().getValue())
                .orElseThrow(() -> new StoreException(
                        StoreException.Kind.CORRUPTED,
                        "main-chain block " + below.get().getKey() + " is missing"));
        return OptionalLong.of(stored.historyLength());
    }

    OptionalLong historyLengthOfBlock(ChainState state, long blockNumber) throws StoreException {
        if (blockNumber < 0 || blockNumber > state.macroHead().block().blockNumber()) {
            return OptionalLong.empty();
        }
        Optional<Hash> hash = cols.mainChain.get(blockNumber);
        if (hash.isEmpty()) {
            return OptionalLong.empty();
        }
        StoredBlock stored = cols.blocks
                .get(hash.get())
                .orElseThrow(() -> new StoreException(
                        StoreException.Kind.CORRUPTED, "main-chain block " + blockNumber + " is missing"));
        return OptionalLong.of(stored.historyLength());
    }

    private Optional<Map.Entry<Long, Hash>> highestMainChainAtOrBelow(long blockNumber) throws StoreException {
        try (ReadOptions read = new ReadOptions();
                RocksIterator it = cols.mainChain.iterator(read)) {
            it.seekForPrev(KeyCodec.U64.encode(blockNumber));
            if (!it.isValid()) {
                it.status();
                return Optional.empty();
            }
            return Optional.of(Map.entry(KeyCodec.U64.decode(it.key()), Hash.of(it.value())));
        } catch (RocksDBException e) {
            throw RocksFailures.map(e, "reading the main chain below " + blockNumber);
        }
    }

    List<HistoricTransaction> history(ChainState state, long epoch, long fromLeaf, int maxCount) throws StoreException {
        long end = Math.min(historyLength(state, epoch), fromLeaf + Math.max(0, maxCount));
        if (fromLeaf < 0 || fromLeaf >= end) {
            return List.of();
        }
        List<HistoricTransaction> out = new ArrayList<>((int) Math.min(end - fromLeaf, 4096));
        try (Slice upper = new Slice(EpochKey.CODEC.encode(new EpochKey(epoch, end)));
                ReadOptions read = new ReadOptions().setIterateUpperBound(upper);
                RocksIterator it = cols.history.iterator(read)) {
            long expected = fromLeaf;
            for (it.seek(EpochKey.CODEC.encode(new EpochKey(epoch, fromLeaf))); it.isValid(); it.next(), expected++) {
                EpochKey key = EpochKey.CODEC.decode(it.key());
                if (key.index() != expected) {
                    throw new StoreException(
                            StoreException.Kind.CORRUPTED, "leaf " + epoch + "/" + expected + " is missing");
                }
                out.add(HistoricTransaction.CODEC.decode(it.value()));
            }
            it.status();
            if (expected != end) {
                throw new StoreException(
                        StoreException.Kind.CORRUPTED,
                        "leaves of epoch " + epoch + " end at " + expected + ", count says " + end);
            }
        } catch (RocksDBException e) {
            throw RocksFailures.map(e, "reading history of epoch " + epoch);
        } catch (DecodeException e) {
            throw RocksFailures.corrupted("history of epoch " + epoch, e);
        }
        return out;
    }

    Hash historyRoot(ChainState state, long epoch, long numLeaves) throws StoreException {
        HistoryTree tree = tree(state, epoch, numLeaves);
        try {
            return tree.rootAt(numLeaves);
        } catch (ProofException e) {
            throw outOfRange(e);
        } catch (UncheckedStoreException e) {
            throw e.unwrap();
        }
    }

    RangeProof proveRange(ChainState state, long epoch, long firstLeaf, long count, long numLeaves)
            throws StoreException {
        HistoryTree tree = tree(state, epoch, numLeaves);
        try {
            return tree.proveRange(firstLeaf, count, numLeaves);
        } catch (ProofException e) {
            throw outOfRange(e);
        } catch (UncheckedStoreException e) {
            throw e.unwrap();
        }
    }

    SizeProof proveSize(ChainState state, long epoch, long numLeaves) throws StoreException {
        HistoryTree tree = tree(state, epoch, numLeaves);
        HistoricTransaction first = null;
        if (numLeaves == 1) {
            List<HistoricTransaction> leaf = history(state, epoch, 0, 1);
            first = leaf.isEmpty() ? null : leaf.get(0);
        }
        try {
            return tree.proveSize(numLeaves, first);
        } catch (ProofException e) {
            throw outOfRange(e);
        } catch (UncheckedStoreException e) {
            throw e.unwrap();
        }
    }

    Optional<TxLocation> findTransaction(ChainState state, Hash txHash) throws StoreException {
        Optional<TxLocation> location = cols.txIndex.get(txHash);
        if (location.isEmpty()
                || location.get().leafIndex()
                        >= historyLength(state, location.get().epoch())) {
            return Optional.empty();
        }
        return location;
    }

    /** The epoch's tree at its committed size, after checking it can answer for {@code numLeaves}. */
    private HistoryTree tree(ChainState state, long epoch, long numLeaves) throws StoreException {
        if (epoch < state.heads().firstHistoryEpoch()) {
            throw new StoreException(
                    StoreException.Kind.PRUNED,
                    "the history of epoch " + epoch + " was pruned; this store keeps epochs from "
                            + state.heads().firstHistoryEpoch());
        }
        long stored = historyLength(state, epoch);
        if (numLeaves < 0 || numLeaves > stored) {
            throw new StoreException(
                    StoreException.Kind.OUT_OF_RANGE,
                    "a tree of " + numLeaves + " leaves was asked for; epoch " + epoch + " has " + stored);
        }
        return new HistoryTree(new PersistedNodeStore(cols.mmr, epoch, HistoryTree.sizeForLeaves(stored)));
    }

    private static StoreException outOfRange(ProofException e) {
        return new StoreException(StoreException.Kind.OUT_OF_RANGE, e.getMessage(), e);
    }
}
