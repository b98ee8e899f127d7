package io.hms.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hms.engine.store.PushResult.Rejected;
import io.hms.protocol.Limits;
import io.hms.protocol.Policy;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.verifier.mmr.LeafHashes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pushes with the leaf and transaction hashes computed by chunk verification ({@link LeafHashes})
 * write exactly what pushes that hash in the store write, and a supplied leaf hash that does not
 * belong to the block's history is refused like wrong leaves.
 */
class PrecomputedHashesTest {
    @TempDir
    Path dir;

    private static final StoreOptions OPTIONS = StoreOptions.ARCHIVE.withSyncWrites(false);

    /** Two epochs, batch sets large and small, empty ones, more than a chunk. */
    private static TestChain chain() {
        TestChain test = new TestChain(61, Policy.UNIT);
        for (int t : new int[] {1500, 0, 2600, 10, 3000, 7, 1100}) {
            test.extendOne(t);
        }
        return test;
    }

    /** Each batch set's history from the start of its epoch: the sync sends overlapping items too. */
    private static List<HistoricTransaction> fromEpochStart(TestChain test, TestChain.Batch b) {
        return test.epochItems(b.epoch()).subList(0, (int) b.endLeaf());
    }

    @Test
    void shouldWriteTheSameStoreWhenHashesComeWithTheItemsOrAreStaged() throws Exception {
        TestChain test = chain();
        Path plain = dir.resolve("plain");
        Path hashed = dir.resolve("hashed");
        Path overlapping = dir.resolve("overlapping");
        Path staged = dir.resolve("staged");
        try (Blockchain a = RocksDbBlockchain.create(plain, test.spec(), OPTIONS);
                Blockchain b = RocksDbBlockchain.create(hashed, test.spec(), OPTIONS);
                Blockchain c = RocksDbBlockchain.create(overlapping, test.spec(), OPTIONS);
                Blockchain d = RocksDbBlockchain.create(staged, test.spec(), OPTIONS)) {
            for (TestChain.Batch batch : test.batches()) {
                assertThat(a.pushHistorySync(batch.block(), batch.firstLeaf(), batch.items())
                                .isExtended())
                        .isTrue();
                assertThat(b.pushHistorySync(
                                        batch.block(),
                                        batch.firstLeaf(),
                                        batch.items(),
                                        LeafHashes.of(batch.items()),
                                        Finality.Justified.INSTANCE)
                                .isExtended())
                        .isTrue();
                List<HistoricTransaction> all = fromEpochStart(test, batch);
                assertThat(c.pushHistorySync(batch.block(), 0, all, LeafHashes.of(all), Finality.Justified.INSTANCE)
                                .isExtended())
                        .isTrue();
                stageInChunks(d, batch, all);
                assertThat(d.pushStaged(batch.block()).isExtended()).isTrue();
            }
            RocksDbBlockchainTest.assertChainContents(b, test);
            RocksDbBlockchainTest.assertChainContents(d, test);
        }
        Map<String, List<String>> expected = StoreDump.of(plain);
        assertThat(expected.get("history"))
                .hasSize(test.epochItems(1).size() + test.epochItems(2).size());
        assertThat(StoreDump.of(hashed)).isEqualTo(expected);
        assertThat(StoreDump.of(overlapping)).isEqualTo(expected);
        assertThat(StoreDump.of(staged)).isEqualTo(expected);
    }

    /** Stages the batch set's new leaves chunk by chunk, each with the hashes of its whole chunk sliced. */
    private static void stageInChunks(Blockchain chain, TestChain.Batch b, List<HistoricTransaction> epoch)
            throws StoreException {
        for (long c = b.firstLeaf() / Limits.CHUNK_SIZE * Limits.CHUNK_SIZE; c < b.endLeaf(); c += Limits.CHUNK_SIZE) {
            int end = (int) Math.min(c + Limits.CHUNK_SIZE, b.endLeaf());
            int from = (int) Math.max(c, b.firstLeaf());
            LeafHashes chunk = LeafHashes.of(epoch.subList((int) c, end));
            chain.stageChunk(
                    b.block().hash(), from, epoch.subList(from, end), chunk.slice(from - (int) c, end - (int) c));
        }
    }

    /** The hashes of {@code items} with the leaf hash of one item replaced by another item's. */
    private static LeafHashes withOneWrongHash(List<HistoricTransaction> items, int wrong) {
        List<HistoricTransaction> other = new ArrayList<>(items);
        HistoricTransaction tx = other.get(wrong);
        other.set(wrong, new HistoricTransaction(tx.blockNumber(), tx.blockTime() + 1, tx.data()));
        return LeafHashes.of(other);
    }

    @Test
    void shouldRefuseAndWriteNothingWhenASuppliedLeafHashIsWrong() throws StoreException {
        TestChain test = chain();
        try (Blockchain chain = RocksDbBlockchain.create(dir, test.spec(), OPTIONS)) {
            TestChain.Batch first = test.batch(0);
            assertThat(chain.pushHistorySync(first.block(), first.firstLeaf(), first.items())
                            .isExtended())
                    .isTrue();
            TestChain.Batch b = test.batch(2);
            StoreSnapshot before = StoreSnapshot.of(chain);

            PushResult r = chain.pushHistorySync(
                    b.block(),
                    b.firstLeaf(),
                    b.items(),
                    withOneWrongHash(b.items(), 1234),
                    Finality.Justified.INSTANCE);

            assertThat(r)
                    .isInstanceOfSatisfying(
                            Rejected.class,
                            rejected -> assertThat(rejected.error()).isEqualTo(PushError.HISTORY_ROOT_MISMATCH));
            assertThat(StoreSnapshot.of(chain)).isEqualTo(before);
            assertThat(chain.blockByHash(b.block().hash())).isEmpty();
            assertThat(chain.findTransaction(b.items().get(0).hash())).isEmpty();
        }
    }

    @Test
    void shouldRefuseAndKeepStagingWhenAStagedLeafHashIsWrong() throws StoreException {
        TestChain test = chain();
        try (Blockchain chain = RocksDbBlockchain.create(dir, test.spec(), OPTIONS)) {
            TestChain.Batch b = test.batch(0);
            List<HistoricTransaction> items = b.items();
            chain.stageChunk(b.block().hash(), 0, items.subList(0, 1024), withOneWrongHash(items.subList(0, 1024), 3));
            chain.stageChunk(b.block().hash(), 1024, items.subList(1024, items.size()));
            StoreSnapshot before = StoreSnapshot.of(chain);

            PushResult r = chain.pushStaged(b.block());

            assertThat(r)
                    .isInstanceOfSatisfying(
                            Rejected.class,
                            rejected -> assertThat(rejected.error()).isEqualTo(PushError.HISTORY_ROOT_MISMATCH));
            assertThat(StoreSnapshot.of(chain)).isEqualTo(before);
            // staging is kept on failure; staging the chunk again with the right hashes overwrites it
            chain.stageChunk(b.block().hash(), 0, items.subList(0, 1024), LeafHashes.of(items.subList(0, 1024)));
            assertThat(chain.pushStaged(b.block()).isExtended()).isTrue();
            assertThat(chain.historyRoot(1, b.endLeaf()))
                    .isEqualTo(b.block().header().historyRoot());
        }
    }

    @Test
    void shouldRefuseHashesThatDoNotMatchTheItemCount() throws StoreException {
        TestChain test = chain();
        try (Blockchain chain = RocksDbBlockchain.create(dir, test.spec(), OPTIONS)) {
            TestChain.Batch b = test.batch(0);
            LeafHashes short1 = LeafHashes.of(b.items().subList(1, b.items().size()));
            assertThatThrownBy(
                            () -> chain.pushHistorySync(b.block(), 0, b.items(), short1, Finality.Justified.INSTANCE))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> chain.stageChunk(b.block().hash(), 0, b.items(), short1))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(chain.headBlockNumber()).isEqualTo(test.spec().genesis().blockNumber());
        }
    }
}
