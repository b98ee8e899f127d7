package io.hms.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hms.engine.store.PushResult.Extended;
import io.hms.protocol.Policy;
import io.hms.protocol.message.Services;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.MacroBlock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksDbBlockchainTest {
    @TempDir
    Path dir;

    private static PushResult push(Blockchain chain, TestChain.Batch b) {
        return chain.pushHistorySync(b.block(), b.firstLeaf(), b.items());
    }

    @Test
    void shouldExtendThroughEpochsAndCheckpointsWhenPushedInOrder() throws Exception {
        TestChain test = new TestChain(1, Policy.UNIT);
        int[] txs = {0, 3, 0, 5, 7, 0, 2, 9, 1, 1, 1, 4, 6};
        for (int t : txs) {
            test.extendOne(t);
        }
        try (Blockchain chain = RocksDbBlockchain.create(dir, test.spec(), StoreOptions.ARCHIVE)) {
            long total = 0;
            for (TestChain.Batch b : test.batches()) {
                PushResult r = push(chain, b);
                total += b.items().size();
                assertThat(r).isInstanceOf(Extended.class);
                Extended e = (Extended) r;
                assertThat(e.blockNumber()).isEqualTo(b.block().blockNumber());
                assertThat(e.appendedLeaves()).isEqualTo(b.items().size());
                assertThat(e.historyLength()).isEqualTo(b.endLeaf());
                assertThat(e.election())
                        .isEqualTo(test.policy().isElectionBlockAt(b.block().blockNumber()));
                assertThat(chain.macroHead()).isEqualTo(b.block());
                assertThat(chain.totalTransactions()).isEqualTo(total);
            }
            assertChainContents(chain, test);
        }
    }

    /** Everything the view exposes, checked against the test chain. */
    static void assertChainContents(ChainView chain, TestChain test) throws StoreException {
        Policy p = test.policy();
        MacroBlock last = test.batches().get(test.batches().size() - 1).block();
        assertThat(chain.macroHead()).isEqualTo(last);
        assertThat(chain.headBlockNumber()).isEqualTo(last.blockNumber());
        MacroBlock election = test.spec().genesis();
        for (TestChain.Batch b : test.batches()) {
            MacroBlock block = b.block();
            if (p.isElectionBlockAt(block.blockNumber())) {
                election = block;
            }
            assertThat(chain.blockByHash(block.hash())).contains(block);
            assertThat(chain.mainChainBlockAt(block.blockNumber())).contains(block);
            assertThat(chain.isOnMainChain(block.hash())).isTrue();
            assertThat(chain.isBatchSetBoundary(block.hash())).isTrue();
            assertThat(chain.historyLengthAt(block.blockNumber())).hasValue(b.endLeaf());
            assertThat(chain.historyRoot(b.epoch(), b.endLeaf()))
                    .isEqualTo(block.header().historyRoot());
            for (int i = 0; i < b.items().size(); i++) {
                HistoricTransaction tx = b.items().get(i);
                assertThat(chain.findTransaction(tx.hash()))
                        .contains(new TxLocation(b.epoch(), b.firstLeaf() + i, tx.blockNumber()));
            }
        }
        assertThat(chain.electionHead()).isEqualTo(election);
        long lastEpoch = p.epochAt(last.blockNumber());
        for (long e = 1; e <= lastEpoch; e++) {
            List<HistoricTransaction> items = test.epochItems(e);
            assertThat(chain.historyLength(e)).isEqualTo(items.size());
            assertThat(chain.history(e, 0, Integer.MAX_VALUE)).isEqualTo(items);
            assertThat(chain.validatorsForEpoch(e)).isEqualTo(test.validatorSet(e));
        }
        assertThat(chain.validatorsForEpoch(p.epochAt(election.blockNumber()) + 1))
                .isEqualTo(test.validatorSet(p.epochAt(election.blockNumber()) + 1));
        assertThat(chain.isOnMainChain(test.spec().genesisHash())).isTrue();
        assertThat(chain.isBatchSetBoundary(test.spec().genesisHash())).isTrue();
        assertThat(chain.services()).isEqualTo(Services.HISTORY | Services.FULL_BLOCKS);
    }

    @Test
    void shouldAnswerHistoryLengthAtBetweenMacroBlocksWhenAskedForAnyHeight() {
        TestChain test = new TestChain(2, Policy.UNIT).extend(6, 3); // epoch 1 (4 batches) + 2 checkpoints
        try (Blockchain chain = create(test)) {
            test.batches().forEach(b -> push(chain, b));
            Policy p = test.policy();
            assertThat(chain.historyLengthAt(p.genesisBlockNumber())).hasValue(0);
            assertThat(chain.historyLengthAt(1)).hasValue(0); // epoch 1, before its first macro block
            assertThat(chain.historyLengthAt(5)).hasValue(test.batch(0).endLeaf());
            assertThat(chain.historyLengthAt(16)).hasValue(test.batch(3).endLeaf());
            assertThat(chain.historyLengthAt(17)).hasValue(0); // epoch 2 starts empty
            assertThat(chain.historyLengthAt(22)).hasValue(test.batch(4).endLeaf());
            assertThat(chain.historyLengthAt(24)).hasValue(test.batch(5).endLeaf());
            assertThat(chain.historyLengthAt(25)).isEmpty(); // beyond our head
            assertThat(chain.mainChainBlockAt(5)).isEmpty(); // a micro block position
            assertThat(chain.history(1, 2, 3)).isEqualTo(test.epochItems(1).subList(2, 5));
            assertThat(chain.history(1, 1000, 3)).isEmpty();
            assertThat(chain.history(9, 0, 3)).isEmpty();
        }
    }

    @Test
    void shouldAnswerKnownAndChangeNothingWhenBlockAlreadyStored() {
        TestChain test = new TestChain(3, Policy.UNIT).extend(3, 4);
        try (Blockchain chain = create(test)) {
            test.batches().forEach(b -> push(chain, b));
            StoreSnapshot before = StoreSnapshot.of(chain);
            TestChain.Batch b = test.batch(1);
            assertThat(push(chain, b)).isEqualTo(new PushResult.Known(b.block().hash()));
            assertThat(chain.pushHistorySync(test.spec().genesis(), List.of()))
                    .isEqualTo(new PushResult.Known(test.spec().genesisHash()));
            assertThat(StoreSnapshot.of(chain)).isEqualTo(before);
        }
    }

    @Test
    void shouldSkipCheckpointsAndIgnoreOlderBlocksWhenPushedOutOfOrder() {
        TestChain test = new TestChain(4, Policy.UNIT).extend(4, 5);
        try (Blockchain chain = create(test)) {
            assertThat(push(chain, test.batch(0)).isExtended()).isTrue();
            // batch 2 with the history of batches 1 and 2: a batch set that skips checkpoint 1
            List<HistoricTransaction> items = new ArrayList<>(test.batch(1).items());
            items.addAll(test.batch(2).items());
            PushResult r =
                    chain.pushHistorySync(test.batch(2).block(), test.batch(1).firstLeaf(), items);
            assertThat(r).isInstanceOf(Extended.class);
            StoreSnapshot before = StoreSnapshot.of(chain);
            assertThat(push(chain, test.batch(1)))
                    .isEqualTo(new PushResult.Ignored(
                            test.batch(1).block().blockNumber(),
                            test.batch(2).block().blockNumber()));
            assertThat(StoreSnapshot.of(chain)).isEqualTo(before);
            assertThat(chain.mainChainBlockAt(test.batch(1).block().blockNumber()))
                    .isEmpty();
            assertThat(chain.historyLengthAt(test.batch(1).block().blockNumber()))
                    .hasValue(test.batch(0).endLeaf());
            assertThat(push(chain, test.batch(3)).isExtended()).isTrue();
        }
    }

    @Test
    void shouldAcceptOverlapFromAlignedStartWhenItemsMatch() {
        TestChain test = new TestChain(5, Policy.UNIT).extend(3, 6);
        try (Blockchain chain = create(test)) {
            push(chain, test.batch(0));
            push(chain, test.batch(1));
            List<HistoricTransaction> epoch = test.epochItems(1);
            PushResult r = chain.pushHistorySync(test.batch(2).block(), 0, epoch);
            assertThat(r).isInstanceOf(Extended.class);
            assertThat(((Extended) r).appendedLeaves())
                    .isEqualTo(test.batch(2).items().size());
            assertThat(chain.history(1, 0, 1000)).isEqualTo(epoch);
            assertThat(chain.totalTransactions()).isEqualTo(epoch.size());
        }
    }

    @Test
    void shouldTakeItemsFromFirstUnknownLeafWhenTwoArgumentFormUsed() {
        TestChain test = new TestChain(6, Policy.UNIT).extend(6, 3);
        try (Blockchain chain = create(test)) {
            for (TestChain.Batch b : test.batches()) {
                assertThat(chain.pushHistorySync(b.block(), b.items()).isExtended())
                        .isTrue();
            }
            assertThat(chain.historyLength(2)).isEqualTo(test.epochItems(2).size());
        }
    }

    @Test
    void shouldKeepEverythingWhenReopenedAfterClose() throws Exception {
        TestChain test = new TestChain(7, Policy.TEST).extend(6, 20);
        try (Blockchain chain = create(test)) {
            test.batches().forEach(b -> push(chain, b));
        }
        try (Blockchain chain = RocksDbBlockchain.open(dir, StoreOptions.ARCHIVE)) {
            assertThat(chain.spec()).isEqualTo(test.spec());
            assertChainContents(chain, test);
            test.extend(1, 20);
            assertThat(push(chain, test.batch(6)).isExtended()).isTrue();
        }
        try (Blockchain chain = RocksDbBlockchain.openOrCreate(dir, test.spec(), StoreOptions.ARCHIVE)) {
            assertChainContents(chain, test);
        }
    }

    @Test
    void shouldCompleteAStoreWhoseCreationWasInterrupted() throws Exception {
        // a process killed after RocksDB created its files but before genesis (and the spec) committed
        StoreColumns.open(dir, StoreOptions.ARCHIVE).close();
        assertThat(StoreLifecycle.exists(dir)).isTrue();
        assertThatThrownBy(() -> RocksDbBlockchain.open(dir, StoreOptions.ARCHIVE))
                .isInstanceOfSatisfying(
                        StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.NOT_FOUND))
                .hasMessageContaining("creation never completed");
        TestChain test = new TestChain(12, Policy.TEST).extend(2, 5);
        try (Blockchain chain = RocksDbBlockchain.openOrCreate(dir, test.spec(), StoreOptions.ARCHIVE)) {
            assertThat(chain.spec()).isEqualTo(test.spec());
            assertThat(chain.headBlockNumber()).isEqualTo(test.spec().genesis().blockNumber());
            test.batches().forEach(b -> push(chain, b));
            assertChainContents(chain, test);
        }
        try (Blockchain chain = RocksDbBlockchain.openOrCreate(dir, test.spec(), StoreOptions.ARCHIVE)) {
            assertChainContents(chain, test);
        }
    }

    @Test
    void shouldFailLockedWhenDirectoryAlreadyOpen() throws Exception {
        TestChain test = new TestChain(8, Policy.UNIT);
        try (Blockchain chain = create(test)) {
            assertThatThrownBy(() -> RocksDbBlockchain.open(dir, StoreOptions.ARCHIVE))
                    .isInstanceOfSatisfying(
                            StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.LOCKED))
                    .hasMessageContaining("in use");
            assertThat(chain.headBlockNumber()).isEqualTo(0);
        }
        RocksDbBlockchain.open(dir, StoreOptions.ARCHIVE).close();
    }

    @Test
    void shouldFailTypedWhenDirectoryHoldsNoStoreOrAnotherOne(@TempDir Path empty) throws Exception {
        assertThatThrownBy(() -> RocksDbBlockchain.open(empty, StoreOptions.ARCHIVE))
                .isInstanceOfSatisfying(
                        StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.NOT_FOUND));
        TestChain test = new TestChain(9, Policy.UNIT);
        create(test).close();
        assertThatThrownBy(() -> RocksDbBlockchain.create(dir, test.spec(), StoreOptions.ARCHIVE))
                .isInstanceOfSatisfying(
                        StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.ALREADY_EXISTS));
        ChainSpec other = new TestChain(10, Policy.UNIT).spec();
        assertThatThrownBy(() -> RocksDbBlockchain.openOrCreate(dir, other, StoreOptions.ARCHIVE))
                .isInstanceOfSatisfying(
                        StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.INCOMPATIBLE));
        RocksDbBlockchain.open(dir, StoreOptions.ARCHIVE).close();
    }

    @Test
    void shouldRefuseReadsAndWritesWhenClosed() {
        TestChain test = new TestChain(11, Policy.UNIT).extend(1, 3);
        Blockchain chain = create(test);
        chain.close();
        chain.close();
        assertThatThrownBy(() -> chain.blockByHash(test.spec().genesisHash()))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> chain.proveSize(1, 0))
                .isInstanceOfSatisfying(
                        StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CLOSED));
        assertThatThrownBy(() -> chain.stageChunk(
                        test.batch(0).block().hash(), 0, test.batch(0).items()))
                .isInstanceOfSatisfying(
                        StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.CLOSED));
        assertThat(push(chain, test.batch(0)))
                .isInstanceOfSatisfying(
                        PushResult.Rejected.class, r -> assertThat(r.error()).isEqualTo(PushError.STORE_FAILURE));
    }

    private Blockchain create(TestChain test) {
        try {
            return RocksDbBlockchain.create(dir, test.spec(), StoreOptions.ARCHIVE.withSyncWrites(false));
        } catch (StoreException e) {
            throw new AssertionError(e);
        }
    }
}
