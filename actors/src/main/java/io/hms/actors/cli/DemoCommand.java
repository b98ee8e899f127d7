package io.hms.actors.cli;

import io.hms.actors.events.SyncEvent;
import io.hms.actors.metrics.HmsMetrics;
import io.hms.actors.node.ChainWriter;
import io.hms.actors.node.DataDirectory;
import io.hms.actors.node.NodeConfig;
import io.hms.actors.node.NodeSystem;
import io.hms.actors.node.ServingNode;
import io.hms.actors.node.StatusReport;
import io.hms.actors.node.SyncProgress;
import io.hms.actors.node.SyncingNode;
import io.hms.actors.settings.HmsSettings;
import io.hms.actors.transport.LinkShaping;
import io.hms.engine.generator.ChainGenerator;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.store.RocksDbBlockchain;
import io.hms.engine.store.StoreOptions;
import io.hms.protocol.Policy;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hms demo}: the whole mechanism on one machine. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        header = "Generate a chain, serve it from 4 local peers, sync it, check it.",
        description = {
            "Shows the whole mechanism on this machine: in a temporary directory it generates a "
                    + "chain, starts 4 serving peers on loopback ports (3 archive nodes and 1 pruned node, "
                    + "which a history sync must refuse as Incompatible), syncs a fresh node from them over "
                    + "TCP, checks that the synced node has the same heads, the same history roots (recomputed "
                    + "from both stores) and the same transaction count, prints a summary with throughput, and "
                    + "removes the directory. Exit code 0 when every check passes."
        })
final class DemoCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);
    private static final int ARCHIVE_PEERS = 3;
    /** Worker JVMs one demo starts at most (each is a JVM with a 256 MiB heap on this machine). */
    private static final int MAX_WORKERS = 8;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--epochs",
            paramLabel = "N",
            description = "Complete epochs (default 80; with --policy mainnet 1).")
    Integer epochs;

    @Option(
            names = "--txs-per-batch",
            paramLabel = "K",
            description = "Transfers per batch (default 2000; with --policy mainnet 20).")
    Integer txsPerBatch;

    @Option(
            names = "--validators",
            paramLabel = "V",
            description = "Validators per epoch (default 4; with --policy mainnet 512, the real chain's shape).")
    Integer validators;

    @Option(
            names = "--checkpoint",
            arity = "0..1",
            fallbackValue = "1",
            defaultValue = "2",
            paramLabel = "K",
            description = "Checkpoint batches after the last complete epoch (default ${DEFAULT-VALUE}).")
    int checkpoints;

    @Option(
            names = "--policy",
            defaultValue = "unit",
            paramLabel = "unit|test|mainnet",
            converter = Converters.PolicyConverter.class,
            description = "Chain geometry (default ${DEFAULT-VALUE}; see 'hms generate --help').")
    Policy policy;

    @Option(
            names = "--seed",
            defaultValue = "1",
            paramLabel = "S",
            description = "Seed of the chain (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--batch-set-bytes",
            defaultValue = "26214400",
            paramLabel = "BYTES",
            description = "A new batch set starts when an epoch's history since the last one exceeds this many bytes "
                    + "(default ${DEFAULT-VALUE}, 25 MiB, as a node that follows the chain; small values make servers "
                    + "list many batch sets per epoch).")
    long batchSetBytes;

    @Option(
            names = "--latency",
            defaultValue = "0",
            paramLabel = "MS",
            description = "Latency the serving peers add to every frame.")
    long latencyMs;

    @Option(
            names = "--bandwidth",
            defaultValue = "0",
            paramLabel = "MBPS",
            description = "Bandwidth of each serving peer (0: unlimited).")
    double bandwidthMbps;

    @Option(
            names = "--workers",
            defaultValue = "0",
            paramLabel = "N",
            description = "Sync as a coordinator with N worker JVMs (hms worker, started and stopped by the demo) "
                    + "that download and verify ranges of epochs; 0 (default): one JVM.")
    int workers;

    @Option(names = "--keep", description = "Keep the temporary directory (its path is printed).")
    boolean keep;

    @picocli.CommandLine.Mixin
    ConfigOption configOption;

    /** The configuration both actor systems run with (reference.conf, --config, -D). */
    private com.typesafe.config.Config config;

    @Override
    public Integer call() throws Exception {
        config = configOption.config(spec.commandLine().getErr());
        HmsSettings.create(config); // a bad value fails before anything is generated
        GeneratorOptions options = options();
        PrintWriter w = spec.commandLine().getOut();
        Clock clock = Clock.systemUTC();
        Path root = Files.createTempDirectory("hms-demo-");
        Deque<AutoCloseable> open = new ArrayDeque<>();
        try {
            w.printf("hms demo in %s%n", root);
            w.printf(
                    "generating %s + %s, %d transfers per batch, %s (policy %s, seed %d) ...%n",
                    Units.count(epochs, "epoch"),
                    Units.count(checkpoints, "checkpoint"),
                    txsPerBatch,
                    Units.count(validators, "validator"),
                    policyName(),
                    seed);
            w.flush();
            ChainGenerator generator = new ChainGenerator(options);
            RocksDbBlockchain archive = new DataDirectory(root.resolve("archive"))
                    .openOrCreate(
                            generator.spec(),
                            StoreOptions.ARCHIVE.withSyncWrites(false).withHistoryChunksMaxSize(batchSetBytes));
            open.push(archive);
            RocksDbBlockchain prunedChain = new DataDirectory(root.resolve("pruned"))
                    .openOrCreate(
                            generator.spec(),
                            StoreOptions.PRUNED.withSyncWrites(false).withHistoryChunksMaxSize(batchSetBytes));
            open.push(prunedChain);
            ChainWriter.Written chain = ChainWriter.write(generator, List.of(archive, prunedChain), clock, LOG::info);
            w.printf(
                    "generated %s, %s in %.1f s (an archive and a pruned store); head block %d%n",
                    Units.count(chain.batches(), "batch", "batches"),
                    Units.count(chain.transactions(), "transaction"),
                    Units.seconds(chain.took()),
                    chain.headBlockNumber());

            ActorSystem<Void> peersSystem = NodeSystem.create("hms-demo-peers", config);
            open.push(() -> terminate(peersSystem));
            HmsSettings settings = HmsSettings.create(peersSystem.settings().config());
            NodeConfig serving = NodeConfig.defaults(settings).withShaping(LinkShaping.of(latencyMs, bandwidthMbps));
            List<InetSocketAddress> peers = new ArrayList<>();
            for (int i = 0; i < ARCHIVE_PEERS + 1; i++) {
                ServingNode node = ServingNode.start(
                        peersSystem,
                        i < ARCHIVE_PEERS ? archive : prunedChain,
                        serving.withNodeName("hms-demo-peer-" + (i + 1)));
                open.push(node);
                peers.add(node.address());
                w.printf(
                        "peer %d on %s:%d (%s)%n",
                        i + 1,
                        node.address().getHostString(),
                        node.address().getPort(),
                        i < ARCHIVE_PEERS ? "archive" : "pruned: no history service");
            }
            return syncAndCheck(root, archive, peers, open, clock, w);
        } finally {
            closeAll(open);
            if (keep) {
                w.printf("kept %s%n", root);
            } else {
                deleteTree(root);
            }
            w.flush();
        }
    }

    private int syncAndCheck(
            Path root,
            RocksDbBlockchain archive,
            List<InetSocketAddress> peers,
            Deque<AutoCloseable> open,
            Clock clock,
            PrintWriter w)
            throws Exception {
        DataDirectory target = new DataDirectory(root.resolve("synced"));
        RocksDbBlockchain synced = target.openOrCreate(archive.spec(), StoreOptions.ARCHIVE.withSyncWrites(false));
        open.push(synced);
        int clusterPort = workers > 0 ? DemoWorkers.freePort() : 0;
        startWorkers(clusterPort, peers, root, open, w);
        ActorSystem<Void> syncSystem = workers > 0
                ? NodeSystem.createClustered(
                        "coordinator", "127.0.0.1", clusterPort, "127.0.0.1:" + clusterPort, config)
                : NodeSystem.create("hms-demo-sync", config);
        open.push(() -> terminate(syncSystem)); // before the workers stop: they are not downed under a live sync
        WorkerGate.await(syncSystem, workers, WorkerGate.MAX_WAIT);
        HmsMetrics metrics = HmsMetrics.discarding();
        SyncProgress progress = new SyncProgress(archive.spec().policy(), SyncProgress.Start.of(synced));
        w.printf("syncing a fresh node from %s ...%n", Units.count(peers.size(), "peer"));
        w.flush();
        SyncingNode node = SyncingNode.start(
                syncSystem,
                synced,
                NodeConfig.defaults(syncSettings(syncSystem))
                        .withMetrics(metrics)
                        .withNodeName("hms-demo-syncer"));
        open.push(node);
        WorkerGate.awaitRegistered(node, workers, WorkerGate.MAX_WAIT);
        peers.forEach(node::dial); // after the workers registered: ranges go to them
        SyncSession session = new SyncSession(node, synced, clock);
        SyncSession.Result result;
        try (ProgressView view = ProgressView.create(
                progress, metrics::bytesReceivedTotal, clock, ProgressMode.resolve(Optional.empty()))) {
            Consumer<SyncEvent> listener = view::onEvent;
            node.addListener(listener);
            result = session.await(Duration.ofMinutes(30), Duration.ofSeconds(10));
            node.removeListener(listener);
        }
        Duration took = session.elapsed();
        session.settle(Duration.ofSeconds(10));
        List<SyncSession.PeerLine> lines = session.peerLines();
        w.println("peers:");
        SyncSession.print(lines, w);
        if (result.outcome() != SyncSession.Outcome.SYNCED) {
            w.flush();
            throw new CommandFailure(result.message());
        }
        boolean ok = DemoChecks.print(StatusReport.of(archive), StatusReport.of(synced), lines, w);
        long txs = synced.totalTransactions();
        long bytes = metrics.bytesReceivedTotal();
        long good = lines.stream().filter(l -> l.result().equals("Good")).count();
        w.printf(
                "summary: synced %s of %s (%s) in %s from %s: %.0f tx/s, %s/s%n",
                Units.count(txs, "transaction"),
                Units.count(StatusReport.of(synced).completeEpochs(), "epoch"),
                Units.bytes(bytes),
                Units.duration(took),
                Units.count(good, "peer"),
                txs / Units.seconds(took),
                Units.bytes((long) (bytes / Units.seconds(took))));
        long txBytes = WireOverhead.transactionBytes(synced);
        w.printf(
                "wire overhead: %s received for %s of transactions = %.3f%n",
                Units.bytes(bytes), Units.bytes(txBytes), WireOverhead.ratio(bytes, txBytes));
        if (workers > 0) {
            w.println(
                    "  (bytes received: the coordinator's own connections; what the workers downloaded is not counted)");
        }
        if (!ok) {
            w.flush();
            throw new CommandFailure("the synced node differs from the source (see the checks above)");
        }
        w.println("demo passed");
        return 0;
    }

    /**
     * With --workers: the worker JVMs, joining the coordinator that is about to start on {@code
     * clusterPort} (they retry until it is up). Closing them (after the coordinator has stopped)
     * stops them and prints what each did.
     */
    private void startWorkers(
            int clusterPort, List<InetSocketAddress> peers, Path root, Deque<AutoCloseable> open, PrintWriter w)
            throws Exception {
        if (workers == 0) {
            return;
        }
        DemoWorkers jvms = DemoWorkers.start(workers, clusterPort, peers, root);
        open.push(() -> {
            DemoWorkers.print(jvms.stopAndSummarize(), w);
            w.flush();
        });
        w.printf(
                "coordinator on 127.0.0.1:%d; started %s (pids %s), waiting for them to join ...%n",
                clusterPort, Units.count(workers, "worker JVM"), jvms.pids());
        w.flush();
    }

    /**
     * The sync's settings; with workers, ranges of epochs / (4 x workers) epochs (at most
     * max-request-epochs), so that every worker takes several; ranges download two at a time
     * ({@code hms.sync.reorder}, docs/ARCHITECTURE.md "Ranges in parallel").
     */
    private HmsSettings syncSettings(ActorSystem<Void> system) {
        HmsSettings settings = HmsSettings.create(system.settings().config());
        if (workers == 0) {
            return settings;
        }
        int range = Math.max(1, Math.min(settings.sync().maxRequestEpochs(), epochs / (4 * workers)));
        return HmsSettings.create(
                com.typesafe.config.ConfigFactory.parseString("hms.sync.reorder.range-epochs = " + range)
                        .withFallback(system.settings().config()));
    }

    private GeneratorOptions options() {
        if (batchSetBytes < 1) {
            throw new ParameterException(spec.commandLine(), "--batch-set-bytes must be at least 1");
        }
        boolean mainnet = policy.equals(Policy.MAINNET);
        epochs = epochs != null ? epochs : mainnet ? 1 : 80;
        txsPerBatch = txsPerBatch != null ? txsPerBatch : mainnet ? 20 : 2000;
        validators = validators != null ? validators : mainnet ? 512 : 4;
        if (epochs < 1 || txsPerBatch < 0 || checkpoints < 0) {
            throw new ParameterException(
                    spec.commandLine(), "--epochs must be at least 1, --txs-per-batch and --checkpoint not negative");
        }
        if (workers < 0 || workers > MAX_WORKERS) {
            throw new ParameterException(spec.commandLine(), "--workers must be in 0.." + MAX_WORKERS);
        }
        if (latencyMs < 0 || bandwidthMbps < 0) {
            throw new ParameterException(spec.commandLine(), "--latency and --bandwidth must not be negative");
        }
        try {
            return GeneratorOptions.defaults(seed)
                    .withPolicy(policy)
                    .withShape(epochs, checkpoints)
                    .withTransactions(txsPerBatch, 0.0, false)
                    .withSignTransfers(false)
                    .withValidators(validators);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private String policyName() {
        return policy.equals(Policy.UNIT) ? "unit" : policy.equals(Policy.TEST) ? "test" : "mainnet";
    }

    private static void terminate(ActorSystem<Void> system) throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get();
    }

    private static void closeAll(Deque<AutoCloseable> open) {
        while (!open.isEmpty()) {
            try {
                open.pop().close();
            } catch (Exception e) {
                LOG.warn("closing a demo resource failed: {}", e.toString());
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
