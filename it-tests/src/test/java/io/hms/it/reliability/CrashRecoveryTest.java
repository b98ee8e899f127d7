package io.hms.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.node.DataDirectory;
import io.hms.actors.transport.LinkShaping;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.reliability.HistoryScan;
import io.hms.engine.store.Blockchain;
import io.hms.engine.store.StoreException;
import io.hms.engine.store.StoreOptions;
import io.hms.engine.testing.TestChains.TestChain;
import io.hms.protocol.model.MacroBlock;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hms sync} killed with SIGKILL at random moments and restarted, against two serving nodes:
 * after every kill the store must open and scan clean (history, transaction and address index, {@code
 * HistoryScan}) with a head on the source's chain, and after
 * the last restart it must equal the source — same heads, roots and transaction count, no
 * transaction missing or stored twice. A run that finishes before its kill completes a round; the
 * next round syncs a fresh node, so every kill hits a running sync. {@code -Dhms.crash.kills=N} sets
 * the number of kills (20 in CI), {@code -Dhms.crash.seed=S} replays a run.
 */
class CrashRecoveryTest {
    /** 10 epochs and 2 checkpoints of 600 transfers per batch: about 26 000 leaves, 6–7 MB of history. */
    private static final GeneratorOptions CHAIN = GeneratorOptions.defaults(9001)
            .withShape(10, 2)
            .withTransactions(600, 0.0, false)
            .withSignTransfers(false)
            .withTxData(100, 300);
    /** Each server sends at 2.5 Mbit/s, so a whole sync takes long enough (about 30 s) for most kills to land in it. */
    private static final LinkShaping SLOW_LINK = LinkShaping.of(0, 2.5);

    private static final int KILLS = Integer.getInteger("hms.crash.kills", 20);
    /** Kill delays after the start; a child JVM needs about 2 s before it syncs anything. */
    private static final long MIN_DELAY_MS = 1500;

    private static final long MAX_DELAY_MS = 5500;

    @TempDir
    Path dir;

    @Test
    void aSyncKilledAtRandomMomentsAndRestartedEndsEqualToTheSource() throws Exception {
        long seed = Long.getLong("hms.crash.seed", new SplittableRandom().nextLong());
        SplittableRandom rnd = new SplittableRandom(seed);
        try (ReliabilityNet net = new ReliabilityNet(dir)) {
            TestChain source = net.chain("source", CHAIN);
            List<InetSocketAddress> peers =
                    List.of(net.honest(source.chain(), SLOW_LINK), net.honest(source.chain(), SLOW_LINK));
            Path spec = HmsProcess.specFile(dir.resolve("spec"), source.spec());
            Stats stats = new Stats();
            while (stats.kills < KILLS) {
                stats.rounds++;
                syncKillingUntilDone(dir.resolve("node-" + stats.rounds), spec, peers, source, rnd, seed, stats);
            }
            System.out.printf(
                    "reliability crash kills=%d rounds=%d seed=%d killedBeforeComplete=%d killedAfterProgress=%d%n",
                    stats.kills, stats.rounds, seed, stats.beforeComplete, stats.afterProgress);
            assertThat(stats.afterProgress)
                    .as("kills between two applied batch sets, seed %d", seed)
                    .isPositive();
        }
    }

    /** Kills and restarts one node's sync until a run finishes by itself (or the kills are used up), then checks it. */
    private static void syncKillingUntilDone(
            Path data,
            Path spec,
            List<InetSocketAddress> peers,
            TestChain source,
            SplittableRandom rnd,
            long seed,
            Stats stats)
            throws Exception {
        long lastHead = -1;
        while (stats.kills < KILLS) {
            Path log = data.resolveSibling(data.getFileName() + "-" + (stats.kills + 1) + ".log");
            Process child = HmsProcess.sync(data, spec, peers, log);
            long delay = MIN_DELAY_MS + rnd.nextLong(MAX_DELAY_MS - MIN_DELAY_MS);
            if (child.waitFor(delay, TimeUnit.MILLISECONDS)) {
                assertThat(child.exitValue())
                        .as("seed %d: %s", seed, HmsProcess.output(log))
                        .isZero();
                break; // synced before the kill: the round is complete
            }
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            stats.kills++;
            String context =
                    "seed " + seed + ", kill " + stats.kills + " after " + delay + " ms: " + HmsProcess.output(log);
            long head = checkAfterCrash(data, source, context);
            if (head < source.chain().headBlockNumber()) {
                stats.beforeComplete++;
                stats.afterProgress += head > lastHead ? 1 : 0;
            }
            System.out.printf("reliability crash kill=%d delay=%d head=%d%n", stats.kills, delay, head);
            lastHead = head;
        }
        Path log = data.resolveSibling(data.getFileName() + "-final.log");
        Process last = HmsProcess.sync(data, spec, peers, log);
        assertThat(last.waitFor(3, TimeUnit.MINUTES))
                .as("final sync finished, seed %d", seed)
                .isTrue();
        assertThat(last.exitValue())
                .as("seed %d: %s", seed, HmsProcess.output(log))
                .isZero();
        try (Blockchain node = new DataDirectory(data).open(StoreOptions.ARCHIVE)) {
            ReliabilityNet.assertSameChainAndClean(node, source.chain());
        }
    }

    /** What the kills hit. */
    private static final class Stats {
        int kills;
        int rounds;
        int beforeComplete;
        int afterProgress;
    }

    /** Opens the killed child's store: it scans clean and its head is a block of the source chain. */
    private static long checkAfterCrash(Path data, TestChain source, String context) throws Exception {
        DataDirectory d = new DataDirectory(data);
        if (!d.hasStore()) {
            return -1; // killed before the store was created
        }
        Blockchain opened;
        try {
            opened = d.open(StoreOptions.ARCHIVE);
        } catch (StoreException e) {
            // killed while creating the store, before genesis committed: the next sync completes it
            assertThat(e.kind()).as(context + ": " + e.getMessage()).isEqualTo(StoreException.Kind.NOT_FOUND);
            return -1;
        }
        try (Blockchain node = opened) {
            MacroBlock head = node.macroHead();
            // by hash: a block below its info's final one is stored without a justification
            assertThat(source.chain().mainChainBlockAt(head.blockNumber()).map(MacroBlock::hash))
                    .as(context)
                    .contains(head.hash());
            assertThat(HistoryScan.problems(node)).as(context).isEmpty();
            return head.blockNumber();
        }
    }
}
