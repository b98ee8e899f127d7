package io.hms.engine.store;

import io.hms.engine.bench.BenchChains;
import io.hms.engine.generator.ChainGenerator;
import io.hms.engine.generator.GeneratedBatch;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.history.HistoryLookup;
import io.hms.protocol.Policy;
import io.hms.protocol.model.BatchReward;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import io.hms.protocol.model.PublicKey;
import io.hms.protocol.model.Transfer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.rocksdb.RocksDBException;

/**
 * The address index on a large store (docs/BENCHMARKS.md, "Address index"): pushes a generated
 * chain (TEST geometry, unsigned transfers with 0–200 data bytes, unsynced commits), compacts every
 * column family and reports the bytes on disk of the address index per transaction next to the
 * history's, then single-thread queries per second: pages of {@code transactionsByAddress} (for
 * transfer parties and for validators, who have an entry per reward) and inclusion proofs ({@link
 * HistoryLookup#prove}) of random stored transactions.
 *
 * <pre>
 * mvn -B -o -q test-compile -pl engine -am
 * java -cp ... io.hms.engine.store.AddressIndexBench 25 10000 20000
 * </pre>
 *
 * Arguments: epochs (25), transfers per batch (10000), queries per kind (20000), the generator's
 * account pool (64; 1000000 makes most addresses distinct and each push's address log record large).
 * The last {@link AddressLogFolder#MAX_UNFOLDED_RECORDS} pushes are left unfolded for one round of
 * transfer-party queries (the largest backlog a query reads), then everything is folded.
 */
final class AddressIndexBench {
    private AddressIndexBench() {}

    public static void main(String[] args) throws Exception {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 25;
        int txsPerBatch = args.length > 1 ? Integer.parseInt(args[1]) : 10000;
        int queries = args.length > 2 ? Integer.parseInt(args[2]) : 20000;
        int accounts = args.length > 3 ? Integer.parseInt(args[3]) : GeneratorOptions.DEFAULT_ACCOUNTS;
        ChainGenerator generator =
                new ChainGenerator(BenchChains.options(epochs, txsPerBatch).withAccounts(accounts));
        Path dir = Files.createTempDirectory("hms-address-bench");
        StoreOptions options = StoreOptions.ARCHIVE.withSyncWrites(false);
        List<Hash> hashes = new ArrayList<>();
        List<PublicKey> parties = new ArrayList<>();
        List<PublicKey> validators = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(7);
        long total = 0;
        long start = System.nanoTime();
        int batchSets = epochs * Policy.TEST.batchesPerEpoch();
        int pushed = 0;
        try (RocksDbBlockchain chain = RocksDbBlockchain.create(dir, generator.spec(), options)) {
            for (Iterator<GeneratedBatch> it = generator.batches(); it.hasNext(); pushed++) {
                if (pushed == batchSets - AddressLogFolder.MAX_UNFOLDED_RECORDS) {
                    chain.folder().awaitFolded();
                    chain.folder().pause(true); // the last pushes stay in the log: the largest backlog queries see
                }
                GeneratedBatch b = it.next();
                if (!chain.pushHistorySync(b.block(), b.firstLeafIndex(), b.items())
                        .isExtended()) {
                    throw new IllegalStateException("push of " + b.block().blockNumber() + " failed");
                }
                for (HistoricTransaction tx : b.items()) {
                    total++;
                    if (rnd.nextInt(50) == 0) {
                        hashes.add(tx.hash());
                        if (tx.data() instanceof Transfer t) {
                            parties.add(t.sender());
                        } else if (tx.data() instanceof BatchReward r && !validators.contains(r.validator())) {
                            validators.add(r.validator());
                        }
                    }
                }
            }
            System.out.printf("pushed %,d transactions in %.1f s%n", total, (System.nanoTime() - start) / 1e9);
            queryByAddress(
                    chain,
                    parties,
                    queries,
                    rnd,
                    "transfer parties with " + chain.folder().unfolded() + " push records unfolded");
            chain.folder().pause(false);
            chain.folder().awaitFolded();
        }
        try {
            sizes(dir, options, total);
            queries(dir, options, hashes, parties, validators, queries, rnd);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void queries(
            Path dir,
            StoreOptions options,
            List<Hash> hashes,
            List<PublicKey> parties,
            List<PublicKey> validators,
            int queries,
            SplittableRandom rnd)
            throws StoreException {
        try (Blockchain chain = RocksDbBlockchain.open(dir, options)) {
            queryByAddress(chain, parties, queries, rnd, "transfer parties (1-2 entries each)");
            queryByAddress(chain, validators, queries, rnd, "validators (an entry per reward)");
            HistoryLookup lookup = new HistoryLookup(chain);
            long t0 = System.nanoTime();
            for (int i = 0; i < queries; i++) {
                lookup.prove(hashes.get(rnd.nextInt(hashes.size()))).orElseThrow();
            }
            System.out.printf(
                    "inclusion proofs: %,.0f per second (one thread)%n", queries / ((System.nanoTime() - t0) / 1e9));
        }
    }

    private static void queryByAddress(
            ChainView chain, List<PublicKey> addresses, int queries, SplittableRandom rnd, String what) {
        long found = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < queries; i++) {
            found += chain.transactionsByAddress(addresses.get(rnd.nextInt(addresses.size())), Optional.empty(), 100)
                    .size();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
                "transactionsByAddress (page of up to 100) for %s: %,.0f pages per second, %.1f transactions per"
                        + " page (one thread)%n",
                what, queries / seconds, (double) found / queries);
    }

    private static void sizes(Path dir, StoreOptions options, long total) throws StoreException, RocksDBException {
        try (StoreColumns cols = StoreColumns.open(dir, options)) {
            long index = compactedSize(cols, cols.addressIndex.handle());
            long history = compactedSize(cols, cols.history.handle());
            long txIndex = compactedSize(cols, cols.txIndex.handle());
            long mmr = compactedSize(cols, cols.mmr.handle());
            System.out.printf(
                    "on disk after compaction: address_index %,d bytes (%.1f per transaction), history %.1f, tx_index"
                            + " %.1f, mmr %.1f per transaction%n",
                    index,
                    (double) index / total,
                    (double) history / total,
                    (double) txIndex / total,
                    (double) mmr / total);
        }
    }

    private static long compactedSize(StoreColumns cols, org.rocksdb.ColumnFamilyHandle handle)
            throws RocksDBException {
        cols.db.compactRange(handle);
        return Long.parseLong(cols.db.getProperty(handle, "rocksdb.total-sst-files-size"));
    }
}
