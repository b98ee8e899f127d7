package io.hms.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hms.protocol.Limits;
import io.hms.protocol.Policy;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.proof.RangeProof;
import io.hms.protocol.proof.SizeProof;
import io.hms.verifier.mmr.HistoryProofVerifier;
import io.hms.verifier.mmr.HistoryTree;
import io.hms.verifier.mmr.InMemoryNodeStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Proofs are built from persisted MMR nodes and verify with the verifier against the blocks' roots. */
class StoreProofTest {
    @TempDir
    Path dir;

    @Test
    void shouldServeVerifyingChunkAndSizeProofsWhenBatchSetsSpanSeveralChunks() throws Exception {
        TestChain test = new TestChain(31, Policy.UNIT);
        int[] txs = {700, 0, 1300, 1, 900, 2100};
        for (int t : txs) {
            test.extendOne(t);
        }
        try (Blockchain chain =
                RocksDbBlockchain.create(dir, test.spec(), StoreOptions.ARCHIVE.withSyncWrites(false))) {
            test.batches().forEach(b -> chain.pushHistorySync(b.block(), b.firstLeaf(), b.items()));
            assertProofsVerify(chain, test);
        }
        try (Blockchain chain = RocksDbBlockchain.open(dir, StoreOptions.ARCHIVE)) {
            assertProofsVerify(chain, test);
        }
    }

    private static void assertProofsVerify(ChainView chain, TestChain test) throws StoreException {
        for (TestChain.Batch b : test.batches()) {
            MacroBlock block = b.block();
            long size = chain.historyLengthAt(block.blockNumber()).orElseThrow();
            assertThat(size).isEqualTo(b.endLeaf());
            SizeProof sizeProof = chain.proveSize(b.epoch(), size);
            assertThat(sizeProof.size()).isEqualTo(size);
            assertThat(HistoryProofVerifier.verifySize(sizeProof, block.header().historyRoot())
                            .isValid())
                    .isTrue();
            List<HistoricTransaction> epoch = test.epochItems(b.epoch());
            for (long chunk = 0; chunk * Limits.CHUNK_SIZE < size; chunk++) {
                long first = chunk * Limits.CHUNK_SIZE;
                long count = Math.min(Limits.CHUNK_SIZE, size - first);
                RangeProof proof = chain.proveRange(b.epoch(), first, count, size);
                List<HistoricTransaction> items = chain.history(b.epoch(), first, (int) count);
                assertThat(items).isEqualTo(epoch.subList((int) first, (int) (first + count)));
                assertThat(HistoryProofVerifier.verifyChunk(
                                        proof, block.header().historyRoot(), size, chunk, items)
                                .isValid())
                        .as("block %d chunk %d", block.blockNumber(), chunk)
                        .isTrue();
            }
        }
    }

    @Test
    void shouldMatchAnInMemoryTreeWhenProvingRandomRanges() throws Exception {
        long seed = 32;
        Random rnd = new Random(seed);
        TestChain test = new TestChain(seed, Policy.UNIT).extend(3, 400);
        HistoryTree memory = new HistoryTree(new InMemoryNodeStore());
        test.epochItems(1).forEach(memory::append);
        long leaves = test.epochItems(1).size();
        try (Blockchain chain =
                RocksDbBlockchain.create(dir, test.spec(), StoreOptions.ARCHIVE.withSyncWrites(false))) {
            test.batches().forEach(b -> chain.pushHistorySync(b.block(), b.firstLeaf(), b.items()));
            for (int i = 0; i < 300; i++) {
                long size = 1 + rnd.nextInt((int) leaves);
                long first = rnd.nextInt((int) size);
                long count = 1 + rnd.nextInt((int) (size - first));
                assertThat(chain.proveRange(1, first, count, size))
                        .as("seed %d case %d", seed, i)
                        .isEqualTo(memory.proveRange(first, count, size));
                assertThat(chain.proveSize(1, size))
                        .as("seed %d case %d", seed, i)
                        .isEqualTo(memory.proveSize(size, test.epochItems(1).get(0)));
                assertThat(chain.historyRoot(1, size)).isEqualTo(memory.rootAt(size));
            }
            assertThat(chain.proveSize(1, 0)).isEqualTo(SizeProof.EmptyTree.INSTANCE);
            assertThat(chain.historyRoot(2, 0)).isEqualTo(HistoryTree.emptyRoot());
        }
    }

    @Test
    void shouldFailOutOfRangeWhenProofAsksBeyondStoredHistory() throws Exception {
        TestChain test = new TestChain(33, Policy.UNIT).extend(2, 10);
        try (Blockchain chain =
                RocksDbBlockchain.create(dir, test.spec(), StoreOptions.ARCHIVE.withSyncWrites(false))) {
            test.batches().forEach(b -> chain.pushHistorySync(b.block(), b.firstLeaf(), b.items()));
            long size = chain.historyLength(1);
            assertOutOfRange(() -> chain.proveRange(1, 0, 1, size + 1));
            assertOutOfRange(() -> chain.proveRange(1, size, 1, size));
            assertOutOfRange(() -> chain.proveRange(1, 0, 0, size));
            assertOutOfRange(() -> chain.proveRange(1, -1, 2, size));
            assertOutOfRange(() -> chain.proveRange(1, 0, size + 1, size));
            assertOutOfRange(() -> chain.proveRange(7, 0, 1, 1));
            assertOutOfRange(() -> chain.proveSize(1, size + 1));
            assertOutOfRange(() -> chain.proveSize(1, -1));
            assertOutOfRange(() -> chain.historyRoot(1, Long.MAX_VALUE));
            assertOutOfRange(() -> chain.proveRange(1, Long.MAX_VALUE, Long.MAX_VALUE, size));
        }
    }

    private interface ProofCall {
        Object call() throws StoreException;
    }

    private static void assertOutOfRange(ProofCall call) {
        assertThatThrownBy(call::call)
                .isInstanceOfSatisfying(
                        StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.OUT_OF_RANGE));
    }
}
