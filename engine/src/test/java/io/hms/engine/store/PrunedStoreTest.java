package io.hms.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hms.protocol.Policy;
import io.hms.protocol.model.HistoricTransaction;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;

/** A pruned ("full") store keeps the latest epoch's history only and advertises no services. */
class PrunedStoreTest {
    @TempDir
    Path dir;

    private static final StoreOptions PRUNED = StoreOptions.PRUNED.withSyncWrites(false);

    @Test
    void shouldDropOlderEpochsWhenAnEpochCompletes() throws Exception {
        TestChain test = new TestChain(41, Policy.UNIT).extend(13, 6); // epochs 1-3 complete, one checkpoint of 4
        try (Blockchain chain = RocksDbBlockchain.create(dir, test.spec(), PRUNED)) {
            for (TestChain.Batch b : test.batches()) {
                assertThat(chain.pushHistorySync(b.block(), b.firstLeaf(), b.items())
                                .isExtended())
                        .isTrue();
                long epoch = b.epoch();
                long completed = test.policy().epochAt(chain.electionHead().blockNumber());
                assertThat(chain.firstHistoryEpoch()).isEqualTo(completed);
                assertThat(chain.historyLength(epoch)).isEqualTo(b.endLeaf());
            }
            assertPrunedState(chain, test);
        }
        try (Blockchain chain = RocksDbBlockchain.open(dir, PRUNED)) {
            assertPrunedState(chain, test);
        }
        assertNoStoredLeavesOrNodesBelow(3);
    }

    private static void assertPrunedState(ChainView chain, TestChain test) throws StoreException {
        assertThat(chain.pruned()).isTrue();
        assertThat(chain.services()).isZero();
        assertThat(chain.firstHistoryEpoch()).isEqualTo(3);
        assertThat(chain.totalTransactions())
                .isEqualTo(test.epochItems(3).size() + test.epochItems(4).size());
        for (long e = 1; e <= 2; e++) {
            long epoch = e;
            assertThat(chain.historyLength(e)).isZero();
            assertThat(chain.history(e, 0, 10)).isEmpty();
            for (HistoricTransaction tx : test.epochItems(e)) {
                assertThat(chain.findTransaction(tx.hash())).isEmpty();
            }
            assertThatThrownBy(() -> chain.proveRange(epoch, 0, 1, 1))
                    .isInstanceOfSatisfying(
                            StoreException.class, ex -> assertThat(ex.kind()).isEqualTo(StoreException.Kind.PRUNED));
            assertThatThrownBy(() -> chain.proveSize(epoch, 1))
                    .isInstanceOfSatisfying(
                            StoreException.class, ex -> assertThat(ex.kind()).isEqualTo(StoreException.Kind.PRUNED));
        }
        for (long e = 3; e <= 4; e++) {
            assertThat(chain.history(e, 0, Integer.MAX_VALUE)).isEqualTo(test.epochItems(e));
            for (HistoricTransaction tx : test.epochItems(e)) {
                assertThat(chain.findTransaction(tx.hash())).isPresent();
            }
            TestChain.Batch last = lastBatchOf(test, e);
            assertThat(chain.historyRoot(e, chain.historyLength(e)))
                    .isEqualTo(last.block().header().historyRoot());
        }
        // blocks of pruned epochs stay: the macro chain is still served
        assertThat(chain.blockByHash(test.batch(0).block().hash()))
                .contains(test.batch(0).block());
        assertThat(chain.historyLengthAt(test.batch(0).block().blockNumber()))
                .hasValue(test.batch(0).endLeaf());
    }

    private static TestChain.Batch lastBatchOf(TestChain test, long epoch) {
        TestChain.Batch last = null;
        for (TestChain.Batch b : test.batches()) {
            if (b.epoch() == epoch) {
                last = b;
            }
        }
        return last;
    }

    private void assertNoStoredLeavesOrNodesBelow(long epoch) throws StoreException {
        try (StoreColumns cols = StoreColumns.open(dir, PRUNED);
                ReadOptions read = new ReadOptions()) {
            for (Column<EpochKey, byte[]> column : java.util.List.of(cols.history, cols.mmr)) {
                try (RocksIterator it = column.iterator(read)) {
                    it.seekToFirst();
                    assertThat(it.isValid()).isTrue();
                    assertThat(EpochKey.CODEC.decode(it.key()).epoch())
                            .as(column.name())
                            .isGreaterThanOrEqualTo(epoch);
                }
            }
        }
    }

    @Test
    void shouldPruneWhenArchiveIsReopenedPrunedButRefuseTheWayBack() throws Exception {
        TestChain test = new TestChain(42, Policy.UNIT).extend(13, 6);
        try (Blockchain chain =
                RocksDbBlockchain.create(dir, test.spec(), StoreOptions.ARCHIVE.withSyncWrites(false))) {
            test.batches().forEach(b -> chain.pushHistorySync(b.block(), b.firstLeaf(), b.items()));
            assertThat(chain.firstHistoryEpoch()).isZero();
            assertThat(chain.history(1, 0, 1)).hasSize(1);
        }
        try (Blockchain chain = RocksDbBlockchain.open(dir, PRUNED)) {
            assertPrunedState(chain, test);
        }
        assertNoStoredLeavesOrNodesBelow(3);
        assertThatThrownBy(() -> RocksDbBlockchain.open(dir, StoreOptions.ARCHIVE))
                .isInstanceOfSatisfying(
                        StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.INCOMPATIBLE));
    }
}
