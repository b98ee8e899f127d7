package io.hms.engine.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.engine.generator.ChainGenerator;
import io.hms.engine.generator.GeneratedBatch;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.store.ChainView;
import io.hms.engine.testing.TestChains;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.Limits;
import io.hms.protocol.Policy;
import io.hms.protocol.message.BatchSetInfo;
import io.hms.protocol.message.HistoryChunk;
import io.hms.protocol.message.MacroChain;
import io.hms.protocol.message.MacroChainError;
import io.hms.protocol.message.RequestBatchSet;
import io.hms.protocol.message.RequestHistoryChunk;
import io.hms.protocol.message.RequestMacroChain;
import io.hms.protocol.message.Response;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.MacroBlock;
import io.hms.verifier.mmr.HistoryProofVerifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random and adversarial requests against every handler over several store states. Only typed
 * responses may come back; every success must verify with the verifier; and the handlers must
 * succeed exactly where the generated chain says an answer exists.
 */
class ServingPropertyTest {
    private static final int CASES = 300;
    private static final GeneratorOptions BASE = GeneratorOptions.defaults(71)
            .withTransactions(300, 0.2, false)
            .withSignTransfers(false)
            .withTxData(0, 60);

    @TempDir
    static Path dir;

    private static final Map<String, TestChain> STATES = new HashMap<>();
    private static List<Hash> foreignHashes;

    private final RequestHandlers handlers = new RequestHandlers(ServingSettings.DEFAULTS);

    @BeforeAll
    static void createStates() throws Exception {
        STATES.put("genesis only", TestChains.createEmpty(dir.resolve("empty"), BASE));
        STATES.put("one epoch", TestChains.create(dir.resolve("one"), BASE.withShape(1, 0)));
        STATES.put("epochs and checkpoint", TestChains.create(dir.resolve("cp"), BASE.withShape(3, 2)));
        STATES.put(
                "pruned",
                TestChains.create(dir.resolve("pruned"), BASE.withShape(3, 2), TestChains.TEST_STORE.withPruned(true)));
        foreignHashes = new ChainGenerator(BASE.withShape(3, 2).withFork(1, 9))
                .stream().map(b -> b.block().hash()).toList();
    }

    @AfterAll
    static void closeStates() {
        STATES.values().forEach(TestChain::close);
    }

    static Stream<String> states() {
        return Stream.of("genesis only", "one epoch", "epochs and checkpoint", "pruned");
    }

    /** What a state holds, read from the generator's batches rather than from the store. */
    private record Truth(TestChain chain, Map<Long, GeneratedBatch> byNumber, List<Hash> stored) {
        static Truth of(TestChain chain) {
            Map<Long, GeneratedBatch> byNumber = new HashMap<>();
            List<Hash> stored = new ArrayList<>(List.of(chain.spec().genesisHash()));
            for (GeneratedBatch b : chain.batches()) {
                byNumber.put(b.block().blockNumber(), b);
                stored.add(b.block().hash());
            }
            return new Truth(chain, byNumber, stored);
        }

        ChainView view() {
            return chain.chain();
        }

        Policy policy() {
            return chain.spec().policy();
        }

        long head() {
            return view().macroHead().blockNumber();
        }
    }

    @ParameterizedTest
    @MethodSource("states")
    void shouldAnswerMacroChainRequestsWithTypedVerifiableResponsesWhenRequestsAreRandom(String state) {
        Truth t = Truth.of(STATES.get(state));
        long seed = new SplittableRandom().nextLong();
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < CASES; i++) {
            int count = rnd.nextInt(10) == 0 ? 1000 + rnd.nextInt(2000) : rnd.nextInt(6);
            List<Hash> locators = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                locators.add(hash(rnd, t));
            }
            int maxEpochs = pick(rnd, new int[] {0, 1, 2, 3, 1000, 65535, rnd.nextInt(65536)});
            RequestMacroChain request = new RequestMacroChain(locators, maxEpochs);
            String what = "seed " + seed + ", state " + state + ", case " + i + ", maxEpochs " + maxEpochs;

            Response r = handlers.handle(request, t.view());

            boolean known = locators.stream().anyMatch(t.stored()::contains);
            if (!known) {
                assertThat(r).as(what).isEqualTo(MacroChainError.UNKNOWN_LOCATORS);
                continue;
            }
            assertThat(r).as(what).isInstanceOf(MacroChain.class);
            MacroChain chain = (MacroChain) r;
            assertThat(chain.epochs().size()).as(what).isLessThanOrEqualTo(Math.min(maxEpochs, 1000));
            long previous = -1;
            for (Hash epoch : chain.epochs()) {
                MacroBlock b = t.view().blockByHash(epoch).orElseThrow();
                assertThat(t.policy().isElectionBlockAt(b.blockNumber()))
                        .as(what)
                        .isTrue();
                assertThat(b.blockNumber()).as(what).isGreaterThan(previous);
                previous = b.blockNumber();
            }
            chain.checkpoint().ifPresent(cp -> {
                assertThat(cp.hash()).as(what).isEqualTo(t.view().macroHead().hash());
                assertThat(t.policy().isCheckpointBlockAt(cp.blockNumber()))
                        .as(what)
                        .isTrue();
            });
        }
    }

    @ParameterizedTest
    @MethodSource("states")
    void shouldAnswerBatchSetRequestsWithTypedVerifiableResponsesWhenRequestsAreRandom(String state) {
        Truth t = Truth.of(STATES.get(state));
        long seed = new SplittableRandom().nextLong();
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < CASES; i++) {
            Hash requested = hash(rnd, t);
            String what = "seed " + seed + ", state " + state + ", case " + i + ", hash " + requested.shortHex();

            Response r = handlers.handle(new RequestBatchSet(requested), t.view());

            Optional<GeneratedBatch> batch = t.chain().batches().stream()
                    .filter(b -> b.block().hash().equals(requested))
                    .findFirst();
            boolean servable = batch.isPresent()
                    && t.policy().epochAt(batch.get().block().blockNumber())
                            >= t.view().firstHistoryEpoch();
            if (!servable) {
                assertThat(r).as(what).isNotInstanceOf(BatchSetInfo.class).isNotNull();
                continue;
            }
            assertThat(r).as(what).isInstanceOf(BatchSetInfo.class);
            BatchSetInfo info = (BatchSetInfo) r;
            assertThat(info.totalHistoryLen()).as(what).isEqualTo(batch.get().historyLength());
            BatchSetHandlerTest.assertVerifies(t.view(), info, requested);
        }
    }

    @ParameterizedTest
    @MethodSource("states")
    void shouldAnswerHistoryChunkRequestsWithTypedVerifiableResponsesWhenRequestsAreRandom(String state) {
        Truth t = Truth.of(STATES.get(state));
        Policy p = t.policy();
        long seed = new SplittableRandom().nextLong();
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < CASES; i++) {
            long block = blockNumber(rnd, t);
            long epoch = rnd.nextInt(4) == 0
                    ? pick(rnd, new long[] {0, 1, 2, 3, 4, 0xFFFF_FFFFL, rnd.nextLong(1L << 32)})
                    : p.epochAt(block);
            long chunk = rnd.nextInt(4) == 0
                    ? pick(rnd, new long[] {Long.MAX_VALUE, -1, Long.MIN_VALUE, 1L << 54, rnd.nextLong(), 1000})
                    : rnd.nextInt(4);
            RequestHistoryChunk request = new RequestHistoryChunk(epoch, block, chunk);
            String what = "seed " + seed + ", state " + state + ", case " + i + ", " + request;

            Response r = handlers.handle(request, t.view());

            Optional<GeneratedBatch> at = expectedBatch(t, epoch, block);
            long leaves = at.map(GeneratedBatch::historyLength).orElse(0L);
            boolean servable = at.isPresent()
                    && epoch >= t.view().firstHistoryEpoch()
                    && chunk >= 0
                    && chunk < (leaves + Limits.CHUNK_SIZE - 1) / Limits.CHUNK_SIZE;
            if (!servable) {
                assertThat(r).as(what).isNotInstanceOf(HistoryChunk.class).isNotNull();
                continue;
            }
            assertThat(r).as(what).isInstanceOf(HistoryChunk.class);
            HistoryChunk c = (HistoryChunk) r;
            assertThat(HistoryProofVerifier.verifyChunk(
                                    c.chunk().proof(),
                                    at.get().block().header().historyRoot(),
                                    leaves,
                                    chunk,
                                    c.chunk().history())
                            .isValid())
                    .as(what)
                    .isTrue();
        }
    }

    /** The batch whose history a chunk request for (epoch, block) is answered from, if any. */
    private static Optional<GeneratedBatch> expectedBatch(Truth t, long epoch, long block) {
        Policy p = t.policy();
        if (epoch == 0 || p.epochAt(block) != epoch || block > t.head()) {
            return Optional.empty();
        }
        // only a macro block held at exactly that number is answered for (never a micro block's predecessor)
        return Optional.ofNullable(t.byNumber().get(block));
    }

    private static Hash hash(SplittableRandom rnd, Truth t) {
        int kind = rnd.nextInt(4);
        if (kind == 0) {
            return t.stored().get(rnd.nextInt(t.stored().size()));
        } else if (kind == 1) {
            return foreignHashes.get(rnd.nextInt(foreignHashes.size()));
        } else if (kind == 2) {
            return rnd.nextBoolean() ? Hash.ZERO : t.chain().spec().genesisHash();
        }
        byte[] b = new byte[32];
        rnd.nextBytes(b);
        return Hash.of(b);
    }

    private static long blockNumber(SplittableRandom rnd, Truth t) {
        Policy p = t.policy();
        long head = t.head();
        long near = rnd.nextLong(head + 3 * p.blocksPerBatch() + 1);
        return pick(rnd, new long[] {
            near, near, near, p.genesisBlockNumber(), head, head + 1, 0xFFFF_FFFFL, rnd.nextLong(1L << 32)
        });
    }

    private static int pick(SplittableRandom rnd, int[] values) {
        return values[rnd.nextInt(values.length)];
    }

    private static long pick(SplittableRandom rnd, long[] values) {
        return values[rnd.nextInt(values.length)];
    }
}
