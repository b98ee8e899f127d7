package io.hms.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.engine.store.PushResult.Extended;
import io.hms.engine.store.PushResult.Rejected;
import io.hms.protocol.Limits;
import io.hms.protocol.Policy;
import io.hms.protocol.model.HistoricTransaction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Staged chunks are committed with their block in one push, never visible before, and cleaned up. */
class StagingTest {
    @TempDir
    Path dir;

    private static final StoreOptions OPTIONS = StoreOptions.ARCHIVE.withSyncWrites(false);

    /** Stages the epoch's items from the 1024-aligned start below {@code from} up to {@code to}, chunk by chunk, shuffled. */
    private static void stage(Blockchain chain, TestChain test, TestChain.Batch b, Random rnd) throws StoreException {
        List<HistoricTransaction> epoch = test.epochItems(b.epoch());
        long start = b.firstLeaf() / Limits.CHUNK_SIZE * Limits.CHUNK_SIZE;
        List<Long> chunks = new ArrayList<>();
        for (long c = start; c < b.endLeaf(); c += Limits.CHUNK_SIZE) {
            chunks.add(c);
        }
        Collections.shuffle(chunks, rnd);
        for (long c : chunks) {
            long end = Math.min(c + Limits.CHUNK_SIZE, b.endLeaf());
            chain.stageChunk(b.block().hash(), c, epoch.subList((int) c, (int) end));
        }
    }

    @Test
    void shouldCommitStagedChunksWithTheirBlockWhenPushedStaged() throws Exception {
        long seed = 51;
        Random rnd = new Random(seed);
        TestChain test = new TestChain(seed, Policy.UNIT);
        for (int t : new int[] {1500, 0, 2600, 10, 3000}) {
            test.extendOne(t);
        }
        try (Blockchain chain = RocksDbBlockchain.create(dir, test.spec(), OPTIONS)) {
            for (TestChain.Batch b : test.batches()) {
                stage(chain, test, b, rnd);
                assertThat(chain.historyLength(b.epoch())).isEqualTo(b.firstLeaf());
                PushResult r = chain.pushStaged(b.block());
                assertThat(r)
                        .as("seed %d block %d", seed, b.block().blockNumber())
                        .isInstanceOf(Extended.class);
                assertThat(((Extended) r).appendedLeaves()).isEqualTo(b.items().size());
            }
            RocksDbBlockchainTest.assertChainContents(chain, test);
        }
        try (StoreColumns cols = StoreColumns.open(dir, OPTIONS);
                org.rocksdb.ReadOptions read = new org.rocksdb.ReadOptions();
                org.rocksdb.RocksIterator it = cols.staging.iterator(read)) {
            it.seekToFirst();
            assertThat(it.isValid()).as("staging is empty after the pushes").isFalse();
        }
    }

    @Test
    void shouldRejectAndKeepStagingWhenStagedRunHasAGap() throws Exception {
        TestChain test = new TestChain(52, Policy.UNIT).extend(2, 3000);
        try (Blockchain chain = RocksDbBlockchain.create(dir, test.spec(), OPTIONS)) {
            TestChain.Batch b = test.batch(0);
            List<HistoricTransaction> items = b.items();
            chain.stageChunk(b.block().hash(), 0, items.subList(0, 1024));
            chain.stageChunk(b.block().hash(), 2048, items.subList(2048, items.size()));
            StoreSnapshot before = StoreSnapshot.of(chain);
            PushResult r = chain.pushStaged(b.block());
            assertThat(r)
                    .isInstanceOfSatisfying(
                            Rejected.class,
                            rejected -> assertThat(rejected.error()).isEqualTo(PushError.HISTORY_LENGTH_MISMATCH));
            assertThat(StoreSnapshot.of(chain)).isEqualTo(before);
            chain.stageChunk(b.block().hash(), 1024, items.subList(1024, 2048));
            assertThat(chain.pushStaged(b.block()).isExtended()).isTrue();
        }
    }

    @Test
    void shouldRejectRootMismatchAndPushCleanlyWhenStagedItemsAreDiscardedAndRestaged() throws Exception {
        TestChain test = new TestChain(53, Policy.UNIT).extend(2, 100);
        try (Blockchain chain = RocksDbBlockchain.create(dir, test.spec(), OPTIONS)) {
            TestChain.Batch b = test.batch(0);
            chain.stageChunk(b.block().hash(), 0, b.items().subList(0, 50));
            assertThat(chain.pushStaged(b.block()))
                    .isInstanceOfSatisfying(
                            Rejected.class,
                            rejected -> assertThat(rejected.error()).isEqualTo(PushError.HISTORY_ROOT_MISMATCH));
            assertThat(chain.totalTransactions()).isZero();
            chain.discardStaged(b.block().hash());
            chain.stageChunk(b.block().hash(), 0, b.items());
            assertThat(chain.pushStaged(b.block()).isExtended()).isTrue();
            assertThat(chain.totalTransactions()).isEqualTo(b.items().size());
        }
    }

    @Test
    void shouldPushWithoutHistoryWhenNothingIsStagedAndDiscardStagingOnReopen() throws Exception {
        TestChain test = new TestChain(54, Policy.UNIT).extend(1, 0).extend(1, 20);
        try (Blockchain chain = RocksDbBlockchain.create(dir, test.spec(), OPTIONS)) {
            assertThat(chain.pushStaged(test.batch(0).block()).isExtended()).isTrue();
            chain.stageChunk(test.batch(1).block().hash(), 0, test.batch(1).items());
        }
        try (Blockchain chain = RocksDbBlockchain.open(dir, OPTIONS)) {
            assertThat(chain.pushStaged(test.batch(1).block()))
                    .isInstanceOfSatisfying(
                            Rejected.class,
                            rejected -> assertThat(rejected.error()).isEqualTo(PushError.HISTORY_ROOT_MISMATCH));
        }
    }
}
