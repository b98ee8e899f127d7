package io.hms.engine.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.store.ChainView;
import io.hms.engine.testing.ForwardingChainView;
import io.hms.engine.testing.TestChains;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.Limits;
import io.hms.protocol.Policy;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.codec.Writer;
import io.hms.protocol.message.BatchSetError;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile requests to a serving node (issue 7), each served through the codec over a generated
 * store and over a store holding only genesis: the answer is the family's typed error (or an
 * honest answer where the request is legitimate after all), and the work is bounded — counted in
 * store calls ({@link CountingView}), not in time. Crash inputs of the original are in {@link
 * ServerDefectRegressionTest}.
 */
class HostileRequestTest {
    private static final GeneratorOptions OPTS = GeneratorOptions.defaults(2701).withShape(3, 2);
    private static final Policy P = OPTS.policy();
    private static final long WORK_BOUND = HandlerChecks.workBound(P);

    @TempDir
    Path dir;

    private Response serve(CountingView view, Request request) {
        view.reset();
        Response r = Wire.serve(Served.HONEST, view, request);
        assertThat(view.calls()).as("store calls for %s", request).isLessThanOrEqualTo(WORK_BOUND);
        return r;
    }

    private static Hash random(SplittableRandom rnd) {
        byte[] b = new byte[Hash.LENGTH];
        rnd.nextBytes(b);
        return Hash.of(b);
    }

    @Test
    void shouldAnswerTypedErrorsWhenHashesAreUnknownOnEitherStore() throws Exception {
        SplittableRandom rnd = new SplittableRandom(7);
        try (TestChain full = TestChains.create(dir.resolve("full"), OPTS);
                TestChain empty = TestChains.createEmpty(dir.resolve("empty"), OPTS)) {
            for (ChainView store : List.of(full.chain(), empty.chain())) {
                CountingView view = new CountingView(store);
                for (int i = 0; i < 20; i++) {
                    Hash unknown = random(rnd);
                    assertThat(serve(view, new RequestBatchSet(unknown)))
                            .isEqualTo(BatchSetError.TARGET_HASH_NOT_FOUND);
                    assertThat(serve(view, new RequestMacroChain(List.of(unknown), 1000)))
                            .isEqualTo(MacroChainError.UNKNOWN_LOCATORS);
                }
                assertThat(serve(view, new RequestMacroChain(List.of(), 1000)))
                        .isEqualTo(MacroChainError.UNKNOWN_LOCATORS);
                assertThat(serve(view, new RequestBatchSet(Hash.ZERO))).isEqualTo(BatchSetError.TARGET_HASH_NOT_FOUND);
            }
        }
    }

    @Test
    void shouldAnswerMicroBlockGivenWhenAMicroBlockPositionIsRequested() throws Exception {
        try (TestChain c = TestChains.create(dir, OPTS)) {
            MacroBlock cp = c.chain().macroHead();
            MacroBlock micro = Served.microAfter(cp);
            CountingView withMicro = new CountingView(new ForwardingChainView(c.chain()) {
                @Override
                public Optional<MacroBlock> blockByHash(Hash hash) {
                    return hash.equals(micro.hash()) ? Optional.of(micro) : super.blockByHash(hash);
                }

                @Override
                public boolean isOnMainChain(Hash hash) {
                    return hash.equals(micro.hash()) || super.isOnMainChain(hash);
                }
            });

            assertThat(serve(withMicro, new RequestBatchSet(micro.hash()))).isEqualTo(BatchSetError.MICRO_BLOCK_GIVEN);
            // a micro block number in a chunk request is proved against the macro block before it
            CountingView view = new CountingView(c.chain());
            assertThat(serve(view, new RequestHistoryChunk(3, cp.blockNumber() + 1, 0)))
                    .isEqualTo(serve(view, new RequestHistoryChunk(3, cp.blockNumber(), 0)));
        }
    }

    @Test
    void shouldAnswerCouldntProduceProofWhenTheBlockIsACheckpointOfAnotherEpoch() throws Exception {
        try (TestChain c = TestChains.create(dir, OPTS)) {
            CountingView view = new CountingView(c.chain());
            long checkpointOfEpoch4 = c.chain().macroHead().blockNumber();
            long checkpointOfEpoch2 = P.electionBlockOf(1) + P.blocksPerBatch();
            for (long epoch : new long[] {1, 2, 3, 5, 0xFFFF_FFFFL}) {
                assertThat(serve(view, new RequestHistoryChunk(epoch, checkpointOfEpoch4, 0)))
                        .as("epoch %d", epoch)
                        .isEqualTo(HistoryChunkError.COULDNT_PRODUCE_PROOF);
            }
            assertThat(serve(view, new RequestHistoryChunk(1, checkpointOfEpoch2, 0)))
                    .isEqualTo(HistoryChunkError.COULDNT_PRODUCE_PROOF);
            assertThat(Served.verifiesAsChunk(
                            c.chain(),
                            c.chain().macroHead(),
                            0,
                            serve(view, new RequestHistoryChunk(4, checkpointOfEpoch4, 0))))
                    .isTrue();
        }
    }

    @Test
    void shouldAnswerCouldntProduceProofWhenChunkIndexesArePastTheEndOrHuge() throws Exception {
        try (TestChain full = TestChains.create(dir.resolve("full"), OPTS);
                TestChain empty = TestChains.createEmpty(dir.resolve("empty"), OPTS)) {
            MacroBlock election = full.chain().electionHead();
            long epoch = P.epochAt(election.blockNumber());
            long chunks = (full.chain().historyLength(epoch) + Limits.CHUNK_SIZE - 1) / Limits.CHUNK_SIZE;
            for (TestChain c : List.of(full, empty)) {
                CountingView view = new CountingView(c.chain());
                for (long index : new long[] {chunks, chunks + 1, 1000, 1L << 32, 1L << 53, Long.MAX_VALUE, -1}) {
                    assertThat(serve(view, new RequestHistoryChunk(epoch, election.blockNumber(), index)))
                            .as("chunk %s", Long.toUnsignedString(index))
                            .isEqualTo(HistoryChunkError.COULDNT_PRODUCE_PROOF);
                }
            }
            assertThat(Served.verifiesAsChunk(
                            full.chain(),
                            election,
                            chunks - 1,
                            serve(
                                    new CountingView(full.chain()),
                                    new RequestHistoryChunk(epoch, election.blockNumber(), chunks - 1))))
                    .isTrue();
        }
    }

    @Test
    void shouldHonourMaxEpochsZeroAndCap65535WhenRequested() throws Exception {
        try (TestChain c = TestChains.create(dir, OPTS)) {
            CountingView view = new CountingView(c.chain());
            Hash genesis = c.spec().genesisHash();
            MacroBlock head = c.chain().macroHead();

            assertThat(serve(view, new RequestMacroChain(List.of(genesis), 0)))
                    .as("zero epochs from genesis: no checkpoint of a later epoch")
                    .isEqualTo(new MacroChain(List.of(), Optional.empty()));
            assertThat(serve(
                            view,
                            new RequestMacroChain(
                                    List.of(c.chain().electionHead().hash()), 0)))
                    .isEqualTo(new MacroChain(List.of(), Optional.of(Served.checkpointOf(head))));
            MacroChain all = (MacroChain) serve(view, new RequestMacroChain(List.of(genesis), 65535));
            assertThat(all.epochs()).hasSize(3);
            assertThat(all.checkpoint()).contains(Served.checkpointOf(head));
        }
    }

    @Test
    void shouldRejectMoreLocatorsThanTheLimitInTheCodecAndServeTheLimit() throws Exception {
        SplittableRandom rnd = new SplittableRandom(11);
        try (TestChain c = TestChains.create(dir, OPTS)) {
            List<Hash> locators = new ArrayList<>();
            for (int i = 0; i < Limits.MAX_LOCATORS - 1; i++) {
                locators.add(random(rnd));
            }
            locators.add(Served.election(c, 2).hash());
            CountingView view = new CountingView(c.chain());

            Response r = serve(view, new RequestMacroChain(locators, 1000));

            assertThat(r)
                    .isEqualTo(new MacroChain(
                            List.of(Served.election(c, 3).hash()),
                            Optional.of(Served.checkpointOf(c.chain().macroHead()))));
            List<Hash> tooMany = new ArrayList<>(locators);
            tooMany.add(c.spec().genesisHash());
            byte[] wire = new Writer().list(tooMany, Hash.CODEC).varint(1000).toByteArray();
            assertThatThrownBy(() -> RequestMacroChain.CODEC.decode(wire))
                    .isInstanceOf(DecodeException.class)
                    .extracting(e -> ((DecodeException) e).field())
                    .isEqualTo("RequestMacroChain.locators");
            for (int thousands : new int[] {1_000, 100_000}) {
                byte[] claimed =
                        new Writer().varint(thousands).raw(new byte[64]).toByteArray();
                assertThatThrownBy(() -> RequestMacroChain.CODEC.decode(claimed))
                        .as("%d locators claimed", thousands)
                        .isInstanceOf(DecodeException.class);
            }
        }
    }

    @Test
    void shouldRejectBlockNumbersBeyondU32InTheCodec() {
        byte[] wire = new Writer().varint(1).varint(1L << 32).varint(0).toByteArray();
        assertThatThrownBy(() -> RequestHistoryChunk.CODEC.decode(wire))
                .isInstanceOf(DecodeException.class)
                .extracting(e -> ((DecodeException) e).field())
                .isEqualTo("RequestHistoryChunk.blockNumber");
    }
}
