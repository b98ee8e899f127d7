package io.hms.engine.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.serving.RequestHandlers;
import io.hms.engine.serving.ServingSettings;
import io.hms.engine.store.ChainView;
import io.hms.engine.testing.ForwardingChainView;
import io.hms.engine.testing.TestChains;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.Policy;
import io.hms.protocol.message.BatchSetError;
import io.hms.protocol.message.BatchSetInfo;
import io.hms.protocol.message.HistoryChunkError;
import io.hms.protocol.message.MacroChain;
import io.hms.protocol.message.MacroChainError;
import io.hms.protocol.message.Request;
import io.hms.protocol.message.RequestBatchSet;
import io.hms.protocol.message.RequestHistoryChunk;
import io.hms.protocol.message.RequestMacroChain;
import io.hms.protocol.message.Response;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.MacroBlock;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The original's server crashes (SPEC §7.2 items 13–15), each rebuilt exactly against a generated
 * RocksDB store and served through the codec as a peer would see it. In the original each of these
 * inputs panicked the handler task, after which the node answered {@code NoReceiver} for that
 * request type until restart; so every test also checks that the same handlers keep serving an
 * honest request correctly afterwards.
 */
class ServerDefectRegressionTest {
    /** UNIT policy (B=4, N=4, G=0): epochs 1 and 2 complete, checkpoints 36 and 40 of epoch 3. */
    private static final GeneratorOptions OPTS = GeneratorOptions.defaults(1301).withShape(2, 2);

    @TempDir
    Path dir;

    private final RequestHandlers handlers = new RequestHandlers(ServingSettings.DEFAULTS);

    private Response serve(ChainView view, Request request) {
        return Wire.serve(handlers, view, request);
    }

    @ParameterizedTest(name = "genesis at block {0}")
    @ValueSource(longs = {0, 200})
    void item13GenesisHashInRequestBatchSetIsAnsweredNotCrashed(long genesisBlock) throws Exception {
        GeneratorOptions opts = OPTS.withPolicy(Policy.UNIT.withGenesis(genesisBlock));
        try (TestChain c = TestChains.create(dir, opts)) {
            for (int i = 0; i < 50; i++) {
                assertThat(serve(c.chain(), new RequestBatchSet(c.spec().genesisHash())))
                        .as("genesis request %d", i)
                        .isEqualTo(BatchSetError.TARGET_HASH_NOT_FOUND);
            }
            MacroBlock election = c.chain().electionHead();

            Response honest = serve(c.chain(), new RequestBatchSet(election.hash()));

            assertThat(honest).isInstanceOf(BatchSetInfo.class);
            assertThat(Served.verifiesFromElectionBefore(c.spec(), (BatchSetInfo) honest, election.hash(), c.chain()))
                    .isTrue();
        }
    }

    @Test
    void item13GenesisHashIsAnsweredWhenTheStoreHoldsOnlyGenesis() throws Exception {
        try (TestChain c = TestChains.createEmpty(dir, OPTS)) {
            assertThat(serve(c.chain(), new RequestBatchSet(c.spec().genesisHash())))
                    .isEqualTo(BatchSetError.TARGET_HASH_NOT_FOUND);
            assertThat(serve(c.chain(), new RequestMacroChain(List.of(c.spec().genesisHash()), 1000)))
                    .isEqualTo(new MacroChain(List.of(), Optional.empty()));
        }
    }

    @Test
    void item14MainChainMicroBlockAsFirstLocatorIsSkippedNotCrashed() throws Exception {
        try (TestChain c = TestChains.create(dir, OPTS)) {
            MacroBlock cp = c.chain().macroHead();
            MacroBlock micro = Served.microAfter(cp);
            ChainView withMicro = new ForwardingChainView(c.chain()) {
                @Override
                public Optional<MacroBlock> blockByHash(Hash hash) {
                    return hash.equals(micro.hash()) ? Optional.of(micro) : super.blockByHash(hash);
                }

                @Override
                public boolean isOnMainChain(Hash hash) {
                    return hash.equals(micro.hash()) || super.isOnMainChain(hash);
                }
            };
            Hash election2 = c.chain().electionHead().hash();

            assertThat(serve(withMicro, new RequestMacroChain(List.of(micro.hash()), 1000)))
                    .isEqualTo(MacroChainError.UNKNOWN_LOCATORS);
            assertThat(serve(withMicro, new RequestMacroChain(List.of(micro.hash(), election2), 1000)))
                    .isEqualTo(new MacroChain(List.of(), Optional.of(Served.checkpointOf(cp))));
            MacroChain fromGenesis = (MacroChain) serve(
                    withMicro,
                    new RequestMacroChain(List.of(micro.hash(), c.spec().genesisHash()), 1000));
            assertThat(fromGenesis.epochs()).hasSize(2).endsWith(election2);
        }
    }

    @Test
    void item15ChunkIndexWhoseTimes1024WrapsIsRefusedNotServedAsAnotherChunk() throws Exception {
        try (TestChain c = TestChains.create(dir, OPTS)) {
            MacroBlock election = c.chain().electionHead();
            long epoch = OPTS.policy().epochAt(election.blockNumber());
            // 1024·2^54 = 2^64 wraps to leaf 0, 1024·(2^54+1) to leaf 1024, 1024·(2^64−1) to 2^64−1024
            for (long index : new long[] {1L << 54, (1L << 54) + 1, -1L, Long.MIN_VALUE, Long.MAX_VALUE}) {
                assertThat(serve(c.chain(), new RequestHistoryChunk(epoch, election.blockNumber(), index)))
                        .as("chunk %s", Long.toUnsignedString(index))
                        .isEqualTo(HistoryChunkError.COULDNT_PRODUCE_PROOF);
            }

            Response chunk0 = serve(c.chain(), new RequestHistoryChunk(epoch, election.blockNumber(), 0));

            assertThat(Served.verifiesAsChunk(c.chain(), election, 0, chunk0)).isTrue();
        }
    }

    @Test
    void item15MaxEpochs65535IsCappedByTheServer() throws Exception {
        try (TestChain c = TestChains.create(dir, OPTS.withShape(5, 0))) {
            AtomicInteger blockReads = new AtomicInteger();
            ChainView counting = new ForwardingChainView(c.chain()) {
                @Override
                public Optional<MacroBlock> mainChainBlockAt(long blockNumber) {
                    blockReads.incrementAndGet();
                    return super.mainChainBlockAt(blockNumber);
                }
            };
            RequestHandlers capped = new RequestHandlers(new ServingSettings(2, 1024));

            Response r = Wire.serve(
                    capped, counting, new RequestMacroChain(List.of(c.spec().genesisHash()), 65535));

            assertThat(r)
                    .isEqualTo(new MacroChain(
                            List.of(
                                    Served.election(c, 1).hash(),
                                    Served.election(c, 2).hash()),
                            Optional.empty()));
            assertThat(blockReads.get()).as("block reads for one request").isLessThanOrEqualTo(2);
        }
    }

    @Test
    void item15StoreInconsistenciesAreAnsweredWithErrorsNotAborts() throws Exception {
        try (TestChain c = TestChains.create(dir, OPTS)) {
            MacroBlock election = c.chain().electionHead();
            RequestBatchSet batchSet = new RequestBatchSet(election.hash());
            RequestHistoryChunk chunk = new RequestHistoryChunk(2, election.blockNumber(), 0);
            RequestMacroChain macroChain =
                    new RequestMacroChain(List.of(c.spec().genesisHash()), 1000);
            Response honestBatchSet = serve(c.chain(), batchSet);
            Response honestChunk = serve(c.chain(), chunk);
            Response honestMacroChain = serve(c.chain(), macroChain);

            for (InconsistentViews.Case broken : InconsistentViews.all(c.chain())) {
                assertThat(serve(broken.view(), batchSet))
                        .as("batch set with %s", broken)
                        .isEqualTo(broken.batchSetFails() ? BatchSetError.OTHER : honestBatchSet);
                assertThat(serve(broken.view(), chunk))
                        .as("chunk with %s", broken)
                        .isEqualTo(broken.chunkFails() ? HistoryChunkError.COULDNT_PRODUCE_PROOF : honestChunk);
                assertThat(serve(broken.view(), macroChain))
                        .as("macro chain with %s", broken)
                        .isEqualTo(broken.macroChainFails() ? MacroChainError.OTHER : honestMacroChain);
            }

            assertThat(Served.verifiesFromElectionBefore(
                            c.spec(), (BatchSetInfo) serve(c.chain(), batchSet), election.hash(), c.chain()))
                    .isTrue();
            assertThat(Served.verifiesAsChunk(c.chain(), election, 0, serve(c.chain(), chunk)))
                    .isTrue();
        }
    }

    @Test
    void item15MacroBlockOffTheMainChainIsNotServedAsABatchSet() throws Exception {
        try (TestChain c = TestChains.create(dir.resolve("ours"), OPTS);
                TestChain fork = TestChains.create(dir.resolve("fork"), OPTS.withFork(2, 99))) {
            MacroBlock side = fork.chain().electionHead();
            assertThat(side.hash()).isNotEqualTo(c.chain().electionHead().hash());
            ChainView withSideBlock = new ForwardingChainView(c.chain()) {
                @Override
                public Optional<MacroBlock> blockByHash(Hash hash) {
                    return hash.equals(side.hash()) ? Optional.of(side) : super.blockByHash(hash);
                }
            };

            assertThat(serve(withSideBlock, new RequestBatchSet(side.hash())))
                    .isEqualTo(BatchSetError.TARGET_HASH_NOT_FOUND);
            assertThat(serve(withSideBlock, new RequestMacroChain(List.of(side.hash()), 1000)))
                    .isEqualTo(MacroChainError.UNKNOWN_LOCATORS);
        }
    }

    @Test
    void item15HistoryChunkWhoseBlockIsInAnotherEpochIsRefused() throws Exception {
        try (TestChain c = TestChains.create(dir, OPTS)) {
            long e1 = Served.election(c, 1).blockNumber();
            long e2 = Served.election(c, 2).blockNumber();
            long checkpoint = c.chain().macroHead().blockNumber();

            assertThat(serve(c.chain(), new RequestHistoryChunk(1, e2, 0)))
                    .isEqualTo(HistoryChunkError.COULDNT_PRODUCE_PROOF);
            assertThat(serve(c.chain(), new RequestHistoryChunk(2, e1, 0)))
                    .isEqualTo(HistoryChunkError.COULDNT_PRODUCE_PROOF);
            assertThat(serve(c.chain(), new RequestHistoryChunk(2, checkpoint, 0)))
                    .isEqualTo(HistoryChunkError.COULDNT_PRODUCE_PROOF);
            assertThat(serve(c.chain(), new RequestHistoryChunk(0, 0, 0)))
                    .isEqualTo(HistoryChunkError.COULDNT_PRODUCE_PROOF);

            Response honest = serve(c.chain(), new RequestHistoryChunk(3, checkpoint, 0));
            assertThat(Served.verifiesAsChunk(c.chain(), c.chain().macroHead(), 0, honest))
                    .isTrue();
        }
    }

    @Test
    void item15AFailureInsideAHandlerDoesNotDisableItsRequestType() throws Exception {
        try (TestChain c = TestChains.create(dir, OPTS)) {
            ChainView exploding = new ForwardingChainView(c.chain()) {
                @Override
                public Optional<MacroBlock> blockByHash(Hash hash) {
                    throw new IllegalStateException("an unforeseen bug");
                }

                @Override
                public java.util.OptionalLong historyLengthAt(long blockNumber) {
                    throw new ArithmeticException("an unforeseen bug");
                }
            };
            MacroBlock election = c.chain().electionHead();
            RequestBatchSet batchSet = new RequestBatchSet(election.hash());
            RequestHistoryChunk chunk = new RequestHistoryChunk(2, election.blockNumber(), 0);
            RequestMacroChain macroChain =
                    new RequestMacroChain(List.of(c.spec().genesisHash()), 1000);

            assertThat(serve(exploding, macroChain)).isEqualTo(MacroChainError.OTHER);
            assertThat(serve(exploding, batchSet)).isEqualTo(BatchSetError.OTHER);
            assertThat(serve(exploding, chunk)).isEqualTo(HistoryChunkError.COULDNT_PRODUCE_PROOF);

            assertThat(serve(c.chain(), macroChain)).isInstanceOf(MacroChain.class);
            assertThat(Served.verifiesFromElectionBefore(
                            c.spec(),
                            (BatchSetInfo) serve(
                                    c.chain(),
                                    new RequestBatchSet(Served.election(c, 1).hash())),
                            Served.election(c, 1).hash(),
                            c.chain()))
                    .isTrue();
            assertThat(Served.verifiesAsChunk(c.chain(), election, 0, serve(c.chain(), chunk)))
                    .isTrue();
        }
    }
}
