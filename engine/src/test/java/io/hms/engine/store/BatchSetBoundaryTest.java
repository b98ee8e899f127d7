package io.hms.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.engine.store.BatchSetBoundary.Adoption;
import io.hms.engine.store.BatchSetBoundary.Mark;
import io.hms.protocol.Policy;
import io.hms.protocol.model.HistoricTransaction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC §1.4 in the store: followed blocks become batch-set boundaries by accumulated history size,
 * history-synced blocks always (UNIT: epochs of 4 batches, the 4th an election block).
 */
class BatchSetBoundaryTest {
    @TempDir
    Path dir;

    /** Three epochs whose batches vary in size (0 to 12 transfers). */
    private final TestChain test = varied(new TestChain(91, Policy.UNIT));

    private static TestChain varied(TestChain chain) {
        int[] txs = {5, 0, 12, 3, 7, 7, 1, 9, 12, 12, 0, 2};
        for (int t : txs) {
            chain.extendOne(t);
        }
        return chain;
    }

    private static long bytes(List<HistoricTransaction> items) {
        long sum = 0;
        for (HistoricTransaction tx : items) {
            sum += HistoricTransaction.CODEC.encode(tx).length;
        }
        return sum;
    }

    /** The rule written out independently: count since the last boundary, mark when it exceeds the limit. */
    private List<Boolean> expectedFollowed(long maxSize) {
        List<Boolean> marks = new ArrayList<>();
        long since = 0;
        for (TestChain.Batch b : test.batches()) {
            since += bytes(b.items());
            boolean boundary = test.policy().isElectionBlockAt(b.block().blockNumber()) || since > maxSize;
            marks.add(boundary);
            if (boundary) {
                since = 0;
            }
        }
        return marks;
    }

    private List<Boolean> marks(Blockchain chain) {
        List<Boolean> marks = new ArrayList<>();
        for (TestChain.Batch b : test.batches()) {
            marks.add(chain.isBatchSetBoundary(b.block().hash()));
        }
        return marks;
    }

    private long typicalBatchBytes() {
        return bytes(test.batch(2).items());
    }

    @Test
    void shouldMarkFollowedBlocksOnlyWhenTheHistorySinceTheLastBoundaryExceedsTheLimit() throws StoreException {
        long limit = typicalBatchBytes();
        List<Boolean> expected = expectedFollowed(limit);
        assertThat(expected)
                .as("the fixture marks some checkpoints and skips others")
                .contains(true)
                .containsSubsequence(false, true, false);
        try (Blockchain chain = RocksDbBlockchain.create(
                dir, test.spec(), StoreOptions.ARCHIVE.withSyncWrites(false).withHistoryChunksMaxSize(limit))) {
            for (TestChain.Batch b : test.batches()) {
                assertThat(chain.pushHistorySync(b.block(), b.items()).isExtended())
                        .isTrue();
            }

            assertThat(marks(chain)).isEqualTo(expected);
        }
    }

    @Test
    void shouldMarkOnlyElectionBlocksWhenFollowedEpochsStayBelowTheDefaultLimit() throws StoreException {
        try (Blockchain chain =
                RocksDbBlockchain.create(dir, test.spec(), StoreOptions.ARCHIVE.withSyncWrites(false))) {
            for (TestChain.Batch b : test.batches()) {
                assertThat(chain.pushHistorySync(b.block(), b.items()).isExtended())
                        .isTrue();
            }

            List<Boolean> marks = marks(chain);
            for (int i = 0; i < marks.size(); i++) {
                assertThat(marks.get(i))
                        .as("batch %d", i)
                        .isEqualTo(test.policy()
                                .isElectionBlockAt(test.batch(i).block().blockNumber()));
            }
        }
    }

    @Test
    void shouldContinueTheCountAcrossAReopenWhenFollowing() throws StoreException {
        long limit = typicalBatchBytes();
        StoreOptions options = StoreOptions.ARCHIVE.withSyncWrites(false).withHistoryChunksMaxSize(limit);
        List<TestChain.Batch> batches = test.batches();
        try (Blockchain chain = RocksDbBlockchain.create(dir, test.spec(), options)) {
            for (TestChain.Batch b : batches.subList(0, 5)) {
                assertThat(chain.pushHistorySync(b.block(), b.items()).isExtended())
                        .isTrue();
            }
        }
        try (Blockchain chain = RocksDbBlockchain.open(dir, options)) {
            for (TestChain.Batch b : batches.subList(5, batches.size())) {
                assertThat(chain.pushHistorySync(b.block(), b.items()).isExtended())
                        .isTrue();
            }

            assertThat(marks(chain)).isEqualTo(expectedFollowed(limit));
        }
    }

    @Test
    void shouldMarkEveryBlockWhenItIsAdoptedByHistorySync() throws StoreException {
        try (Blockchain chain = RocksDbBlockchain.create(
                dir,
                test.spec(),
                StoreOptions.ARCHIVE.withSyncWrites(false).withHistoryChunksMaxSize(typicalBatchBytes()))) {
            for (TestChain.Batch b : test.batches()) {
                assertThat(chain.pushHistorySync(b.block(), b.firstLeaf(), b.items())
                                .isExtended())
                        .isTrue();
            }

            assertThat(marks(chain)).containsOnly(true).hasSize(test.batches().size());
        }
    }

    @Test
    void shouldRestartTheCountWhenABoundaryOrElectionIsMarked() {
        assertThat(BatchSetBoundary.mark(Adoption.FOLLOWED, false, 60, 40, 100)).isEqualTo(new Mark(false, 100));
        assertThat(BatchSetBoundary.mark(Adoption.FOLLOWED, false, 60, 41, 100)).isEqualTo(Mark.BOUNDARY);
        assertThat(BatchSetBoundary.mark(Adoption.FOLLOWED, true, 0, 0, 100)).isEqualTo(Mark.BOUNDARY);
        assertThat(BatchSetBoundary.mark(Adoption.HISTORY_SYNC, false, 0, 0, 100))
                .isEqualTo(Mark.BOUNDARY);
        assertThat(BatchSetBoundary.mark(Adoption.FOLLOWED, false, Long.MAX_VALUE - 1, 5, Long.MAX_VALUE))
                .isEqualTo(new Mark(false, Long.MAX_VALUE));
    }
}
