package io.hms.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hms.protocol.Policy;
import io.hms.protocol.codec.Writer;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.MacroBlock;
import io.hms.verifier.mmr.HistoryTree;
import io.hms.verifier.mmr.InMemoryNodeStore;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 at random moments: a child JVM ({@link CrashChild}) pushes a chain with synced commits
 * and is killed with SIGKILL; each time the store must reopen at a batch set boundary at or after
 * the last push the child reported, with heads, counts, index entries (transactions and addresses) and roots recomputed from the
 * stored leaves all agreeing, and the next child must be able to continue from there.
 */
class CrashSafetyTest {
    private static final long SEED = 61;
    private static final int BATCHES = 40;
    private static final int TXS = 800;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static TestChain test;
    private static Path chainFile;
    private static String classPath;

    /**
     * Builds the chain once and writes it for the children, and snapshots the class directories of
     * the test class path, so a child never sees a half-recompiled tree when other builds share it.
     */
    @BeforeAll
    static void prepare() throws IOException {
        test = new TestChain(SEED, Policy.UNIT);
        for (int i = 0; i < BATCHES; i++) {
            test.extendOne(i % 5 == 4 ? 0 : TXS / 2 + (i * 397) % TXS);
        }
        Writer out = new Writer(1 << 20);
        ChainSpec.CODEC.write(out, test.spec());
        out.varint(test.batches().size());
        for (TestChain.Batch b : test.batches()) {
            MacroBlock.CODEC.write(out, b.block());
            out.varint(b.firstLeaf());
            out.list(b.items(), HistoricTransaction.CODEC);
        }
        chainFile = shared.resolve("chain.bin");
        Files.write(chainFile, out.toByteArray());
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path source = Path.of(entry);
            if (Files.isDirectory(source)) {
                Path copy = shared.resolve("classes" + n++);
                try (Stream<Path> files = Files.walk(source)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        Path target = copy.resolve(source.relativize(f).toString());
                        if (Files.isDirectory(f)) {
                            Files.createDirectories(target);
                        } else {
                            Files.copy(f, target);
                        }
                    }
                }
                entries.add(copy.toString());
            } else {
                entries.add(entry);
            }
        }
        classPath = String.join(File.pathSeparator, entries);
    }

    @Test
    void shouldReopenAtLastAppliedBatchSetWhenArchiveWriterIsKilled() throws Exception {
        killRepeatedly("archive", 12, 7001);
    }

    @Test
    void shouldReopenAtLastAppliedBatchSetWhenPrunedWriterIsKilled() throws Exception {
        killRepeatedly("pruned", 6, 7002);
    }

    private void killRepeatedly(String mode, int kills, long seed) throws Exception {
        StoreOptions options = mode.equals("pruned") ? StoreOptions.PRUNED : StoreOptions.ARCHIVE;
        Random rnd = new Random(seed);
        long reported = 0;
        for (int kill = 0; kill < kills; kill++) {
            Child child = Child.start(dir, mode);
            child.awaitReady();
            if (kill == 0) {
                assertThatThrownBy(() -> RocksDbBlockchain.open(dir, options))
                        .as("a second process opening the directory")
                        .isInstanceOfSatisfying(
                                StoreException.class, e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.LOCKED));
            }
            int pushes = 1 + rnd.nextInt(3);
            int delay = rnd.nextInt(40);
            reported = Math.max(reported, child.killAfter(pushes, delay));
            try (Blockchain chain = RocksDbBlockchain.open(dir, options)) {
                assertConsistent(
                        chain,
                        test,
                        reported,
                        16,
                        "seed " + seed + " kill " + kill + " after " + pushes + " pushes + " + delay + " ms");
            }
        }
        Child last = Child.start(dir, mode);
        assertThat(last.awaitExit())
                .as("the child finishes the chain after %d kills", kills)
                .isEqualTo("DONE");
        try (Blockchain chain = RocksDbBlockchain.open(dir, options)) {
            assertConsistent(chain, test, test.batch(BATCHES - 1).block().blockNumber(), 1, "final, seed " + seed);
            if (!chain.pruned()) {
                RocksDbBlockchainTest.assertChainContents(chain, test);
            }
        }
    }

    /** The store equals the test chain pushed up to its head, and the head is at or after {@code minHead}. */
    private static void assertConsistent(ChainView chain, TestChain test, long minHead, int indexStride, String context)
            throws StoreException {
        MacroBlock head = chain.macroHead();
        assertThat(head.blockNumber()).as(context).isGreaterThanOrEqualTo(minHead);
        int k = -1;
        for (int i = 0; i < test.batches().size(); i++) {
            if (test.batch(i).block().equals(head)) {
                k = i;
            }
        }
        assertThat(k >= 0 || head.equals(test.spec().genesis()))
                .as(context + ": head is a block of the chain")
                .isTrue();
        if (k + 1 < test.batches().size()) {
            assertThat(chain.blockByHash(test.batch(k + 1).block().hash()))
                    .as(context)
                    .isEmpty();
        }
        Policy p = test.policy();
        long headEpoch = p.epochAt(head.blockNumber());
        long total = 0;
        for (long e = 1; e <= headEpoch; e++) {
            TestChain.Batch last = null;
            for (int i = 0; i <= k; i++) {
                if (test.batch(i).epoch() == e) {
                    last = test.batch(i);
                }
            }
            if (e < chain.firstHistoryEpoch()) {
                assertThat(chain.historyLength(e)).as(context).isZero();
                assertThat(chain.findTransaction(test.epochItems(e).get(0).hash()))
                        .as(context)
                        .isEmpty();
                continue;
            }
            long expected = last == null ? 0 : last.endLeaf();
            List<HistoricTransaction> leaves = chain.history(e, 0, Integer.MAX_VALUE);
            assertThat(leaves).as(context + " epoch " + e).hasSize((int) expected);
            assertThat(chain.historyLength(e)).as(context).isEqualTo(expected);
            HistoryTree recomputed = new HistoryTree(new InMemoryNodeStore());
            leaves.forEach(recomputed::append);
            if (last != null) {
                assertThat(recomputed.root())
                        .as(context + " epoch " + e)
                        .isEqualTo(last.block().header().historyRoot());
                assertThat(chain.historyRoot(e, expected))
                        .as(context)
                        .isEqualTo(last.block().header().historyRoot());
                assertThat(chain.mainChainBlockAt(last.block().blockNumber()))
                        .as(context)
                        .contains(last.block());
            }
            for (int i = 0; i < leaves.size(); i += indexStride) {
                assertThat(chain.findTransaction(leaves.get(i).hash()))
                        .as(context)
                        .contains(new TxLocation(e, i, leaves.get(i).blockNumber()));
            }
            total += expected;
        }
        assertThat(chain.totalTransactions()).as(context).isEqualTo(total);
        assertThat(io.hms.engine.reliability.HistoryScan.problems(chain))
                .as(context + ": history, indexes and address index agree")
                .isEmpty();
        long electionEpoch = p.epochAt(chain.electionHead().blockNumber());
        assertThat(chain.validatorsForEpoch(electionEpoch + 1))
                .as(context)
                .isEqualTo(test.validatorSet(electionEpoch + 1));
    }

    /** A running {@link CrashChild} and what it reported. */
    private record Child(
            Process process,
            CountDownLatch ready,
            AtomicLong lastPushed,
            AtomicReference<String> lastLine,
            StringBuffer output) {

        static Child start(Path dir, String mode) throws Exception {
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(
                            java,
                            "-Xmx256m",
                            "-XX:TieredStopAtLevel=1",
                            "-Xshare:auto",
                            "-cp",
                            classPath,
                            CrashChild.class.getName(),
                            dir.toString(),
                            chainFile.toString(),
                            mode)
                    .redirectErrorStream(true)
                    .start();
            Child child = new Child(
                    process, new CountDownLatch(1), new AtomicLong(), new AtomicReference<>(""), new StringBuffer());
            Thread reader = new Thread(child::readOutput, "crash-child-output");
            reader.setDaemon(true);
            reader.start();
            return child;
        }

        private void readOutput() {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lastLine.set(line);
                    if (!line.startsWith("PUSHED") && output.length() < 20_000) {
                        output.append(line).append('\n');
                    }
                    if (line.startsWith("READY ")) {
                        lastPushed.set(Long.parseLong(line.substring(6)));
                        ready.countDown();
                    } else if (line.startsWith("PUSHED ")) {
                        lastPushed.set(Long.parseLong(line.substring(7)));
                    }
                }
            } catch (java.io.IOException e) {
                // the child was killed: its pipe breaks
            }
        }

        /**
         * Waits for the child to open its store and report {@code pushes} more pushes, lets it work
         * {@code delayMs} into the next one (a push takes some 10–40 ms), then SIGKILLs it.
         */
        void awaitReady() throws InterruptedException {
            for (int i = 0; i < 600 && process.isAlive() && !ready.await(100, TimeUnit.MILLISECONDS); i++) {
                // a child that dies before opening its store must fail the test at once, with its output
            }
            assertThat(ready.getCount())
                    .as("child opened its store; output:%n%s", output)
                    .isZero();
        }

        long killAfter(int pushes, int delayMs) throws Exception {
            long target = lastPushed.get() + (long) pushes * Policy.UNIT.blocksPerBatch();
            for (int i = 0; i < 15_000 && lastPushed.get() < target && process.isAlive(); i++) {
                Thread.sleep(2);
            }
            Thread.sleep(delayMs);
            long seen = lastPushed.get();
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(output.toString())
                    .as("child output")
                    .doesNotContain("FAILED")
                    .doesNotContain("Exception");
            return seen;
        }

        String awaitExit() throws Exception {
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(50);
            return lastLine.get();
        }
    }
}
