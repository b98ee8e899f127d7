package io.hms.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hms.protocol.Policy;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.proof.SizeProof;
import io.hms.verifier.mmr.HistoryProofVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store opened for queries while another instance holds it (a RocksDB secondary instance): it
 * opens despite the lock, sees only whole batch sets while the writer pushes, and never writes.
 */
class ReadOnlyChainTest {
    private static final StoreOptions OPTIONS = StoreOptions.ARCHIVE.withSyncWrites(false);

    @TempDir
    Path dir;

    @Test
    void shouldOpenAStoreThatAnotherInstanceHolds() throws Exception {
        TestChain test = new TestChain(5, Policy.UNIT).extend(6, 20);
        try (RocksDbBlockchain primary = RocksDbBlockchain.create(dir, test.spec(), OPTIONS)) {
            push(primary, test, test.batches().size());
            assertThatThrownBy(() -> RocksDbBlockchain.open(dir, OPTIONS))
                    .isInstanceOfSatisfying(
                            StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.LOCKED));
            try (ReadOnlyChain reader = ReadOnlyChain.openSecondary(dir, OPTIONS)) {
                assertThat(reader.secondary()).isTrue();
                assertThat(reader.macroHead()).isEqualTo(primary.macroHead());
                assertThat(reader.totalTransactions()).isEqualTo(primary.totalTransactions());
                Hash last = test.batches().get(3).items().get(0).hash();
                assertThat(reader.findTransaction(last)).isEqualTo(primary.findTransaction(last));
            }
        }
    }

    @Test
    void shouldSeeOnlyWholeBatchSetsWhileTheWriterPushes() throws Exception {
        TestChain test = new TestChain(81, Policy.UNIT).extend(24, 200);
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (RocksDbBlockchain primary = RocksDbBlockchain.create(dir, test.spec(), OPTIONS);
                ReadOnlyChain reader = ReadOnlyChain.openSecondary(dir, OPTIONS)) {
            CompletableFuture<Void> pushing = CompletableFuture.runAsync(
                    () -> push(primary, test, test.batches().size()), writer);
            long seen = -1;
            int views = 0;
            while (!pushing.isDone() || reader.headBlockNumber() != primary.headBlockNumber()) {
                reader.catchUp();
                long head = checkWhole(reader, test.policy());
                assertThat(head).isGreaterThanOrEqualTo(seen);
                seen = head;
                views++;
            }
            pushing.get();
            assertThat(views).isPositive();
            assertThat(reader.macroHead()).isEqualTo(primary.macroHead());
            assertThat(reader.totalTransactions()).isEqualTo(primary.totalTransactions());
        } finally {
            writer.shutdown();
        }
    }

    @Test
    void shouldRefuseEveryWriteWithATypedError() throws Exception {
        TestChain test = new TestChain(9, Policy.UNIT).extend(4, 10);
        try (RocksDbBlockchain primary = RocksDbBlockchain.create(dir, test.spec(), OPTIONS);
                ReadOnlyChain reader = ReadOnlyChain.openSecondary(dir, OPTIONS)) {
            TestChain.Batch first = test.batches().get(0);
            PushResult pushed = reader.store().pushHistorySync(first.block(), first.firstLeaf(), first.items());
            assertThat(pushed).isInstanceOfSatisfying(PushResult.Rejected.class, r -> {
                assertThat(r.error()).isEqualTo(PushError.STORE_FAILURE);
                assertThat(r.detail()).startsWith("READ_ONLY");
            });
            assertThatThrownBy(() -> reader.store().stageChunk(first.block().hash(), 0, first.items()))
                    .isInstanceOfSatisfying(
                            StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.READ_ONLY));
            assertThatThrownBy(() -> reader.store().discardStaged(first.block().hash()))
                    .isInstanceOfSatisfying(
                            StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.READ_ONLY));
            reader.catchUp();
            assertThat(reader.headBlockNumber()).isEqualTo(test.spec().genesis().blockNumber());
            assertThat(primary.pushHistorySync(first.block(), first.firstLeaf(), first.items())
                            .isExtended())
                    .as("the writer is not disturbed")
                    .isTrue();
        }
    }

    @Test
    void shouldLeaveTheStoreDirectoryAsItWas() throws Exception {
        TestChain test = new TestChain(3, Policy.UNIT).extend(6, 20);
        try (RocksDbBlockchain primary = RocksDbBlockchain.create(dir, test.spec(), OPTIONS)) {
            push(primary, test, test.batches().size());
        }
        Map<String, String> before = files(dir);
        try (ReadOnlyChain reader = ReadOnlyChain.openSecondary(dir, OPTIONS)) {
            checkWhole(reader, test.policy());
            reader.catchUp();
        }
        assertThat(files(dir)).isEqualTo(before);
    }

    /** Checks that the view's heads, counts and trees belong to one batch set; its head. */
    private static long checkWhole(ChainView view, Policy policy) throws StoreException {
        MacroBlock head = view.macroHead();
        long epoch = policy.epochAt(head.blockNumber());
        long length = view.historyLengthAt(head.blockNumber()).orElseThrow();
        assertThat(view.historyLength(epoch)).isEqualTo(length);
        SizeProof proof = view.proveSize(epoch, length);
        assertThat(HistoryProofVerifier.verifySize(proof, head.header().historyRoot())
                        .isValid())
                .isTrue();
        assertThat(view.historyRoot(epoch, length)).isEqualTo(head.header().historyRoot());
        long total = 0;
        for (long e = 0; e <= epoch; e++) {
            total += view.historyLength(e);
        }
        assertThat(view.totalTransactions()).isEqualTo(total);
        return head.blockNumber();
    }

    private static void push(Blockchain chain, TestChain test, int count) {
        for (TestChain.Batch b : test.batches().subList(0, count)) {
            assertThat(chain.pushHistorySync(b.block(), b.firstLeaf(), b.items())
                            .isExtended())
                    .isTrue();
        }
    }

    /** Every file under {@code root} with its size and modification time. */
    private static Map<String, String> files(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), Files.size(p) + "@" + Files.getLastModifiedTime(p));
            }
        }
        return out;
    }
}
