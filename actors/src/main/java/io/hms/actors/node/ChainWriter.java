package io.hms.actors.node;

import io.hms.engine.generator.ChainGenerator;
import io.hms.engine.generator.GeneratedBatch;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.store.PushResult;
import io.hms.engine.store.RocksDbBlockchain;
import io.hms.engine.store.StoreException;
import io.hms.engine.store.StoreOptions;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * Generates a chain into a new data directory ({@code hms generate}, {@code hms demo}): the store,
 * the chain spec and the generator's options, reporting progress every two seconds.
 */
public final class ChainWriter {
  private static final Duration REPORT_EVERY = Duration.ofSeconds(2);

  private ChainWriter() {}

  /** What was written. */
  public record Written(long batches, long transactions, long headBlockNumber, String headHash, Duration took) {}

  /**
   * Writes the chain {@code options} describe into {@code dir}, which must not hold a store yet.
   *
   * @throws StoreException if the store cannot be created or refuses a generated block
   */
  public static Written write(DataDirectory dir, GeneratorOptions options, Clock clock, Consumer<String> progress)
      throws StoreException, IOException {
    Instant start = clock.instant();
    Instant lastReport = start;
    ChainGenerator generator = new ChainGenerator(options);
    long batches = 0;
    long transactions = 0;
    try (RocksDbBlockchain chain = dir.openOrCreate(generator.spec(), StoreOptions.ARCHIVE.withSyncWrites(false))) {
      dir.writeGenerator(options);
      Iterator<GeneratedBatch> it = generator.batches();
      while (it.hasNext()) {
        GeneratedBatch batch = it.next();
        PushResult result = chain.pushHistorySync(batch.block(), batch.firstLeafIndex(), batch.items());
        if (!result.isExtended()) {
          throw new StoreException(StoreException.Kind.CORRUPTED,
              "the store refused generated block " + batch.block().blockNumber() + ": " + result);
        }
        batches++;
        transactions += batch.items().size();
        Instant now = clock.instant();
        if (Duration.between(lastReport, now).compareTo(REPORT_EVERY) >= 0) {
          lastReport = now;
          progress.accept("generated " + batches + " of " + options.totalBatches() + " batches, " + transactions
              + " transactions");
        }
      }
      return new Written(batches, transactions, chain.headBlockNumber(), chain.macroHead().hash().toHex(),
          Duration.between(start, clock.instant()));
    }
  }
}
