package io.hms.engine.bench;

import io.hms.engine.generator.ChainGenerator;
import io.hms.engine.generator.GeneratedBatch;
import io.hms.engine.store.BenchmarkHooks;
import io.hms.engine.store.Blockchain;
import io.hms.engine.store.Finality;
import io.hms.engine.store.PushResult;
import io.hms.engine.store.RocksDbBlockchain;
import io.hms.engine.store.StoreOptions;
import io.hms.protocol.Policy;
import io.hms.verifier.mmr.LeafHashes;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.stream.Stream;

/**
 * The address index's cost on {@code pushHistorySync}, measured in pairs: every generated batch set
 * is pushed into two fresh stores in the same process, one writing the index and one not
 * ({@link BenchmarkHooks#skipAddressIndex}), the order alternating from batch set to batch set, and
 * the pushing thread's CPU time is taken for each push. Noise that lasts longer than one push (a
 * busy neighbour, a slow host) hits both stores alike, which separate runs of {@link
 * PushHistorySyncBenchmark} cannot promise: on a shared machine their spread was larger than the
 * index's cost. Reported: the totals' ratio and the median and quartiles of the per-batch-set ratios,
 * after the first epoch (JIT warm-up).
 *
 * <pre>
 * java -cp engine/target/test-classes:engine/target/classes:verifier/target/classes:protocol/target/classes:$CP3 \
 *     io.hms.engine.bench.IndexCostBench 12 10000 1000000
 * </pre>
 *
 * Arguments: epochs (12), transfers per batch (10000), the generator's account pool (1000000: most
 * transfers' addresses distinct, the index's worst case; 64: the default chain). Commits are not
 * synced and leaf hashes are precomputed, as in the sync, so the push's own work is what is timed.
 */
public final class IndexCostBench {
    private IndexCostBench() {}

    public static void main(String[] args) throws Exception {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 12;
        int txsPerBatch = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int accounts = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
        ChainGenerator generator =
                new ChainGenerator(BenchChains.options(epochs, txsPerBatch).withAccounts(accounts));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Path indexDir = Files.createTempDirectory("hms-index-cost-on");
        Path plainDir = Files.createTempDirectory("hms-index-cost-off");
        StoreOptions options = StoreOptions.ARCHIVE.withSyncWrites(false);
        int warmup = Policy.TEST.batchesPerEpoch();
        double[] ratios = new double[epochs * Policy.TEST.batchesPerEpoch()];
        long[] cpu = new long[2];
        long leaves = 0;
        int pushed = 0;
        try (Blockchain indexed = RocksDbBlockchain.create(indexDir, generator.spec(), options);
                Blockchain plain = RocksDbBlockchain.create(plainDir, generator.spec(), options)) {
            BenchmarkHooks.skipAddressIndex(plain);
            Blockchain[] stores = {indexed, plain};
            Iterator<GeneratedBatch> batches = generator.batches();
            while (batches.hasNext()) {
                GeneratedBatch b = batches.next();
                LeafHashes hashes = LeafHashes.of(b.items());
                long[] took = new long[2];
                for (int k = 0; k < 2; k++) {
                    int s = (pushed + k) % 2; // alternate which store goes first
                    long start = threads.getCurrentThreadCpuTime();
                    PushResult r = stores[s].pushHistorySync(
                            b.block(), b.firstLeafIndex(), b.items(), hashes, Finality.Justified.INSTANCE);
                    took[s] = threads.getCurrentThreadCpuTime() - start;
                    if (!r.isExtended()) {
                        throw new IllegalStateException(
                                "push of block " + b.block().blockNumber() + " failed: " + r);
                    }
                }
                if (pushed >= warmup) {
                    ratios[pushed - warmup] = (double) took[0] / took[1];
                    cpu[0] += took[0];
                    cpu[1] += took[1];
                    leaves += b.items().size();
                }
                pushed++;
            }
        } finally {
            deleteRecursively(indexDir);
            deleteRecursively(plainDir);
        }
        double[] measured = Arrays.copyOf(ratios, pushed - warmup);
        Arrays.sort(measured);
        System.out.printf(
                "address index cost: %d batch sets after the first epoch, %d transactions, accounts=%d%n",
                measured.length, leaves, accounts);
        System.out.printf(
                "  pushing thread's CPU: index %.2f µs/tx, none %.2f µs/tx, ratio of totals %.3f%n",
                cpu[0] / 1e3 / leaves, cpu[1] / 1e3 / leaves, (double) cpu[0] / cpu[1]);
        System.out.printf(
                "  per batch set ratio: median %.3f, quartiles %.3f – %.3f%n",
                quantile(measured, 0.5), quantile(measured, 0.25), quantile(measured, 0.75));
    }

    private static double quantile(double[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
