package io.hms.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.engine.store.PushResult.Rejected;
import io.hms.protocol.Policy;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.model.MacroHeader;
import io.hms.verifier.Fault;
import io.hms.verifier.JustificationVerifier;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pushes of checkpoints without their own justification, final through the parent-hash chain from
 * a justified anchor later in their epoch (UNIT: epoch 1 is blocks 4, 8, 12, 16).
 */
class ChainedPushTest {
    private static final StoreOptions OPTIONS = StoreOptions.ARCHIVE.withSyncWrites(false);

    @TempDir
    Path dir;

    private final TestChain test = new TestChain(61, Policy.UNIT).extend(8, 3);

    private static MacroHeader header(TestChain.Batch b) {
        return b.block().header();
    }

    private Finality.ChainedTo chainedTo(int anchor, int... links) {
        MacroHeader[] headers = new MacroHeader[links.length];
        for (int i = 0; i < links.length; i++) {
            headers[i] = header(test.batch(links[i]));
        }
        return new Finality.ChainedTo(test.batch(anchor).block(), List.of(headers));
    }

    private static PushResult push(Blockchain chain, TestChain.Batch b, Finality finality) {
        return chain.pushHistorySync(b.block(), b.firstLeaf(), b.items(), finality);
    }

    /** Pushes, expects NOT_CHAINED_TO_ANCHOR with {@code fault}, and checks that nothing was written. */
    private static void expectNotChained(Blockchain chain, TestChain.Batch b, Finality finality, Fault fault) {
        StoreSnapshot before = StoreSnapshot.of(chain);

        PushResult r = push(chain, b, finality);

        assertThat(r).isInstanceOfSatisfying(Rejected.class, rejected -> {
            assertThat(rejected.error()).isEqualTo(PushError.NOT_CHAINED_TO_ANCHOR);
            assertThat(rejected.fault()).contains(fault);
        });
        assertThat(StoreSnapshot.of(chain)).isEqualTo(before);
        assertThat(chain.blockByHash(b.block().hash())).isEmpty();
    }

    private static MacroBlock withJustificationOf(MacroBlock block, MacroBlock other) {
        return new MacroBlock(block.header(), block.body(), other.justification());
    }

    @Test
    void shouldStoreCheckpointsWithoutJustificationWhenTheyChainToAJustifiedAnchor() throws StoreException {
        try (Blockchain chain = RocksDbBlockchain.create(dir, test.spec(), OPTIONS)) {
            assertThat(push(chain, test.batch(0), chainedTo(3, 1, 2)).isExtended())
                    .isTrue();
            assertThat(push(chain, test.batch(1), chainedTo(3, 2)).isExtended()).isTrue();
            assertThat(push(chain, test.batch(2), chainedTo(3)).isExtended()).isTrue();
            assertThat(push(chain, test.batch(3), Finality.Justified.INSTANCE).isExtended())
                    .isTrue();

            for (int i = 0; i < 3; i++) {
                Hash hash = test.batch(i).block().hash();
                assertThat(chain.blockByHash(hash))
                        .hasValueSatisfying(b -> assertThat(b.justification()).isEmpty());
                assertThat(chain.isBatchSetBoundary(hash)).isTrue();
            }
            assertThat(chain.macroHead()).isEqualTo(test.batch(3).block());
            assertThat(chain.historyLength(1)).isEqualTo(test.batch(3).endLeaf());
        }
    }

    @Test
    void shouldRefuseAChainedBlockWhoseLeavesDoNotGiveItsRootAndWriteNothing() throws StoreException {
        // the store's own check of an intermediate batch set: its block is authentic (chained to a
        // justified anchor) but the leaves handed with it are not the ones its history root commits to
        try (Blockchain chain = RocksDbBlockchain.create(dir, test.spec(), OPTIONS)) {
            TestChain.Batch b = test.batch(0);
            List<HistoricTransaction> items = new java.util.ArrayList<>(b.items());
            HistoricTransaction last = items.get(items.size() - 1);
            items.set(items.size() - 1, new HistoricTransaction(last.blockNumber(), last.blockTime() + 1, last.data()));
            StoreSnapshot before = StoreSnapshot.of(chain);

            PushResult r = chain.pushHistorySync(b.block(), b.firstLeaf(), items, chainedTo(3, 1, 2));

            assertThat(r)
                    .isInstanceOfSatisfying(
                            Rejected.class,
                            rejected -> assertThat(rejected.error()).isEqualTo(PushError.HISTORY_ROOT_MISMATCH));
            assertThat(StoreSnapshot.of(chain)).isEqualTo(before);
            assertThat(chain.blockByHash(b.block().hash())).isEmpty();
            assertThat(chain.historyLength(1)).isZero();
        }
    }

    @Test
    void shouldNotStoreAJustificationThatAChainedBlockCarriesUnverified() throws StoreException {
        try (Blockchain chain = RocksDbBlockchain.create(dir, test.spec(), OPTIONS)) {
            TestChain.Batch b = test.batch(0);
            MacroBlock forged = withJustificationOf(b.block(), test.batch(1).block());

            assertThat(chain.pushHistorySync(forged, b.firstLeaf(), b.items(), chainedTo(3, 1, 2))
                            .isExtended())
                    .isTrue();

            assertThat(chain.blockByHash(b.block().hash()))
                    .hasValue(new MacroBlock(b.block().header(), b.block().body(), Optional.empty()));
        }
    }

    @Test
    void shouldRejectTheChainWhenALinkNamesAnotherParent() throws StoreException {
        try (Blockchain chain = RocksDbBlockchain.create(dir, test.spec(), OPTIONS)) {
            MacroHeader real = header(test.batch(1));
            MacroHeader forgedLink = new MacroHeader(
                    real.network(),
                    real.version(),
                    real.blockNumber(),
                    real.timestamp(),
                    real.parentHash(),
                    real.parentElectionHash(),
                    Hash.ZERO,
                    real.bodyRoot(),
                    real.extraData());
            Finality forged = new Finality.ChainedTo(test.batch(3).block(), List.of(forgedLink, header(test.batch(2))));

            expectNotChained(chain, test.batch(0), forged, Fault.OFF_HASH_CHAIN);
            expectNotChained(chain, test.batch(0), chainedTo(3, 2, 1), Fault.CHAIN_LINK_MISPLACED);
            expectNotChained(chain, test.batch(0), chainedTo(3, 2), Fault.CHAIN_LINK_MISSING);
            expectNotChained(chain, test.batch(1), chainedTo(3, 1, 2), Fault.CHAIN_LINK_MISSING);
            assertThat(push(chain, test.batch(0), chainedTo(3, 1, 2)).isExtended())
                    .isTrue();
        }
    }

    @Test
    void shouldRejectTheChainWhenTheAnchorIsNotAboveTheBlockInItsEpoch() throws StoreException {
        try (Blockchain chain = RocksDbBlockchain.create(dir, test.spec(), OPTIONS)) {
            expectNotChained(chain, test.batch(0), chainedTo(4, 1, 2, 3), Fault.BATCH_SET_OUTSIDE_EPOCH);
            expectNotChained(chain, test.batch(1), chainedTo(0), Fault.BATCH_SET_OUTSIDE_EPOCH);
            for (int i = 0; i < 4; i++) {
                assertThat(push(chain, test.batch(i), Finality.Justified.INSTANCE)
                                .isExtended())
                        .isTrue();
            }
            expectNotChained(chain, test.batch(4), chainedTo(3), Fault.BATCH_SET_OUTSIDE_EPOCH);
            // an election block closes its epoch: nothing above it can anchor it
            expectNotChained(
                    chain,
                    test.batch(7),
                    new Finality.ChainedTo(test.batch(7).block(), List.of()),
                    Fault.BATCH_SET_OUTSIDE_EPOCH);
        }
    }

    @Test
    void shouldRejectTheChainWhenTheAnchorsJustificationDoesNotVerify() throws StoreException {
        try (Blockchain chain = RocksDbBlockchain.create(dir, test.spec(), OPTIONS)) {
            MacroBlock anchor = test.batch(3).block();
            List<MacroHeader> links = List.of(header(test.batch(1)), header(test.batch(2)));
            MacroBlock unsigned = new MacroBlock(anchor.header(), anchor.body(), Optional.empty());
            MacroBlock signedForAnother =
                    withJustificationOf(anchor, test.batch(2).block());
            MacroBlock signedByNextEpoch = new MacroBlock(
                    anchor.header(),
                    anchor.body(),
                    Optional.of(JustificationVerifier.sign(
                            TestChain.NETWORK, anchor.hash(), test.keysOf(2), new int[] {0, 1, 2})));

            expectNotChained(
                    chain, test.batch(0), new Finality.ChainedTo(unsigned, links), Fault.MISSING_JUSTIFICATION);
            expectNotChained(
                    chain, test.batch(0), new Finality.ChainedTo(signedForAnother, links), Fault.INVALID_SIGNATURE);
            expectNotChained(
                    chain, test.batch(0), new Finality.ChainedTo(signedByNextEpoch, links), Fault.INVALID_SIGNATURE);
            assertThat(push(chain, test.batch(0), new Finality.ChainedTo(anchor, links))
                            .isExtended())
                    .isTrue();
        }
    }

    @Test
    void shouldVerifyAnAnchorOnceWhenSeveralPushesChainToIt() throws StoreException {
        MacroBlock anchor = test.batch(3).block();
        MacroBlock badCopy = withJustificationOf(anchor, test.batch(2).block());
        try (Blockchain chain = RocksDbBlockchain.create(dir, test.spec(), OPTIONS)) {
            assertThat(push(chain, test.batch(0), chainedTo(3, 1, 2)).isExtended())
                    .isTrue();

            // the anchor's hash was verified: the copy's justification is not looked at again
            PushResult second =
                    push(chain, test.batch(1), new Finality.ChainedTo(badCopy, List.of(header(test.batch(2)))));

            assertThat(second.isExtended()).isTrue();
        }
    }

    @Test
    void shouldVerifyTheAnchorEveryTimeWhenTheCacheIsOff() throws StoreException {
        MacroBlock anchor = test.batch(3).block();
        MacroBlock badCopy = withJustificationOf(anchor, test.batch(2).block());
        try (Blockchain chain = RocksDbBlockchain.create(dir, test.spec(), OPTIONS.withVerifiedAnchorEntries(0))) {
            assertThat(push(chain, test.batch(0), chainedTo(3, 1, 2)).isExtended())
                    .isTrue();

            expectNotChained(
                    chain,
                    test.batch(1),
                    new Finality.ChainedTo(badCopy, List.of(header(test.batch(2)))),
                    Fault.INVALID_SIGNATURE);
        }
    }

    @Test
    void shouldApplyStagedHistoryWhenTheStagedBlockIsChained() throws StoreException {
        try (Blockchain chain = RocksDbBlockchain.create(dir, test.spec(), OPTIONS)) {
            TestChain.Batch b = test.batch(0);
            chain.stageChunk(b.block().hash(), b.firstLeaf(), b.items());

            assertThat(chain.pushStaged(b.block(), chainedTo(3, 1, 2)).isExtended())
                    .isTrue();

            assertThat(chain.historyLength(1)).isEqualTo(b.endLeaf());
            assertThat(chain.blockByHash(b.block().hash()))
                    .hasValueSatisfying(s -> assertThat(s.justification()).isEmpty());
        }
    }

    @Test
    void shouldStillRequireItsOwnJustificationWhenABlockIsPushedAsJustified() throws StoreException {
        try (Blockchain chain = RocksDbBlockchain.create(dir, test.spec(), OPTIONS)) {
            TestChain.Batch b = test.batch(0);
            MacroBlock bare = new MacroBlock(b.block().header(), b.block().body(), Optional.empty());

            PushResult r = chain.pushHistorySync(bare, b.firstLeaf(), b.items(), Finality.Justified.INSTANCE);

            assertThat(r).isInstanceOfSatisfying(Rejected.class, rejected -> {
                assertThat(rejected.error()).isEqualTo(PushError.INVALID_JUSTIFICATION);
                assertThat(rejected.fault()).contains(Fault.MISSING_JUSTIFICATION);
            });
        }
    }
}
