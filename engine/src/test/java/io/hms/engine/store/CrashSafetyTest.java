package io.hms.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.protocol.Policy;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.MacroBlock;
import io.hms.verifier.mmr.HistoryTree;
import io.hms.verifier.mmr.InMemoryNodeStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 at random moments: a child JVM ({@link CrashChild}) pushes a chain with synced commits
 * and is killed with SIGKILL; each time the store must reopen at a batch set boundary at or after
 * the last push the child reported, with heads, counts, index entries and roots recomputed from the
 * stored leaves all agreeing, and the next child must be able to continue from there.
 */
class CrashSafetyTest {
  private static final long SEED = 61;
  private static final int BATCHES = 40;
  private static final int TXS = 800;

  @TempDir Path dir;

  /** The chain both sides build: batches with varied sizes, every fifth one empty. */
  static TestChain chain(long seed, int batches, int txs) {
    TestChain test = new TestChain(seed, Policy.UNIT);
    for (int i = 0; i < batches; i++) {
      test.extendOne(i % 5 == 4 ? 0 : txs / 2 + (i * 397) % txs);
    }
    return test;
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
    TestChain test = chain(SEED, BATCHES, TXS);
    StoreOptions options = mode.equals("pruned") ? StoreOptions.PRUNED : StoreOptions.ARCHIVE;
    Random rnd = new Random(seed);
    long reported = 0;
    for (int kill = 0; kill < kills; kill++) {
      Child child = Child.start(dir, mode);
      int pushes = 1 + rnd.nextInt(3);
      int delay = rnd.nextInt(40);
      reported = Math.max(reported, child.killAfter(pushes, delay));
      try (Blockchain chain = RocksDbBlockchain.open(dir, options)) {
        assertConsistent(chain, test, reported, 16,
            "seed " + seed + " kill " + kill + " after " + pushes + " pushes + " + delay + " ms");
      }
    }
    Child last = Child.start(dir, mode);
    assertThat(last.awaitExit()).as("the child finishes the chain after %d kills", kills).isEqualTo("DONE");
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
    assertThat(k >= 0 || head.equals(test.spec().genesis())).as(context + ": head is a block of the chain").isTrue();
    if (k + 1 < test.batches().size()) {
      assertThat(chain.blockByHash(test.batch(k + 1).block().hash())).as(context).isEmpty();
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
        assertThat(chain.findTransaction(test.epochItems(e).get(0).hash())).as(context).isEmpty();
        continue;
      }
      long expected = last == null ? 0 : last.endLeaf();
      List<HistoricTransaction> leaves = chain.history(e, 0, Integer.MAX_VALUE);
      assertThat(leaves).as(context + " epoch " + e).hasSize((int) expected);
      assertThat(chain.historyLength(e)).as(context).isEqualTo(expected);
      HistoryTree recomputed = new HistoryTree(new InMemoryNodeStore());
      leaves.forEach(recomputed::append);
      if (last != null) {
        assertThat(recomputed.root()).as(context + " epoch " + e).isEqualTo(last.block().header().historyRoot());
        assertThat(chain.historyRoot(e, expected)).as(context).isEqualTo(last.block().header().historyRoot());
        assertThat(chain.mainChainBlockAt(last.block().blockNumber())).as(context).contains(last.block());
      }
      for (int i = 0; i < leaves.size(); i += indexStride) {
        assertThat(chain.findTransaction(leaves.get(i).hash())).as(context)
            .contains(new TxLocation(e, i, leaves.get(i).blockNumber()));
      }
      total += expected;
    }
    assertThat(chain.totalTransactions()).as(context).isEqualTo(total);
    long electionEpoch = p.epochAt(chain.electionHead().blockNumber());
    assertThat(chain.validatorsForEpoch(electionEpoch + 1)).as(context).isEqualTo(test.validatorSet(electionEpoch + 1));
  }

  /** A running {@link CrashChild} and what it reported. */
  private record Child(Process process, CountDownLatch ready, AtomicLong lastPushed,
      AtomicReference<String> lastLine) {

    static Child start(Path dir, String mode) throws Exception {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process process = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
          CrashChild.class.getName(), dir.toString(), Long.toString(SEED), Integer.toString(BATCHES),
          Integer.toString(TXS), mode).redirectErrorStream(true).start();
      Child child = new Child(process, new CountDownLatch(1), new AtomicLong(), new AtomicReference<>(""));
      Thread reader = new Thread(child::readOutput, "crash-child-output");
      reader.setDaemon(true);
      reader.start();
      return child;
    }

    private void readOutput() {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          lastLine.set(line);
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
    long killAfter(int pushes, int delayMs) throws Exception {
      boolean opened = ready.await(60, TimeUnit.SECONDS);
      assertThat(opened).as("child opened its store; last output: %s", lastLine.get()).isTrue();
      long target = lastPushed.get() + (long) pushes * Policy.UNIT.blocksPerBatch();
      for (int i = 0; i < 15_000 && lastPushed.get() < target && process.isAlive(); i++) {
        Thread.sleep(2);
      }
      Thread.sleep(delayMs);
      long seen = lastPushed.get();
      process.destroyForcibly();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(lastLine.get()).as("child output").doesNotStartWith("FAILED").doesNotContain("Exception");
      return seen;
    }

    String awaitExit() throws Exception {
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(50);
      return lastLine.get();
    }
  }
}
