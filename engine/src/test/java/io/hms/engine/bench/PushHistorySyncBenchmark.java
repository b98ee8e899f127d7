package io.hms.engine.bench;

import io.hms.engine.generator.ChainGenerator;
import io.hms.engine.generator.GeneratedBatch;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.store.BenchmarkHooks;
import io.hms.engine.store.Blockchain;
import io.hms.engine.store.Finality;
import io.hms.engine.store.PushResult;
import io.hms.engine.store.RocksDbBlockchain;
import io.hms.engine.store.StoreOptions;
import io.hms.protocol.Limits;
import io.hms.protocol.Policy;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.verifier.mmr.HistoryProofVerifier;
import io.hms.verifier.mmr.HistoryTree;
import io.hms.verifier.mmr.InMemoryNodeStore;
import io.hms.verifier.mmr.LeafHashes;
import io.hms.verifier.mmr.ProofException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Throughput of {@code pushHistorySync} into RocksDB: a generated chain (TEST geometry, unsigned
 * transfers with 0–200 data bytes, rewards, penalties, jails) is pushed batch by batch into a fresh
 * store, and only the time inside {@code pushHistorySync} counts: block verification (three
 * Ed25519 signatures), leaf and index hashing, MMR appends and the synced commit. Generation is
 * excluded. A plain {@code main} rather than JMH because one measured run is one long-lived store.
 *
 * <pre>
 * cd /work/main &amp;&amp; mvn -B -o -q test-compile -pl engine
 * mvn -B -o -q exec:java -pl engine -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.hms.engine.bench.PushHistorySyncBenchmark -Dexec.args="6 10000 true"
 * </pre>
 *
 * Arguments: epochs (6), transfers per batch (2000), syncWrites (true), precomputed hashes (false;
 * {@code true} or {@code nodes}), and {@code noindex} to push without the address index (to measure
 * its cost; {@link BenchmarkHooks}; anything else, e.g. {@code index}, keeps it), and the size of the
 * generator's account pool (64; {@link GeneratorOptions#accounts}: a large pool makes most transfers'
 * addresses distinct, the index's worst case). With precomputed hashes each batch set's {@link LeafHashes} are
 * computed outside the timed push, as the sync's chunk verification does on its own pool, and handed
 * to the push; their cost is reported on its own line. With {@code nodes} they come out of chunk
 * verification ({@link HistoryProofVerifier#verifyChunkKeepingNodes}) and carry the inner MMR nodes
 * inside each chunk, which the push then writes instead of merging.
 */
public final class PushHistorySyncBenchmark {
    private PushHistorySyncBenchmark() {}

    public static void main(String[] args) throws Exception {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        int txsPerBatch = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        boolean sync = args.length <= 2 || Boolean.parseBoolean(args[2]);
        boolean withNodes = args.length > 3 && args[3].equals("nodes");
        boolean precomputed = withNodes || (args.length > 3 && Boolean.parseBoolean(args[3]));
        boolean addressIndex = args.length <= 4 || !args[4].equals("noindex");
        int accounts = args.length > 5 ? Integer.parseInt(args[5]) : GeneratorOptions.DEFAULT_ACCOUNTS;
        List<HistoricTransaction> epochItems = new ArrayList<>();
        HistoryTree epochTree = new HistoryTree(new InMemoryNodeStore());
        long hashNanos = 0;
        long cpuNanos = 0;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        GeneratorOptions options = BenchChains.options(epochs, txsPerBatch).withAccounts(accounts);
        ChainGenerator generator = new ChainGenerator(options);
        Path dir = Files.createTempDirectory("hms-push-bench");
        long nanos = 0;
        long leaves = 0;
        long bytes = 0;
        long warmupLeaves = -1;
        long warmupNanos = 0;
        try (Blockchain chain =
                RocksDbBlockchain.create(dir, generator.spec(), StoreOptions.ARCHIVE.withSyncWrites(sync))) {
            if (!addressIndex) {
                BenchmarkHooks.skipAddressIndex(chain);
            }
            Iterator<GeneratedBatch> batches = generator.batches();
            int pushed = 0;
            while (batches.hasNext()) {
                GeneratedBatch b = batches.next();
                for (HistoricTransaction tx : b.items()) {
                    bytes += HistoricTransaction.CODEC.encode(tx).length;
                }
                PushResult r;
                if (precomputed) {
                    long hashStart = System.nanoTime();
                    LeafHashes hashes;
                    if (withNodes) {
                        if (b.firstLeafIndex() == 0 && !epochItems.isEmpty()) {
                            epochItems.clear();
                            epochTree = new HistoryTree(new InMemoryNodeStore());
                        }
                        epochItems.addAll(b.items());
                        epochTree.appendAll(b.items());
                        hashes = verifiedHashes(epochItems, epochTree, b.firstLeafIndex());
                    } else {
                        hashes = LeafHashes.of(b.items());
                    }
                    hashNanos += System.nanoTime() - hashStart;
                    long start = System.nanoTime();
                    long cpuStart = threads.getCurrentThreadCpuTime();
                    r = chain.pushHistorySync(
                            b.block(), b.firstLeafIndex(), b.items(), hashes, Finality.Justified.INSTANCE);
                    cpuNanos += threads.getCurrentThreadCpuTime() - cpuStart;
                    nanos += System.nanoTime() - start;
                } else {
                    long start = System.nanoTime();
                    long cpuStart = threads.getCurrentThreadCpuTime();
                    r = chain.pushHistorySync(b.block(), b.firstLeafIndex(), b.items());
                    cpuNanos += threads.getCurrentThreadCpuTime() - cpuStart;
                    nanos += System.nanoTime() - start;
                }
                if (!r.isExtended()) {
                    throw new IllegalStateException("push of block " + b.block().blockNumber() + " failed: " + r);
                }
                leaves += b.items().size();
                if (++pushed == Policy.TEST.batchesPerEpoch()) {
                    warmupLeaves = leaves; // the first epoch warms up the JIT
                    warmupNanos = nanos;
                }
            }
            // the address log's folder finishes its work inside the process (timed by the process's CPU only)
            BenchmarkHooks.awaitFolded(chain);
            System.out.printf(
                    "pushHistorySync: %d batch sets, %d transactions (%.1f MiB encoded), syncWrites=%b,"
                            + " precomputed hashes=%s, address index=%b, accounts=%d%n",
                    pushed,
                    leaves,
                    bytes / 1048576.0,
                    sync,
                    precomputed + (withNodes ? " with nodes" : ""),
                    addressIndex,
                    accounts);
            System.out.printf(
                    "  all epochs:      %,.0f tx/s (%.1f ms per batch set)%n",
                    leaves / (nanos / 1e9), nanos / 1e6 / pushed);
            if (warmupLeaves >= 0 && leaves > warmupLeaves) {
                System.out.printf(
                        "  after 1st epoch: %,.0f tx/s%n", (leaves - warmupLeaves) / ((nanos - warmupNanos) / 1e9));
            }
            System.out.printf("  pushing thread's CPU: %.2f µs per transaction%n", cpuNanos / 1e3 / leaves);
            if (precomputed) {
                System.out.printf(
                        "  LeafHashes (untimed above; the verification pool's share, with nodes also proving chunks):"
                                + " %,.0f tx/s, %.2f µs per"
                                + " transaction on one thread%n",
                        leaves / (hashNanos / 1e9), hashNanos / 1e3 / leaves);
            }
        } finally {
            deleteRecursively(dir);
        }
    }

    /**
     * The hashes of the epoch's leaves from {@code first} on, as chunk verification makes them: each
     * 1024-leaf chunk holding them proved against the tree's current size, with its inner nodes.
     */
    private static LeafHashes verifiedHashes(List<HistoricTransaction> epoch, HistoryTree tree, long first)
            throws ProofException {
        long total = epoch.size();
        LeafHashes.Builder out = new LeafHashes.Builder();
        for (long c = first / Limits.CHUNK_SIZE; c * Limits.CHUNK_SIZE < total; c++) {
            long from = c * Limits.CHUNK_SIZE;
            int to = (int) Math.min(from + Limits.CHUNK_SIZE, total);
            HistoryProofVerifier.ChunkCheck checked = HistoryProofVerifier.verifyChunkKeepingNodes(
                    tree.proveRange(from, to - from, total),
                    tree.rootAt(total),
                    total,
                    c,
                    LeafHashes.of(epoch.subList((int) from, to)));
            if (!checked.result().isValid()) {
                throw new IllegalStateException("chunk " + c + ": " + checked.result());
            }
            out.add(checked.hashes(), (int) (Math.max(first, from) - from), to - (int) from);
        }
        return out.build();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
