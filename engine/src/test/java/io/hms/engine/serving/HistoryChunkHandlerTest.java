package io.hms.engine.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.engine.generator.ChainGenerator;
import io.hms.engine.generator.GeneratedBatch;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.store.ChainView;
import io.hms.engine.testing.ForwardingChainView;
import io.hms.engine.testing.TestChains;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.Limits;
import io.hms.protocol.Policy;
import io.hms.protocol.message.HistoryChunk;
import io.hms.protocol.message.HistoryChunkError;
import io.hms.protocol.message.HistoryChunkResponse;
import io.hms.protocol.message.RequestHistoryChunk;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.MacroBlock;
import io.hms.verifier.mmr.HistoryProofVerifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryChunkHandlerTest {
    /** Epochs of about 2 000 leaves, so batch sets span several chunks and chunks straddle batch sets. */
    private static final GeneratorOptions OPTS = GeneratorOptions.defaults(51)
            .withTransactions(500, 0, false)
            .withSignTransfers(false)
            .withTxData(0, 40);

    private static final Policy P = OPTS.policy();

    @TempDir
    Path dir;

    private final HistoryChunkHandler handler = new HistoryChunkHandler();

    private HistoryChunkResponse ask(ChainView view, long epoch, long block, long chunk) {
        return handler.handle(new RequestHistoryChunk(epoch, block, chunk), view);
    }

    @Test
    void shouldServeEveryChunkOfEveryBatchSetWhenRequestsAreValid() throws Exception {
        try (TestChain c = TestChains.create(dir, OPTS.withShape(2, 2))) {
            List<HistoricTransaction> epochItems = new ArrayList<>();
            for (GeneratedBatch batch : c.batches()) {
                MacroBlock block = batch.block();
                long epoch = P.epochAt(block.blockNumber());
                if (batch.firstLeafIndex() == 0) {
                    epochItems.clear();
                }
                epochItems.addAll(batch.items());
                long size = batch.historyLength();
                long chunks = (size + Limits.CHUNK_SIZE - 1) / Limits.CHUNK_SIZE;
                assertThat(size).isGreaterThan(500);
                for (long i = 0; i < chunks; i++) {
                    HistoryChunk chunk = (HistoryChunk) ask(c.chain(), epoch, block.blockNumber(), i);
                    List<HistoricTransaction> items = chunk.chunk().history();
                    assertThat(HistoryProofVerifier.verifyChunk(
                                            chunk.chunk().proof(),
                                            block.header().historyRoot(),
                                            size,
                                            i,
                                            items)
                                    .isValid())
                            .as("chunk %d at block %d", i, block.blockNumber())
                            .isTrue();
                    int from = (int) (i * Limits.CHUNK_SIZE);
                    assertThat(items).isEqualTo(epochItems.subList(from, from + items.size()));
                }
                assertThat(ask(c.chain(), epoch, block.blockNumber(), chunks))
                        .isEqualTo(HistoryChunkError.COULDNT_PRODUCE_PROOF);
            }
        }
    }

    @Test
    void shouldAnswerCouldntProduceProofWhenTheChunkIndexIsPastTheEndOrHuge() throws Exception {
        try (TestChain c = TestChains.create(dir, OPTS.withShape(1, 0))) {
            long election = c.lastBatch().block().blockNumber();

            for (long index : new long[] {
                3, 4, 1000, 1L << 53, 1L << 54, Long.MAX_VALUE / 1024 + 1, Long.MAX_VALUE, -1, Long.MIN_VALUE
            }) {
                assertThat(ask(c.chain(), 1, election, index))
                        .as("chunk %s", Long.toUnsignedString(index))
                        .isEqualTo(HistoryChunkError.COULDNT_PRODUCE_PROOF);
            }
            assertThat(ask(c.chain(), 1, election, 0)).isInstanceOf(HistoryChunk.class);
        }
    }

    @Test
    void shouldAnswerCouldntProduceProofWhenBlockAndEpochDoNotFit() throws Exception {
        try (TestChain c = TestChains.create(dir, OPTS.withShape(2, 1))) {
            long election1 = c.batches().get(3).block().blockNumber();
            long head = c.lastBatch().block().blockNumber();

            assertThat(ask(c.chain(), 2, election1, 0))
                    .as("block of another epoch")
                    .isEqualTo(HistoryChunkError.COULDNT_PRODUCE_PROOF);
            assertThat(ask(c.chain(), 0, election1, 0))
                    .as("epoch 0")
                    .isEqualTo(HistoryChunkError.COULDNT_PRODUCE_PROOF);
            assertThat(ask(c.chain(), 0, P.genesisBlockNumber(), 0))
                    .as("genesis")
                    .isEqualTo(HistoryChunkError.COULDNT_PRODUCE_PROOF);
            assertThat(ask(c.chain(), 3, head + P.blocksPerBatch(), 0))
                    .as("beyond the head")
                    .isEqualTo(HistoryChunkError.COULDNT_PRODUCE_PROOF);
            assertThat(ask(c.chain(), P.epochAt(0xFFFF_FFFFL), 0xFFFF_FFFFL, 0))
                    .as("last block number")
                    .isEqualTo(HistoryChunkError.COULDNT_PRODUCE_PROOF);
            assertThat(ask(c.chain(), 0xFFFF_FFFFL, 0xFFFF_FFFFL, 0))
                    .isEqualTo(HistoryChunkError.COULDNT_PRODUCE_PROOF);
            assertThat(ask(c.chain(), 3, P.firstBlockOf(3), 0))
                    .as("open epoch before its first checkpoint")
                    .isEqualTo(HistoryChunkError.COULDNT_PRODUCE_PROOF);
        }
    }

    /**
     * A history-synced store may skip checkpoints. Asked for a checkpoint it does not hold, it used to
     * prove against the tree at the stored block below, which the client rejects as a lie.
     */
    @Test
    void shouldAnswerCouldntProduceProofWhenTheRequestedCheckpointWasSkipped() throws Exception {
        List<GeneratedBatch> epoch = new ChainGenerator(OPTS.withShape(1, 0)).generateAll();
        GeneratedBatch first = epoch.get(0);
        GeneratedBatch skipped = epoch.get(1);
        GeneratedBatch third = epoch.get(2);
        try (TestChain c = TestChains.createEmpty(dir, OPTS.withShape(1, 0))) {
            assertThat(c.chain()
                            .pushHistorySync(first.block(), first.firstLeafIndex(), first.items())
                            .isExtended())
                    .isTrue();
            List<HistoricTransaction> upToThird = new ArrayList<>(skipped.items());
            upToThird.addAll(third.items());
            assertThat(c.chain()
                            .pushHistorySync(third.block(), skipped.firstLeafIndex(), upToThird)
                            .isExtended())
                    .isTrue();

            assertThat(ask(c.chain(), 1, skipped.block().blockNumber(), 0))
                    .isEqualTo(HistoryChunkError.COULDNT_PRODUCE_PROOF);
            HistoryChunk chunk = (HistoryChunk) ask(c.chain(), 1, third.block().blockNumber(), 0);
            assertThat(HistoryProofVerifier.verifyChunk(
                                    chunk.chunk().proof(),
                                    third.block().header().historyRoot(),
                                    third.historyLength(),
                                    0,
                                    chunk.chunk().history())
                            .isValid())
                    .isTrue();
        }
    }

    @Test
    void shouldAnswerCouldntProduceProofWhenAMicroBlockNumberIsRequested() throws Exception {
        try (TestChain c = TestChains.create(dir, OPTS.withShape(1, 0))) {
            GeneratedBatch checkpoint = c.batches().get(2);
            assertThat(checkpoint.historyLength()).isGreaterThan(Limits.CHUNK_SIZE);
            long micro = checkpoint.block().blockNumber() + 1;

            assertThat(ask(c.chain(), 1, micro, 1)).isEqualTo(HistoryChunkError.COULDNT_PRODUCE_PROOF);
            assertThat(ask(c.chain(), 1, checkpoint.block().blockNumber(), 1)).isInstanceOf(HistoryChunk.class);
        }
    }

    @Test
    void shouldAnswerCouldntProduceProofWhenTheEpochWasPruned() throws Exception {
        try (TestChain c = TestChains.create(dir, OPTS.withShape(3, 1), TestChains.TEST_STORE.withPruned(true))) {
            assertThat(ask(c.chain(), 1, c.batches().get(3).block().blockNumber(), 0))
                    .isEqualTo(HistoryChunkError.COULDNT_PRODUCE_PROOF);
            assertThat(ask(c.chain(), 3, c.batches().get(11).block().blockNumber(), 0))
                    .isInstanceOf(HistoryChunk.class);
        }
    }

    @Test
    void shouldAnswerCouldntProduceProofWhenTheStoreReturnsFewerLeavesThanItProved() throws Exception {
        try (TestChain c = TestChains.create(dir, OPTS.withShape(1, 0))) {
            ChainView lossy = new ForwardingChainView(c.chain()) {
                @Override
                public List<HistoricTransaction> history(long epoch, long fromLeaf, int maxCount) {
                    List<HistoricTransaction> all = super.history(epoch, fromLeaf, maxCount);
                    return all.subList(0, all.size() - 1);
                }
            };

            assertThat(ask(lossy, 1, c.lastBatch().block().blockNumber(), 0))
                    .isEqualTo(HistoryChunkError.COULDNT_PRODUCE_PROOF);
        }
    }
}
