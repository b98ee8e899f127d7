package io.hms.actors.cli;

import io.hms.actors.node.DataDirectory;
import io.hms.engine.generator.ChainGenerator;
import io.hms.engine.generator.GeneratedBatch;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.store.PushResult;
import io.hms.engine.store.RocksDbBlockchain;
import io.hms.engine.store.StoreException;
import io.hms.engine.store.StoreOptions;
import io.hms.protocol.Policy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hms generate}: a valid chain from a seed, into a new data directory. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Generates a valid chain from a seed into a new data directory: a genesis election block, then",
      "batch after batch a macro block signed by 2f+1 of the epoch's validator slots and the history",
      "(transfers, rewards, penalties, jails) its batch recorded. Equal options give identical chains.",
      "Writes DIR/store, DIR/chain-spec.json (what a syncing node needs) and DIR/generator.json",
      "(what 'hms serve --produce-every' needs to keep extending the chain)."
    })
final class GenerateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "New data directory.")
  Path out;

  @Option(names = "--epochs", required = true, paramLabel = "N", description = "Complete epochs after genesis.")
  int epochs;

  @Option(names = "--txs-per-batch", required = true, paramLabel = "K",
      description = "Transfers per batch (rewards, penalties and jails come on top).")
  int txsPerBatch;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed of all randomness (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--policy", defaultValue = "unit", paramLabel = "unit|test|mainnet",
      converter = Converters.PolicyConverter.class,
      description = "Chain geometry: unit (4 blocks per batch, 4 batches per epoch), test (32 x 4, genesis 200)"
          + " or mainnet (60 x 720). Default: ${DEFAULT-VALUE}.")
  Policy policy;

  @Option(names = "--checkpoint", arity = "0..1", fallbackValue = "1", defaultValue = "0", paramLabel = "K",
      description = "End in the middle of an epoch: add K checkpoint batches after the last complete epoch (K=1 if no value).")
  int checkpoints;

  @Option(names = "--validators", defaultValue = "4", paramLabel = "V", description = "Validators per epoch (default: ${DEFAULT-VALUE}).")
  int validators;

  @Option(names = "--unsigned-transfers",
      description = "Give transfers a cheap filler instead of an Ed25519 signature (much faster for big chains;"
          + " the sync verifies block signatures and history proofs, not transfer signatures).")
  boolean unsignedTransfers;

  @Override
  public Integer call() throws IOException {
    GeneratorOptions options = options();
    DataDirectory dir = new DataDirectory(out);
    if (dir.hasStore()) {
      throw new CommandFailure(out + " already holds a chain store");
    }
    PrintWriter w = spec.commandLine().getOut();
    Clock clock = Clock.systemUTC();
    Instant start = clock.instant();
    ChainGenerator generator = new ChainGenerator(options);
    long transactions = 0;
    try (RocksDbBlockchain chain = dir.openOrCreate(generator.spec(), StoreOptions.ARCHIVE.withSyncWrites(false))) {
      dir.writeGenerator(options);
      ProgressLine progress = new ProgressLine(clock, Duration.ofSeconds(2));
      Iterator<GeneratedBatch> batches = generator.batches();
      long done = 0;
      while (batches.hasNext()) {
        GeneratedBatch batch = batches.next();
        PushResult result = chain.pushHistorySync(batch.block(), batch.firstLeafIndex(), batch.items());
        if (!result.isExtended()) {
          throw new CommandFailure("the store refused generated block " + batch.block().blockNumber() + ": " + result);
        }
        transactions += batch.items().size();
        done++;
        long batchesDone = done;
        long txs = transactions;
        progress.maybe(() -> "generated " + batchesDone + " of " + options.totalBatches() + " batches, " + txs + " transactions");
      }
      Duration took = Duration.between(start, clock.instant());
      w.printf("generated %d epochs + %d checkpoints (%d batches, %d transactions) in %s (%.1f s)%n",
          epochs, checkpoints, done, transactions, out, took.toMillis() / 1000.0);
      w.printf("head: block %d %s%n", chain.macroHead().blockNumber(), chain.macroHead().hash().toHex());
      w.printf("genesis: %s (network %d)%n", chain.spec().genesisHash().toHex(), chain.spec().networkId());
    } catch (StoreException e) {
      throw StoreAccess.failure(dir, e);
    }
    return 0;
  }

  private GeneratorOptions options() {
    if (epochs < 0 || txsPerBatch < 0 || checkpoints < 0) {
      throw new ParameterException(spec.commandLine(), "--epochs, --txs-per-batch and --checkpoint must not be negative");
    }
    try {
      return GeneratorOptions.defaults(seed)
          .withPolicy(policy)
          .withShape(epochs, checkpoints)
          .withTransactions(txsPerBatch, 0.0, false)
          .withValidators(validators)
          .withSignTransfers(!unsignedTransfers);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
