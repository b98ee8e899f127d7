package io.hms.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.engine.store.PushResult.Rejected;
import io.hms.protocol.Limits;
import io.hms.protocol.Policy;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.verifier.VerifyResult;
import io.hms.verifier.mmr.HistoryProofVerifier;
import io.hms.verifier.mmr.HistoryTree;
import io.hms.verifier.mmr.InMemoryNodeStore;
import io.hms.verifier.mmr.LeafHashes;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pushes with the inner MMR nodes chunk verification computed ({@link LeafHashes#nodes}) write
 * exactly what pushes that merge every node write, and a carried node that is not the verifier's is
 * refused before anything is written.
 */
class CarriedNodesTest {
    private static final StoreOptions OPTIONS = StoreOptions.ARCHIVE.withSyncWrites(false);

    @TempDir
    Path dir;

    /** Two epochs, batch sets large and small, empty ones, more than a chunk. */
    private static TestChain chain() {
        TestChain test = new TestChain(62, Policy.UNIT);
        for (int t : new int[] {1500, 0, 2600, 10, 3000, 7, 1100}) {
            test.extendOne(t);
        }
        return test;
    }

    /**
     * The hashes of leaves {@code [from, to)} of the batch set's epoch as the sync has them: sliced
     * out of chunks verified against the epoch's final size, with their nodes.
     */
    private static LeafHashes verifiedHashes(TestChain test, long epoch, long from, long to) throws Exception {
        List<HistoricTransaction> items = test.epochItems(epoch);
        HistoryTree tree = new HistoryTree(new InMemoryNodeStore());
        tree.appendAll(items);
        long total = items.size();
        LeafHashes.Builder out = new LeafHashes.Builder();
        for (long c = from / Limits.CHUNK_SIZE; c * Limits.CHUNK_SIZE < to; c++) {
            long first = c * Limits.CHUNK_SIZE;
            int end = (int) Math.min(first + Limits.CHUNK_SIZE, total);
            HistoryProofVerifier.ChunkCheck checked = HistoryProofVerifier.verifyChunkKeepingNodes(
                    tree.proveRange(first, end - first, total),
                    tree.rootAt(total),
                    total,
                    c,
                    LeafHashes.of(items.subList((int) first, end)));
            assertThat(checked.result()).isEqualTo(VerifyResult.valid());
            out.add(checked.hashes(), (int) (Math.max(from, first) - first), (int) (Math.min(to, end) - first));
        }
        return out.build();
    }

    private static LeafHashes verifiedHashes(TestChain test, TestChain.Batch b) throws Exception {
        return verifiedHashes(test, b.epoch(), b.firstLeaf(), b.endLeaf());
    }

    @Test
    void shouldWriteTheSameStoreWhenNodesComeWithTheItemsOrAreStaged() throws Exception {
        TestChain test = chain();
        Path plain = dir.resolve("plain");
        Path carried = dir.resolve("carried");
        Path staged = dir.resolve("staged");
        try (Blockchain a = RocksDbBlockchain.create(plain, test.spec(), OPTIONS);
                Blockchain b = RocksDbBlockchain.create(carried, test.spec(), OPTIONS);
                Blockchain c = RocksDbBlockchain.create(staged, test.spec(), OPTIONS)) {
            for (TestChain.Batch batch : test.batches()) {
                LeafHashes hashes = verifiedHashes(test, batch);
                // about one node per leaf: an append creates one on average, all but those reaching out of the chunk
                assertThat(hashes.nodeCount())
                        .isBetween(batch.items().size() - 64, batch.items().size() + 64);
                assertThat(a.pushHistorySync(batch.block(), batch.firstLeaf(), batch.items())
                                .isExtended())
                        .isTrue();
                assertThat(b.pushHistorySync(
                                        batch.block(),
                                        batch.firstLeaf(),
                                        batch.items(),
                                        hashes,
                                        Finality.Justified.INSTANCE)
                                .isExtended())
                        .isTrue();
                for (int from = 0; from < hashes.size(); from += 700) {
                    int to = Math.min(hashes.size(), from + 700);
                    c.stageChunk(
                            batch.block().hash(),
                            batch.firstLeaf() + from,
                            batch.items().subList(from, to),
                            hashes.slice(from, to));
                }
                assertThat(c.pushStaged(batch.block()).isExtended()).isTrue();
            }
        }
        Map<String, List<String>> expected = StoreDump.of(plain);
        assertThat(StoreDump.of(carried)).isEqualTo(expected);
        assertThat(StoreDump.of(staged)).isEqualTo(expected);
    }

    @Test
    void shouldRefuseAndWriteNothingWhenACarriedNodeWasChanged() throws Exception {
        TestChain test = chain();
        try (Blockchain chain = RocksDbBlockchain.create(dir, test.spec(), OPTIONS)) {
            TestChain.Batch first = test.batch(0);
            assertThat(chain.pushHistorySync(first.block(), first.firstLeaf(), first.items())
                            .isExtended())
                    .isTrue();
            TestChain.Batch b = test.batch(2);
            LeafHashes hashes = verifiedHashes(test, b);
            // a node deep inside a chunk, below carried nodes: the root check alone would not see it
            flipNodeByte(hashes, hashes.nodeCount() / 2);
            StoreSnapshot before = StoreSnapshot.of(chain);

            PushResult r =
                    chain.pushHistorySync(b.block(), b.firstLeaf(), b.items(), hashes, Finality.Justified.INSTANCE);

            assertThat(r)
                    .isInstanceOfSatisfying(
                            Rejected.class,
                            rejected -> assertThat(rejected.error()).isEqualTo(PushError.CARRIED_NODES_INVALID));
            assertThat(StoreSnapshot.of(chain)).isEqualTo(before);
            assertThat(chain.findTransaction(b.items().get(0).hash())).isEmpty();
            assertThat(chain.blockByHash(b.block().hash())).isEmpty();
        }
    }

    @Test
    void shouldRefuseAndWriteNothingWhenAStagedNodeWasChanged() throws Exception {
        TestChain test = chain();
        try (Blockchain chain = RocksDbBlockchain.create(dir, test.spec(), OPTIONS)) {
            TestChain.Batch b = test.batch(0);
            LeafHashes hashes = verifiedHashes(test, b);
            flipNodeByte(hashes, 3);
            chain.stageChunk(b.block().hash(), 0, b.items(), hashes);
            StoreSnapshot before = StoreSnapshot.of(chain);

            PushResult r = chain.pushStaged(b.block());

            assertThat(r)
                    .isInstanceOfSatisfying(
                            Rejected.class,
                            rejected -> assertThat(rejected.error()).isEqualTo(PushError.CARRIED_NODES_INVALID));
            assertThat(StoreSnapshot.of(chain)).isEqualTo(before);
            assertThat(chain.headBlockNumber()).isEqualTo(test.spec().genesis().blockNumber());
        }
    }

    /**
     * Changes one byte of carried node {@code node} in place, as a defect between verification and
     * the store would: LeafHashes offers no way to do it, so the test reaches into its node array.
     */
    private static void flipNodeByte(LeafHashes hashes, int node) throws ReflectiveOperationException {
        Field field = LeafHashes.class.getDeclaredField("nodes");
        field.setAccessible(true);
        Object nodes = ((Optional<?>) field.get(hashes)).orElseThrow();
        Method bytes = nodes.getClass().getDeclaredMethod("bytes");
        bytes.setAccessible(true);
        ((byte[]) bytes.invoke(nodes))[node * 32 + 17] ^= 0x40;
    }
}
