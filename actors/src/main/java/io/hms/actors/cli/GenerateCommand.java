package io.hms.actors.cli;

import io.hms.actors.node.ChainWriter;
import io.hms.actors.node.DataDirectory;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.store.StoreException;
import io.hms.protocol.Policy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hms generate}: a valid chain from a seed, into a new data directory. */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        header = "Generate a valid chain into a new data directory.",
        description = {
            "Generates a valid chain from a seed into a new data directory: a genesis election block,"
                    + " then batch after batch a macro block signed by 2f+1 of the epoch's validator slots and "
                    + "the history (transfers, rewards, penalties, jails) its batch recorded. Equal options "
                    + "give identical chains. Writes DIR/store, DIR/chain-spec.json (what a syncing node needs)"
                    + " and DIR/generator.json (what 'hms serve --produce-every' needs to keep extending the "
                    + "chain)."
        })
final class GenerateCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(GenerateCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "New data directory.")
    Path out;

    @Option(names = "--epochs", required = true, paramLabel = "N", description = "Complete epochs after genesis.")
    int epochs;

    @Option(
            names = "--txs-per-batch",
            required = true,
            paramLabel = "K",
            description = "Transfers per batch (rewards, penalties and jails come on top).")
    int txsPerBatch;

    @Option(
            names = "--seed",
            defaultValue = "1",
            paramLabel = "S",
            description = "Seed of all randomness (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--policy",
            defaultValue = "unit",
            paramLabel = "unit|test|mainnet",
            converter = Converters.PolicyConverter.class,
            description = "Chain geometry: unit (4 blocks per batch, 4 batches per epoch), test (32 x 4, genesis 200)"
                    + " or mainnet (60 x 720). Default: ${DEFAULT-VALUE}.")
    Policy policy;

    @Option(
            names = "--checkpoint",
            arity = "0..1",
            fallbackValue = "1",
            defaultValue = "0",
            paramLabel = "K",
            description =
                    "End in the middle of an epoch: add K checkpoint batches after the last complete epoch (K=1 if no value).")
    int checkpoints;

    @Option(
            names = "--batch-set-bytes",
            defaultValue = "26214400",
            paramLabel = "BYTES",
            description = "A new batch set starts when an epoch's history since the last one exceeds this many bytes "
                    + "(default ${DEFAULT-VALUE}, 25 MiB, as a node that follows the chain; small values make servers "
                    + "list many batch sets per epoch).")
    long batchSetBytes;

    @Option(
            names = "--validators",
            defaultValue = "4",
            paramLabel = "V",
            description = "Validators per epoch (default: ${DEFAULT-VALUE}).")
    int validators;

    @Option(
            names = "--unsigned-transfers",
            description = "Give transfers a cheap filler instead of an Ed25519 signature (much faster for big chains;"
                    + " the sync verifies block signatures and history proofs, not transfer signatures).")
    boolean unsignedTransfers;

    @Option(
            names = "--accounts",
            defaultValue = "64",
            paramLabel = "N",
            description = "Accounts that transfers move between (default: ${DEFAULT-VALUE}). A large pool makes most"
                    + " transfers' addresses distinct; with --unsigned-transfers, beyond 64 the addresses are hashed"
                    + " from the seed instead of being Ed25519 keys (fast for millions).")
    int accounts;

    @Override
    public Integer call() throws IOException {
        GeneratorOptions options = options();
        DataDirectory dir = DataOption.checked(out, "--out");
        if (dir.hasStore()) {
            throw new CommandFailure(out + " already holds a chain store");
        }
        PrintWriter w = spec.commandLine().getOut();
        ChainWriter.Written written;
        try {
            written = ChainWriter.write(dir, options, batchSetBytes, Clock.systemUTC(), LOG::info);
        } catch (StoreException e) {
            throw StoreAccess.failure(dir, e);
        }
        w.printf(
                "generated %s + %s (%s, %s) in %s (%.1f s)%n",
                Units.count(epochs, "epoch"),
                Units.count(checkpoints, "checkpoint"),
                Units.count(written.batches(), "batch", "batches"),
                Units.count(written.transactions(), "transaction"),
                out,
                Units.seconds(written.took()));
        w.printf("head: block %d %s%n", written.headBlockNumber(), written.headHash());
        w.printf("chain spec: %s%n", dir.specFile());
        return 0;
    }

    GeneratorOptions options() {
        if (batchSetBytes < 1) {
            throw new ParameterException(spec.commandLine(), "--batch-set-bytes must be at least 1");
        }
        if (accounts < 2) {
            throw new ParameterException(spec.commandLine(), "--accounts must be at least 2");
        }
        if (epochs < 0 || txsPerBatch < 0 || checkpoints < 0) {
            throw new ParameterException(
                    spec.commandLine(), "--epochs, --txs-per-batch and --checkpoint must not be negative");
        }
        try {
            return GeneratorOptions.defaults(seed)
                    .withPolicy(policy)
                    .withShape(epochs, checkpoints)
                    .withTransactions(txsPerBatch, 0.0, false)
                    .withValidators(validators)
                    .withSignTransfers(!unsignedTransfers)
                    .withAccounts(accounts);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
