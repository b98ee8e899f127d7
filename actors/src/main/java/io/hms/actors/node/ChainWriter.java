package io.hms.actors.node;

import io.hms.engine.generator.ChainGenerator;
import io.hms.engine.generator.GeneratedBatch;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.store.Blockchain;
import io.hms.engine.store.PushResult;
import io.hms.engine.store.RocksDbBlockchain;
import io.hms.engine.store.StoreException;
import io.hms.engine.store.StoreOptions;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Generates a chain into stores ({@code hms generate}, {@code hms demo}), reporting progress every
 * two seconds. Each batch is generated once and pushed into every target at once (one thread per
 * target) while the next batch is generated, so an archive and a pruned node of the same chain are
 * written in one pass. Pushes stay in order: a batch is pushed only after the previous one was.
 */
public final class ChainWriter {
    private static final Duration REPORT_EVERY = Duration.ofSeconds(2);

    private ChainWriter() {}

    /** What was written. */
    public record Written(long batches, long transactions, long headBlockNumber, String headHash, Duration took) {}

    /**
     * Writes the chain {@code options} describe into a new data directory: the store, the chain spec
     * and the generator's options (for {@code hms serve --produce-every}).
     *
     * @throws StoreException if the store cannot be created or refuses a generated block
     */
    public static Written write(DataDirectory dir, GeneratorOptions options, Clock clock, Consumer<String> progress)
            throws StoreException, IOException {
        return write(dir, options, StoreOptions.DEFAULT_HISTORY_CHUNKS_MAX_SIZE, clock, progress);
    }

    /**
     * As {@link #write(DataDirectory, GeneratorOptions, Clock, Consumer)}, starting a new batch set
     * whenever an epoch's history since the last one exceeds {@code batchSetBytes} (SPEC §1.4).
     */
    public static Written write(
            DataDirectory dir, GeneratorOptions options, long batchSetBytes, Clock clock, Consumer<String> progress)
            throws StoreException, IOException {
        ChainGenerator generator = new ChainGenerator(options);
        StoreOptions store = StoreOptions.ARCHIVE.withSyncWrites(false).withHistoryChunksMaxSize(batchSetBytes);
        try (RocksDbBlockchain chain = dir.openOrCreate(generator.spec(), store)) {
            dir.writeGenerator(options);
            return write(generator, List.of(chain), clock, progress);
        }
    }

    /**
     * Pushes every batch of {@code generator} into each of {@code targets}, stores created for its
     * spec and holding nothing but genesis.
     *
     * @throws StoreException if a store refuses a generated block
     */
    public static Written write(
            ChainGenerator generator, List<? extends Blockchain> targets, Clock clock, Consumer<String> progress)
            throws StoreException {
        Instant start = clock.instant();
        Instant lastReport = start;
        long batches = 0;
        long transactions = 0;
        long total = generator.options().totalBatches();
        Iterator<GeneratedBatch> it = generator.batches();
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pushers = Executors.newFixedThreadPool(
                targets.size(), // one per store, named for thread dumps
                task -> new Thread(task, "hms-chain-writer-" + threads.incrementAndGet()));
        List<Future<PushResult>> pending = List.of();
        long pendingBlock = 0;
        try {
            while (it.hasNext()) {
                GeneratedBatch batch = it.next();
                check(pending, pendingBlock);
                List<Future<PushResult>> pushes = new ArrayList<>();
                for (Blockchain chain : targets) {
                    pushes.add(pushers.submit(() -> chain.pushHistorySync(batch.block(), batch.items())));
                }
                pending = pushes;
                pendingBlock = batch.block().blockNumber();
                batches++;
                transactions += batch.items().size();
                Instant now = clock.instant();
                if (Duration.between(lastReport, now).compareTo(REPORT_EVERY) >= 0) {
                    lastReport = now;
                    progress.accept("generated " + batches + " of " + total + (total == 1 ? " batch, " : " batches, ")
                            + transactions + (transactions == 1 ? " transaction" : " transactions"));
                }
            }
            check(pending, pendingBlock);
        } finally {
            pushers.shutdownNow();
        }
        Blockchain first = targets.get(0);
        return new Written(
                batches,
                transactions,
                first.headBlockNumber(),
                first.macroHead().hash().toHex(),
                Duration.between(start, clock.instant()));
    }

    /** Waits for the pushes of one batch; each must have extended its store. */
    private static void check(List<Future<PushResult>> pushes, long blockNumber) throws StoreException {
        for (Future<PushResult> push : pushes) {
            PushResult result = await(push);
            if (!result.isExtended()) {
                throw new StoreException(
                        StoreException.Kind.CORRUPTED,
                        "the store refused generated block " + blockNumber + ": " + result);
            }
        }
    }

    private static PushResult await(Future<PushResult> push) throws StoreException {
        try {
            return push.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(StoreException.Kind.IO, "interrupted while writing the generated chain");
        } catch (ExecutionException e) {
            throw new StoreException(
                    StoreException.Kind.IO, "writing the generated chain failed: " + e.getCause(), e.getCause());
        }
    }
}
