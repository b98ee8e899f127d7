package io.hms.engine.bench;

import io.hms.engine.generator.ChainGenerator;
import io.hms.engine.generator.GeneratedBatch;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.generator.WriteReport;
import io.hms.engine.store.RocksDbBlockchain;
import io.hms.engine.store.StoreOptions;
import io.hms.protocol.Policy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Iterator;
import java.util.stream.Stream;

/**
 * Throughput of the chain generator: transactions generated per second with and without real
 * transfer signatures, and generated-and-pushed into a RocksDB store per second (synced commits,
 * as a node runs). Not a JUnit test (no "Test" suffix); run it by hand:
 *
 * <pre>
 * mvn -B -o -q test-compile -pl engine
 * mvn -B -o -q exec:java -pl engine -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.hms.engine.bench.ChainGeneratorBench -Dexec.args="1000000"
 * </pre>
 *
 * The argument is the number of transfers for the unsigned runs (default 1 000 000); the signed
 * run generates a twentieth of that. Geometry: MAINNET policy (60 blocks per batch, 720 batches
 * per epoch), 4 validators, 0–200 bytes of data per transfer.
 */
public final class ChainGeneratorBench {
    private static final int TXS_PER_BATCH = 1000;

    private ChainGeneratorBench() {}

    public static void main(String[] args) throws Exception {
        long transfers = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
        System.out.println("warm-up ...");
        generateOnly(options(20_000, false));
        generateOnly(options(2_000, true));

        report("generate, signed transfers", generateOnly(options(transfers / 20, true)));
        report("generate, unsigned transfers", generateOnly(options(transfers, false)));
        report(
                "generate + pushHistorySync into RocksDB (synced), unsigned",
                generateAndPush(options(transfers, false)));
    }

    private static GeneratorOptions options(long transfers, boolean sign) {
        int batches = (int) Math.max(1, transfers / TXS_PER_BATCH);
        int perEpoch = Policy.MAINNET.batchesPerEpoch();
        return GeneratorOptions.defaults(1)
                .withPolicy(Policy.MAINNET)
                .withShape(batches / perEpoch, batches % perEpoch)
                .withTransactions(TXS_PER_BATCH, 0, false)
                .withTxData(0, 200)
                .withSignTransfers(sign);
    }

    private record Run(long items, long nanos) {}

    private static Run generateOnly(GeneratorOptions opts) {
        long start = System.nanoTime();
        long items = 0;
        for (Iterator<GeneratedBatch> it = new ChainGenerator(opts).batches(); it.hasNext(); ) {
            items += it.next().items().size();
        }
        return new Run(items, System.nanoTime() - start);
    }

    private static Run generateAndPush(GeneratorOptions opts) throws Exception {
        Path dir = Files.createTempDirectory("hms-generator-bench");
        try {
            ChainGenerator gen = new ChainGenerator(opts);
            long start = System.nanoTime();
            WriteReport report;
            try (RocksDbBlockchain chain = RocksDbBlockchain.create(dir, gen.spec(), StoreOptions.ARCHIVE)) {
                report = gen.writeTo(chain);
            }
            long nanos = System.nanoTime() - start;
            if (!report.complete()) {
                throw new IllegalStateException(
                        "push failed: " + report.failure().orElseThrow());
            }
            return new Run(report.transactions(), nanos);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void report(String what, Run run) {
        double seconds = run.nanos() / 1e9;
        System.out.printf(
                "%-60s %,12d items in %7.2f s = %,10.0f items/s%n", what, run.items(), seconds, run.items() / seconds);
    }
}
