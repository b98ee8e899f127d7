package io.hms.engine.serving;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.engine.generator.ChainGenerator;
import io.hms.engine.generator.GeneratedBatch;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.store.ChainView;
import io.hms.engine.store.Finality;
import io.hms.engine.testing.ForwardingChainView;
import io.hms.engine.testing.TestChains;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.Policy;
import io.hms.protocol.message.Checkpoint;
import io.hms.protocol.message.MacroChain;
import io.hms.protocol.message.MacroChainError;
import io.hms.protocol.message.MacroChainResponse;
import io.hms.protocol.message.RequestMacroChain;
import io.hms.protocol.model.ByteString;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.model.MacroHeader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MacroChainHandlerTest {
    private static final GeneratorOptions OPTS = GeneratorOptions.defaults(31).withTransactions(1, 0, false);
    private static final Policy P = OPTS.policy();

    @TempDir
    Path dir;

    private final MacroChainHandler handler = new MacroChainHandler(ServingSettings.DEFAULTS);

    private MacroChainResponse ask(ChainView view, int maxEpochs, Hash... locators) {
        return handler.handle(new RequestMacroChain(List.of(locators), maxEpochs), view);
    }

    private static MacroBlock electionOf(TestChain c, long epoch) {
        return c.chain().mainChainBlockAt(P.electionBlockOf(epoch)).orElseThrow();
    }

    private static Checkpoint checkpointOf(MacroBlock block) {
        return new Checkpoint(block.blockNumber(), block.hash());
    }

    /** A history-synced store: epoch 1, then checkpoints of epoch 2 as {@code finalities} say. */
    private static TestChain historySynced(Path dir, List<GeneratedBatch> all, Finality... finalities)
            throws Exception {
        TestChain c = TestChains.createEmpty(dir, OPTS.withShape(1, 3));
        int epoch1 = P.batchesPerEpoch();
        TestChains.push(c.chain(), all.subList(0, epoch1));
        for (int i = 0; i < finalities.length; i++) {
            GeneratedBatch b = all.get(epoch1 + i);
            assertThat(c.chain()
                            .pushHistorySync(b.block(), b.firstLeafIndex(), b.items(), finalities[i])
                            .isExtended())
                    .isTrue();
        }
        return c;
    }

    @Test
    void shouldNameTheLatestJustifiedCheckpointWhenTheMacroHeadCarriesNoJustification() throws Exception {
        List<GeneratedBatch> all = new ChainGenerator(OPTS.withShape(1, 3)).generateAll();
        MacroBlock cp1 = all.get(4).block();
        MacroBlock cp3 = all.get(6).block();
        try (TestChain c =
                historySynced(dir, all, Finality.Justified.INSTANCE, new Finality.ChainedTo(cp3, List.of()))) {
            assertThat(c.chain().macroHead().justification()).isEmpty();

            assertThat(ask(c.chain(), 3, c.spec().genesisHash()))
                    .isEqualTo(new MacroChain(List.of(electionOf(c, 1).hash()), Optional.of(checkpointOf(cp1))));
            assertThat(ask(c.chain(), 3, cp1.hash())).isEqualTo(new MacroChain(List.of(), Optional.empty()));
        }
    }

    @Test
    void shouldNameNoCheckpointWhenNoMacroBlockOfTheOpenEpochCarriesAJustification() throws Exception {
        List<GeneratedBatch> all = new ChainGenerator(OPTS.withShape(1, 3)).generateAll();
        MacroBlock cp3 = all.get(6).block();
        try (TestChain c = historySynced(
                dir,
                all,
                new Finality.ChainedTo(cp3, List.of(all.get(5).block().header())),
                new Finality.ChainedTo(cp3, List.of()))) {
            assertThat(ask(c.chain(), 3, c.spec().genesisHash()))
                    .isEqualTo(new MacroChain(List.of(electionOf(c, 1).hash()), Optional.empty()));
        }
    }

    @Test
    void shouldAnswerTheSpecExamplesWhenTheServerHoldsAnEpochAndACheckpoint() throws Exception {
        try (TestChain c = TestChains.create(dir, OPTS.withShape(1, 1))) {
            MacroBlock e1 = electionOf(c, 1);
            MacroBlock cp = c.lastBatch().block();

            assertThat(ask(c.chain(), 3, c.spec().genesisHash()))
                    .isEqualTo(new MacroChain(List.of(e1.hash()), Optional.of(checkpointOf(cp))));
            assertThat(ask(c.chain(), 3, e1.hash()))
                    .isEqualTo(new MacroChain(List.of(), Optional.of(checkpointOf(cp))));
            assertThat(ask(c.chain(), 3, cp.hash())).isEqualTo(new MacroChain(List.of(), Optional.empty()));
        }
    }

    @Test
    void shouldListEveryEpochAndNoCheckpointWhenTheMacroHeadIsAnElectionBlock() throws Exception {
        try (TestChain c = TestChains.create(dir, OPTS.withShape(3, 0))) {
            MacroChainResponse r = ask(c.chain(), 1000, c.spec().genesisHash());

            assertThat(r)
                    .isEqualTo(new MacroChain(
                            List.of(
                                    electionOf(c, 1).hash(),
                                    electionOf(c, 2).hash(),
                                    electionOf(c, 3).hash()),
                            Optional.empty()));
        }
    }

    @Test
    void shouldUseTheFirstKnownLocatorWhenSeveralAreKnown() throws Exception {
        try (TestChain c = TestChains.create(dir, OPTS.withShape(3, 2))) {
            Hash unknown = Hash.of(new byte[32]);
            MacroChainResponse r = ask(
                    c.chain(), 10, unknown, electionOf(c, 2).hash(), c.spec().genesisHash());

            assertThat(r)
                    .isEqualTo(new MacroChain(
                            List.of(electionOf(c, 3).hash()),
                            Optional.of(checkpointOf(c.lastBatch().block()))));
        }
    }

    @Test
    void shouldStartAtItsEpochsElectionWhenTheLocatorIsAnOlderCheckpoint() throws Exception {
        try (TestChain c = TestChains.create(dir, OPTS.withShape(2, 1))) {
            MacroBlock oldCheckpoint = c.batches().get(5).block();
            assertThat(P.epochAt(oldCheckpoint.blockNumber())).isEqualTo(2);

            assertThat(ask(c.chain(), 10, oldCheckpoint.hash()))
                    .isEqualTo(new MacroChain(
                            List.of(electionOf(c, 2).hash()),
                            Optional.of(checkpointOf(c.lastBatch().block()))));
        }
    }

    @Test
    void shouldAnswerUnknownLocatorsWhenNoLocatorIsKnown() throws Exception {
        try (TestChain c = TestChains.create(dir, OPTS.withShape(1, 1));
                TestChain other = TestChains.create(
                        dir.resolve("fork"), OPTS.withShape(1, 1).withFork(1, 77))) {
            assertThat(ask(c.chain(), 3)).isEqualTo(MacroChainError.UNKNOWN_LOCATORS);
            assertThat(ask(c.chain(), 3, Hash.of(new byte[32]))).isEqualTo(MacroChainError.UNKNOWN_LOCATORS);
            assertThat(ask(
                            c.chain(),
                            3,
                            other.lastBatch().block().hash(),
                            other.batches().get(3).block().hash()))
                    .isEqualTo(MacroChainError.UNKNOWN_LOCATORS);
        }
    }

    @Test
    void shouldSkipAMicroBlockLocatorWhenItIsOnTheMainChain() throws Exception {
        try (TestChain c = TestChains.create(dir, OPTS.withShape(1, 1))) {
            MacroBlock cp = c.lastBatch().block();
            MacroHeader h = cp.header();
            MacroBlock micro = new MacroBlock(
                    new MacroHeader(
                            h.network(),
                            h.version(),
                            cp.blockNumber() + 1,
                            h.timestamp() + 1,
                            cp.hash(),
                            h.parentElectionHash(),
                            h.historyRoot(),
                            h.bodyRoot(),
                            ByteString.EMPTY),
                    cp.body(),
                    Optional.empty());
            ChainView withMicro = new ForwardingChainView(c.chain()) {
                @Override
                public Optional<MacroBlock> blockByHash(Hash hash) {
                    return hash.equals(micro.hash()) ? Optional.of(micro) : super.blockByHash(hash);
                }

                @Override
                public boolean isOnMainChain(Hash hash) {
                    return hash.equals(micro.hash()) || super.isOnMainChain(hash);
                }

                @Override
                public long headBlockNumber() {
                    return micro.blockNumber();
                }
            };

            assertThat(ask(withMicro, 3, micro.hash())).isEqualTo(MacroChainError.UNKNOWN_LOCATORS);
            assertThat(ask(withMicro, 3, micro.hash(), cp.hash()))
                    .isEqualTo(new MacroChain(List.of(), Optional.empty()));
        }
    }

    @Test
    void shouldAttachACheckpointOnlyFromTheOpenEpochWhenMaxEpochsIsZero() throws Exception {
        try (TestChain c = TestChains.create(dir, OPTS.withShape(3, 1))) {
            Checkpoint cp = checkpointOf(c.lastBatch().block());

            assertThat(ask(c.chain(), 0, c.spec().genesisHash()))
                    .isEqualTo(new MacroChain(List.of(), Optional.empty()));
            assertThat(ask(c.chain(), 0, electionOf(c, 3).hash()))
                    .isEqualTo(new MacroChain(List.of(), Optional.of(cp)));
        }
    }

    @Test
    void shouldCapEpochsBySettingsWhenMaxEpochsIsHuge() throws Exception {
        try (TestChain c = TestChains.create(dir, OPTS.withShape(5, 1))) {
            MacroChain all = (MacroChain) ask(c.chain(), 65535, c.spec().genesisHash());
            assertThat(all.epochs()).hasSize(5);
            assertThat(all.checkpoint()).isPresent();

            MacroChainHandler capped = new MacroChainHandler(new ServingSettings(2, 1024));
            MacroChainResponse r =
                    capped.handle(new RequestMacroChain(List.of(c.spec().genesisHash()), 65535), c.chain());
            assertThat(r)
                    .isEqualTo(new MacroChain(
                            List.of(electionOf(c, 1).hash(), electionOf(c, 2).hash()), Optional.empty()));
        }
    }

    @Test
    void shouldFindTheKnownLocatorWhenThousandsOfLocatorsAreSent() throws Exception {
        try (TestChain c = TestChains.create(dir, OPTS.withShape(1, 0))) {
            SplittableRandom rnd = new SplittableRandom(5);
            List<Hash> locators = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                byte[] b = new byte[32];
                rnd.nextBytes(b);
                locators.add(Hash.of(b));
            }
            assertThat(handler.handle(new RequestMacroChain(locators, 1000), c.chain()))
                    .isEqualTo(MacroChainError.UNKNOWN_LOCATORS);

            locators.add(c.spec().genesisHash());
            assertThat(handler.handle(new RequestMacroChain(locators, 1000), c.chain()))
                    .isEqualTo(new MacroChain(List.of(electionOf(c, 1).hash()), Optional.empty()));
        }
    }

    @Test
    void shouldAnswerEmptyWhenTheServerHoldsOnlyGenesis() throws Exception {
        try (TestChain c = TestChains.createEmpty(dir, OPTS)) {
            assertThat(ask(c.chain(), 1000, c.spec().genesisHash()))
                    .isEqualTo(new MacroChain(List.of(), Optional.empty()));
        }
    }

    @Test
    void shouldOfferTheLatestCheckpointWhenTheRequesterHoldsAnEarlierOneOfTheEpoch() throws Exception {
        try (TestChain c = TestChains.create(dir, OPTS.withShape(1, 3))) {
            GeneratedBatch first = c.batches().get(4);

            assertThat(ask(
                            c.chain(),
                            1000,
                            first.block().hash(),
                            electionOf(c, 1).hash()))
                    .isEqualTo(new MacroChain(
                            List.of(), Optional.of(checkpointOf(c.lastBatch().block()))));
        }
    }
}
