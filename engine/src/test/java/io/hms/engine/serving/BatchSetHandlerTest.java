package io.hms.engine.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.engine.generator.ChainGenerator;
import io.hms.engine.generator.GeneratedBatch;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.store.ChainView;
import io.hms.engine.store.StoreException;
import io.hms.engine.store.UncheckedStoreException;
import io.hms.engine.testing.ForwardingChainView;
import io.hms.engine.testing.TestChains;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.Policy;
import io.hms.protocol.message.BatchSet;
import io.hms.protocol.message.BatchSetError;
import io.hms.protocol.message.BatchSetInfo;
import io.hms.protocol.message.BatchSetResponse;
import io.hms.protocol.message.RequestBatchSet;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.proof.SizeProof;
import io.hms.verifier.BatchSetVerifyState;
import io.hms.verifier.batchset.BatchSetInfoVerifier;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchSetHandlerTest {
    private static final GeneratorOptions OPTS = GeneratorOptions.defaults(41).withTransactions(3, 0.25, false);
    private static final Policy P = OPTS.policy();

    @TempDir
    Path dir;

    private final BatchSetHandler handler = new BatchSetHandler(ServingSettings.DEFAULTS);

    /** Verifies the info as a client whose election head is the previous epoch's election block would. */
    static void assertVerifies(ChainView view, BatchSetInfo info, Hash requested) {
        long epoch = view.spec()
                .policy()
                .epochAt(info.finalMacroBlock().orElseThrow().blockNumber());
        MacroBlock previousElection = view.mainChainBlockAt(view.spec().policy().electionBlockOf(epoch - 1))
                .orElseThrow();
        BatchSetVerifyState state =
                BatchSetVerifyState.afterElectionBlock(view.spec().networkId(), previousElection);
        BatchSetInfoVerifier.Outcome outcome = new BatchSetInfoVerifier()
                .verify(info, requested, state, view.spec().policy());
        assertThat(outcome)
                .as("verification of the batch sets of %s", requested.shortHex())
                .isInstanceOf(BatchSetInfoVerifier.Accepted.class);
    }

    /** Blocks as an info lists them (protocol version 2): only the last one keeps its justification. */
    private static List<MacroBlock> listed(List<MacroBlock> blocks) {
        List<MacroBlock> out = new java.util.ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            out.add(i == blocks.size() - 1 ? blocks.get(i) : blocks.get(i).withoutJustification());
        }
        return out;
    }

    private static List<Long> sizes(BatchSetInfo info) {
        return info.batchSets().stream().map(b -> b.historyLen().size()).toList();
    }

    @Test
    void shouldListEveryBatchSetOfTheEpochWhenAnElectionBlockIsRequested() throws Exception {
        try (TestChain c = TestChains.create(dir, OPTS.withShape(3, 1))) {
            List<GeneratedBatch> epoch2 = c.batches().subList(4, 8);
            MacroBlock election = epoch2.get(3).block();

            BatchSetInfo info = (BatchSetInfo) handler.handle(new RequestBatchSet(election.hash()), c.chain());

            assertThat(info.electionMacroBlock()).contains(election);
            assertThat(info.batchSets())
                    .extracting(BatchSet::macroBlock)
                    .containsExactlyElementsOf(
                            listed(epoch2.stream().map(GeneratedBatch::block).toList()));
            assertThat(info.links()).isEmpty();
            assertThat(sizes(info))
                    .containsExactlyElementsOf(
                            epoch2.stream().map(GeneratedBatch::historyLength).toList());
            assertVerifies(c.chain(), info, election.hash());
        }
    }

    @Test
    void shouldListTheBatchSetsUpToTheCheckpointWhenACheckpointIsRequested() throws Exception {
        try (TestChain c = TestChains.create(dir, OPTS.withShape(2, 3))) {
            GeneratedBatch head = c.lastBatch();
            GeneratedBatch olderEpoch = c.batches().get(1);

            BatchSetInfo current = (BatchSetInfo)
                    handler.handle(new RequestBatchSet(head.block().hash()), c.chain());
            BatchSetInfo older = (BatchSetInfo)
                    handler.handle(new RequestBatchSet(olderEpoch.block().hash()), c.chain());

            assertThat(current.electionMacroBlock()).isEmpty();
            assertThat(current.batchSets()).hasSize(3);
            assertThat(current.totalHistoryLen()).isEqualTo(head.historyLength());
            assertVerifies(c.chain(), current, head.block().hash());
            assertThat(older.electionMacroBlock()).isEmpty();
            assertThat(older.batchSets())
                    .extracting(BatchSet::macroBlock)
                    .containsExactlyElementsOf(listed(List.of(c.batches().get(0).block(), olderEpoch.block())));
            assertVerifies(c.chain(), older, olderEpoch.block().hash());
        }
    }

    @Test
    void shouldSendTheCheckpointsBetweenBoundariesAsLinksWhenTheNodeFollowedTheChain() throws Exception {
        // TEST policy: 4 batches of 32 blocks per epoch, about 5 KB of history per batch
        GeneratorOptions many = OPTS.withPolicy(io.hms.protocol.Policy.TEST)
                .withShape(2, 0)
                .withTransactions(40, 0, false)
                .withSignTransfers(false);
        long batchBytes = new ChainGenerator(many)
                .generateAll().get(0).items().stream()
                        .mapToLong(tx -> io.hms.protocol.model.HistoricTransaction.CODEC.encode(tx).length)
                        .sum();
        for (long threshold : new long[] {1, batchBytes * 3 / 2, Long.MAX_VALUE}) {
            try (TestChain c = TestChains.createFollowed(
                    dir.resolve("t" + threshold), many, TestChains.TEST_STORE.withHistoryChunksMaxSize(threshold))) {
                MacroBlock election = c.lastBatch().block();
                BatchSetInfo info = (BatchSetInfo) handler.handle(new RequestBatchSet(election.hash()), c.chain());
                assertVerifies(c.chain(), info, election.hash());
                long first = info.batchSets().get(0).macroBlock().blockNumber();
                assertThat(info.batchSets().size() + info.links().size())
                        .as("threshold %d", threshold)
                        .isEqualTo((int) ((election.blockNumber() - first) / 32 + 1));
                if (threshold == 1) {
                    assertThat(info.batchSets()).hasSize(4);
                } else if (threshold == Long.MAX_VALUE) {
                    assertThat(info.links()).isEmpty();
                    assertThat(info.batchSets())
                            .extracting(BatchSet::macroBlock)
                            .containsExactly(election);
                } else {
                    assertThat(info.batchSets()).hasSizeBetween(2, 3);
                    assertThat(info.links()).isNotEmpty();
                }
            }
        }
    }

    @Test
    void shouldProveEmptyAndSingleLeafSizesWhenBatchesHoldLittleHistory() throws Exception {
        GeneratorOptions emptyFirst =
                OPTS.withShape(2, 0).withTransactions(0, 0, true).withValidators(1);
        // a seed whose epoch 2 starts with a batch of exactly one item (its reward, no penalty or jail)
        while (new ChainGenerator(emptyFirst).generateAll().get(4).items().size() != 1) {
            emptyFirst = emptyFirst.withSeed(emptyFirst.seed() + 1);
        }
        try (TestChain c = TestChains.create(dir, emptyFirst)) {
            BatchSetInfo epoch1 = (BatchSetInfo) handler.handle(
                    new RequestBatchSet(c.batches().get(3).block().hash()), c.chain());
            BatchSetInfo epoch2 = (BatchSetInfo) handler.handle(
                    new RequestBatchSet(c.batches().get(4).block().hash()), c.chain());

            assertThat(epoch1.batchSets())
                    .allSatisfy(b -> assertThat(b.historyLen()).isEqualTo(SizeProof.EmptyTree.INSTANCE));
            assertVerifies(c.chain(), epoch1, c.batches().get(3).block().hash());
            assertThat(c.batches().get(4).items()).hasSize(1);
            assertThat(epoch2.batchSets().get(0).historyLen()).isInstanceOf(SizeProof.SingleElement.class);
            assertVerifies(c.chain(), epoch2, c.batches().get(4).block().hash());
        }
    }

    @Test
    void shouldAnswerTargetHashNotFoundWhenGenesisOrAnUnknownHashIsRequested() throws Exception {
        try (TestChain c = TestChains.create(dir, OPTS.withShape(1, 1));
                TestChain fork = TestChains.create(
                        dir.resolve("fork"), OPTS.withShape(1, 1).withFork(1, 3))) {
            assertThat(handler.handle(new RequestBatchSet(c.spec().genesisHash()), c.chain()))
                    .isEqualTo(BatchSetError.TARGET_HASH_NOT_FOUND);
            assertThat(handler.handle(new RequestBatchSet(Hash.of(new byte[32])), c.chain()))
                    .isEqualTo(BatchSetError.TARGET_HASH_NOT_FOUND);
            assertThat(handler.handle(
                            new RequestBatchSet(fork.lastBatch().block().hash()), c.chain()))
                    .isEqualTo(BatchSetError.TARGET_HASH_NOT_FOUND);
        }
    }

    @Test
    void shouldAnswerTargetHashNotFoundWhenGenesisIsRequestedFromAGenesisOnlyStore() throws Exception {
        try (TestChain c = TestChains.createEmpty(dir, OPTS.withPolicy(Policy.TEST))) {
            assertThat(handler.handle(new RequestBatchSet(c.spec().genesisHash()), c.chain()))
                    .isEqualTo(BatchSetError.TARGET_HASH_NOT_FOUND);
        }
    }

    @Test
    void shouldAnswerTargetHashNotFoundWhenTheBlockIsOffTheMainChain() throws Exception {
        try (TestChain c = TestChains.create(dir, OPTS.withShape(1, 1))) {
            Hash requested = c.lastBatch().block().hash();
            ChainView sideChain = new ForwardingChainView(c.chain()) {
                @Override
                public boolean isOnMainChain(Hash hash) {
                    return !hash.equals(requested) && super.isOnMainChain(hash);
                }
            };

            assertThat(handler.handle(new RequestBatchSet(requested), sideChain))
                    .isEqualTo(BatchSetError.TARGET_HASH_NOT_FOUND);
        }
    }

    @Test
    void shouldAnswerOtherWhenTheEpochWasPruned() throws Exception {
        try (TestChain c = TestChains.create(dir, OPTS.withShape(3, 1), TestChains.TEST_STORE.withPruned(true))) {
            BatchSetResponse pruned = handler.handle(
                    new RequestBatchSet(c.batches().get(3).block().hash()), c.chain());
            BatchSetResponse kept = handler.handle(
                    new RequestBatchSet(c.batches().get(11).block().hash()), c.chain());

            assertThat(pruned).isEqualTo(BatchSetError.OTHER);
            assertThat(kept).isInstanceOf(BatchSetInfo.class);
            assertVerifies(
                    c.chain(), (BatchSetInfo) kept, c.batches().get(11).block().hash());
        }
    }

    @Test
    void shouldAnswerOtherWhenTheStoreFails() throws Exception {
        try (TestChain c = TestChains.create(dir, OPTS.withShape(1, 0))) {
            ChainView failing = new ForwardingChainView(c.chain()) {
                @Override
                public Optional<MacroBlock> mainChainBlockAt(long blockNumber) {
                    throw new UncheckedStoreException(new StoreException(StoreException.Kind.IO, "disk on fire"));
                }
            };
            ChainView unprovable = new ForwardingChainView(c.chain()) {
                @Override
                public java.util.OptionalLong historyLengthAt(long blockNumber) {
                    return java.util.OptionalLong.empty();
                }
            };
            Hash election = c.lastBatch().block().hash();

            assertThat(handler.handle(new RequestBatchSet(election), failing)).isEqualTo(BatchSetError.OTHER);
            assertThat(handler.handle(new RequestBatchSet(election), unprovable))
                    .isEqualTo(BatchSetError.OTHER);
        }
    }

    @Test
    void shouldSendOnlyTheLatestBatchSetsWhenTheEpochHasMoreThanTheLimit() throws Exception {
        try (TestChain c = TestChains.create(dir, OPTS.withShape(1, 0))) {
            BatchSetHandler limited = new BatchSetHandler(new ServingSettings(1000, 2));
            MacroBlock election = c.lastBatch().block();

            BatchSetInfo info = (BatchSetInfo) limited.handle(new RequestBatchSet(election.hash()), c.chain());

            assertThat(info.batchSets())
                    .extracting(BatchSet::macroBlock)
                    .containsExactlyElementsOf(listed(List.of(c.batches().get(2).block(), election)));
            assertVerifies(c.chain(), info, election.hash());
        }
    }
}
