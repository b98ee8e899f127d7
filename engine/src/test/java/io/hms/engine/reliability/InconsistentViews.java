package io.hms.engine.reliability;

import io.hms.engine.store.ChainView;
import io.hms.engine.store.StoreException;
import io.hms.engine.store.UncheckedStoreException;
import io.hms.engine.testing.ForwardingChainView;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.proof.RangeProof;
import io.hms.protocol.proof.SizeProof;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Store states the original's handlers abort on as "cannot happen" (SPEC §2.3, §2.4, §7.2 item 15),
 * each a view over a real store that breaks exactly one thing, with the requests it must make fail.
 */
final class InconsistentViews {
    private InconsistentViews() {}

    /**
     * @param batchSetFails whether RequestBatchSet must be answered with its error (else honestly)
     * @param chunkFails the same for RequestHistoryChunk
     * @param macroChainFails the same for RequestMacroChain
     */
    record Case(String name, ChainView view, boolean batchSetFails, boolean chunkFails, boolean macroChainFails) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> all(ChainView real) {
        return List.of(
                new Case(
                        "no history length recorded for a listed block",
                        new ForwardingChainView(real) {
                            @Override
                            public OptionalLong historyLengthAt(long blockNumber) {
                                return OptionalLong.empty();
                            }
                        },
                        true,
                        true,
                        false),
                new Case(
                        "a size proof that cannot be built",
                        new ForwardingChainView(real) {
                            @Override
                            public SizeProof proveSize(long epoch, long numLeaves) throws StoreException {
                                throw new StoreException(StoreException.Kind.CORRUPTED, "mmr node missing");
                            }
                        },
                        true,
                        false,
                        false),
                new Case(
                        "a range proof that cannot be built",
                        new ForwardingChainView(real) {
                            @Override
                            public RangeProof proveRange(long epoch, long firstLeaf, long count, long numLeaves)
                                    throws StoreException {
                                throw new StoreException(StoreException.Kind.CORRUPTED, "mmr node missing");
                            }
                        },
                        false,
                        true,
                        false),
                new Case(
                        "fewer leaves stored than proved",
                        new ForwardingChainView(real) {
                            @Override
                            public List<HistoricTransaction> history(long epoch, long fromLeaf, int maxCount) {
                                List<HistoricTransaction> all = super.history(epoch, fromLeaf, maxCount);
                                return all.isEmpty() ? all : all.subList(0, all.size() - 1);
                            }
                        },
                        false,
                        true,
                        false),
                new Case(
                        "a block read failing with an I/O error",
                        new ForwardingChainView(real) {
                            @Override
                            public Optional<MacroBlock> blockByHash(Hash hash) {
                                throw new UncheckedStoreException(
                                        new StoreException(StoreException.Kind.IO, "Input/output error"));
                            }
                        },
                        true,
                        false,
                        true),
                new Case(
                        "the main-chain index failing with corruption",
                        new ForwardingChainView(real) {
                            @Override
                            public Optional<MacroBlock> mainChainBlockAt(long blockNumber) {
                                throw new UncheckedStoreException(
                                        new StoreException(StoreException.Kind.CORRUPTED, "bad checksum"));
                            }
                        },
                        true,
                        true,
                        true));
    }
}
