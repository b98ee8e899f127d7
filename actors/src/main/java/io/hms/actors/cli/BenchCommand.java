package io.hms.actors.cli;

import io.hms.actors.bench.Bench;
import io.hms.actors.bench.BenchPlan;
import io.hms.actors.bench.BenchReport;
import io.hms.actors.bench.BenchRow;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hms bench}: the sync's throughput, CPU, memory and threads against its one-thread bound. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        header = "Measure sync throughput, CPU, memory and threads against the one-thread bound.",
        description = {
            "Generates (or reuses, cached by parameters under --cache) a chain and one SCALE times as long, and "
                    + "measures on each: the one-thread bound (every answer decoded, verified and pushed in this "
                    + "process, no network, no actors) and 'hms sync' as a separate process from 1 and 3 separate "
                    + "'hms serve' processes; on the first chain also 4 far-away peers (--latency 10/25/50/100 "
                    + "--bandwidth 64/32/16/8) and a fast peer next to a --silent one. Every synced store is "
                    + "checked against its source. Prints a table (--json: JSON). See docs/BENCHMARKS.md."
        })
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "A small chain (4 epochs; 40 at 10x): about a minute.")
    boolean quick;

    @Option(names = "--json", description = "Print the results as JSON instead of a table.")
    boolean json;

    @Option(
            names = "--cache",
            paramLabel = "DIR",
            description = "Where generated chains are kept between runs (default ~/.cache/hms-bench).")
    Path cache;

    @Option(
            names = "--work",
            paramLabel = "DIR",
            description = "Where the synced stores and the children's logs go (default: a new temporary directory).")
    Path work;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs of the 1x chain (default 40; --quick 4).")
    Integer epochs;

    @Option(
            names = "--scale",
            defaultValue = "10",
            paramLabel = "SCALE",
            description = "The second chain is SCALE times as long (default ${DEFAULT-VALUE}; 1: only one chain).")
    int scale;

    @Option(
            names = "--txs-per-batch",
            defaultValue = "2000",
            paramLabel = "K",
            description = "Unsigned transfers per batch (default ${DEFAULT-VALUE}).")
    int txsPerBatch;

    @Option(
            names = "--sync-jvm-opt",
            paramLabel = "OPT",
            description = "A JVM option for the syncing process (repeatable), e.g. --sync-jvm-opt=-Xmx64m.")
    List<String> syncJvmOptions = List.of();

    @Option(
            names = "--timeout",
            defaultValue = "10m",
            paramLabel = "DURATION",
            converter = Converters.DurationConverter.class,
            description = "A sync taking longer fails (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        int n = epochs != null ? epochs : quick ? 4 : 40;
        if (n < 1 || scale < 1 || txsPerBatch < 1) {
            throw new ParameterException(
                    spec.commandLine(), "--epochs, --scale and --txs-per-batch must be at least 1");
        }
        Path cacheDir = cache != null ? cache : Path.of(System.getProperty("user.home"), ".cache", "hms-bench");
        Path workDir = work != null ? work : Files.createTempDirectory("hms-bench-");
        Files.createDirectories(workDir);
        BenchPlan plan = new BenchPlan(
                HmsCommand.class.getName(), cacheDir, workDir, n, scale, 2, txsPerBatch, 1, syncJvmOptions, timeout);
        PrintWriter err = spec.commandLine().getErr();
        err.printf("hms bench: chains in %s, work in %s%n", cacheDir, workDir);
        err.flush();
        Instant started = Instant.now();
        List<BenchRow> rows = new Bench(plan, line -> {
                    err.println("hms bench: " + line);
                    err.flush();
                })
                .run();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            BenchReport.json(header(plan, started), rows, out);
        } else {
            BenchReport.table(rows, out);
        }
        if (rows.stream().anyMatch(r -> !r.same())) {
            throw new CommandFailure("a synced store differs from its source (see the table)");
        }
        return 0;
    }

    private static Map<String, Object> header(BenchPlan plan, Instant started) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("started", started.toString());
        h.put("seconds", Duration.between(started, Instant.now()).toSeconds());
        h.put("cores", Runtime.getRuntime().availableProcessors());
        h.put("java", System.getProperty("java.vm.version"));
        h.put("load", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        h.put("epochs", plan.epochs());
        h.put("scale", plan.scale());
        h.put("txsPerBatch", plan.txsPerBatch());
        h.put("syncJvmOptions", plan.syncJvmOptions());
        return h;
    }
}
