package io.hms.actors.cli;

import io.hms.actors.admin.NodeAdmin;
import io.hms.actors.bench.ProcessFigures;
import io.hms.actors.events.SyncEvent;
import io.hms.actors.metrics.HmsMetrics;
import io.hms.actors.metrics.MetricsServer;
import io.hms.actors.node.DataDirectory;
import io.hms.actors.node.NodeConfig;
import io.hms.actors.node.NodeSystem;
import io.hms.actors.node.SyncProgress;
import io.hms.actors.node.SyncingNode;
import io.hms.actors.rpc.RpcServer;
import io.hms.actors.rpc.SyncStatusTracker;
import io.hms.actors.settings.AdminSettings;
import io.hms.actors.settings.HmsSettings;
import io.hms.engine.store.RocksDbBlockchain;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.typed.ActorSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hms sync}: brings a data directory's store up to its peers' macro head. */
@Command(
        name = "sync",
        mixinStandardHelpOptions = true,
        header = "Sync a data directory from peers (and follow them with --follow).",
        description = {
            "Syncs the data directory's store from the given peers: asks them for the chain of "
                    + "election blocks, groups peers that agree, downloads every epoch's macro blocks and "
                    + "history (in 1024-leaf chunks from all peers at once), verifies signatures and Merkle "
                    + "proofs and applies each batch set atomically. While syncing, it serves what it has "
                    + "applied. Prints each peer's result (Good, Outdated, Incompatible). Exit code 0 when at "
                    + "least one peer is Good and its head is ours; 1 when no peer could be synced from. A new "
                    + "data directory needs the chain spec of the chain to sync (--spec)."
        })
final class SyncCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOption data;

    @Mixin
    ConfigOption configOption;

    @Mixin
    RpcOptions rpc;

    @Option(
            names = "--peer",
            required = true,
            arity = "1..*",
            paramLabel = "HOST:PORT",
            converter = Converters.HostPortConverter.class,
            description = "Peers to sync from (repeatable).")
    List<InetSocketAddress> peers;

    @Option(
            names = "--role",
            paramLabel = "ROLE",
            description = "standalone (default) or coordinator: the store's owner in a Pekko Cluster whose workers "
                    + "(hms worker --join) download and verify ranges (docs/ARCHITECTURE.md \"Workers\").")
    String role = "standalone";

    @Option(
            names = "--cluster-host",
            paramLabel = "HOST",
            description = "Interface cluster traffic binds to with --role coordinator (default: ${DEFAULT-VALUE}).")
    String clusterHost = "127.0.0.1";

    @Option(
            names = "--cluster-port",
            paramLabel = "PORT",
            description = "Port for cluster traffic with --role coordinator; workers --join HOST:PORT.")
    int clusterPort = 25520;

    @Option(
            names = "--workers",
            paramLabel = "N",
            description = "With --role coordinator: wait (at most 60 s) until N workers are members "
                    + "before syncing, so that they take the first ranges (default: ${DEFAULT-VALUE}).")
    int workers = 0;

    @Option(
            names = "--spec",
            paramLabel = "FILE|DIR",
            description = "Chain spec for a new data directory: a chain-spec.json, or a data directory holding one.")
    Path specPath;

    @Option(names = "--follow", description = "After syncing, keep following new macro blocks until Ctrl-C.")
    boolean follow;

    @Option(
            names = "--follow-interval",
            defaultValue = "2s",
            paramLabel = "DURATION",
            converter = Converters.DurationConverter.class,
            description = "How often --follow asks the peers again (default ${DEFAULT-VALUE}).")
    Duration followInterval;

    @Option(
            names = "--port",
            defaultValue = "0",
            paramLabel = "P",
            description = "Port to serve on while syncing (0: any free port).")
    int port;

    @Option(
            names = "--timeout",
            defaultValue = "30m",
            paramLabel = "DURATION",
            converter = Converters.DurationConverter.class,
            description = "Give up if not synced within DURATION (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(
            names = "--connect-timeout",
            defaultValue = "10s",
            paramLabel = "DURATION",
            converter = Converters.DurationConverter.class,
            description = "A peer not connected within DURATION counts as unreachable (default ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Option(
            names = "--metrics-port",
            paramLabel = "P",
            description = "Serve Prometheus metrics on http://127.0.0.1:P/metrics.")
    Integer metricsPort;

    @Option(
            names = "--stats-json",
            paramLabel = "FILE",
            description = "At exit, write this process's figures (transactions, bytes, sync time, CPU time, peak live"
                    + " heap and RSS, threads started) to FILE as JSON; used by 'hms bench'.")
    Path statsJson;

    @Mixin
    AdminOption admin;

    @Option(
            names = "--progress",
            paramLabel = "MODE",
            converter = ProgressMode.Converter.class,
            description = "auto (default): a progress bar when stderr is a terminal, else a progress line every few"
                    + " seconds; bar, plain or off force one. Also HMS_PROGRESS=MODE.")
    ProgressMode progressMode;

    /** The progress display while one is shown, for the Ctrl-C message. */
    private volatile Optional<ProgressView> view = Optional.empty();

    /** Follows collections from the start when --stats-json is given. */
    private Optional<ProcessFigures> figures = Optional.empty();
    /** What the sync did, for --stats-json. */
    private boolean synced;

    private long syncedTransactions;
    private Duration syncTime = Duration.ZERO;
    private HmsMetrics metricsOfRun = HmsMetrics.discarding();

    @Override
    public Integer call() throws Exception {
        if (statsJson != null) {
            figures = Optional.of(ProcessFigures.start());
        }
        try {
            return sync();
        } finally {
            if (figures.isPresent()) {
                figures.get()
                        .snapshot(synced, syncedTransactions, metricsOfRun.bytesReceivedTotal(), syncTime)
                        .write(statsJson);
            }
        }
    }

    private int sync() throws Exception {
        if (port < 0 || port > 0xFFFF || (metricsPort != null && (metricsPort < 0 || metricsPort > 0xFFFF))) {
            throw new ParameterException(spec.commandLine(), "ports must be in 0..65535");
        }
        com.typesafe.config.Config loaded =
                configOption.config(spec.commandLine().getErr());
        HmsSettings settings = HmsSettings.create(loaded); // a bad value fails before any store is made
        AdminSettings adminSettings = admin.applyTo(settings.admin());
        DataDirectory dir = data.directory();
        PrintWriter w = spec.commandLine().getOut();
        boolean created = !dir.hasStore();
        // the actor system first: a cluster port in use then fails before any store is made
        ActorSystem<Void> system = actorSystem(loaded);
        RocksDbBlockchain chain;
        try {
            chain = SyncStore.openOrCreate(dir, Optional.ofNullable(specPath));
        } catch (Exception | Error e) {
            system.terminate();
            throw e;
        }
        long createdHead = chain.headBlockNumber();
        PrometheusMeterRegistry registry = MetricsServer.newRegistry();
        HmsMetrics metrics = new HmsMetrics(registry);
        metricsOfRun = metrics;
        Optional<MetricsServer> metricsServer = Optional.empty();
        Optional<RpcServer> rpcServer = Optional.empty();
        SyncingNode node = null;
        Optional<NodeAdmin> nodeAdmin = Optional.empty();
        boolean following = false;
        boolean succeeded = false;
        try {
            WorkerGate.await(system, workers, WorkerGate.MAX_WAIT);
            metricsServer = metricsPort == null ? Optional.empty() : Optional.of(metricsServer(registry));
            NodeConfig config = NodeConfig.defaults(settings).withPort(port).withMetrics(metrics);
            node = start(system, chain, follow ? config.withFollow(followInterval) : config);
            WorkerGate.awaitRegistered(node, workers, WorkerGate.MAX_WAIT);
            peers.forEach(node::dial); // after the workers registered: ranges go to them
            nodeAdmin = Optional.of(nodeAdmin(adminSettings, dir, chain, node));
            SyncStatusTracker status =
                    new SyncStatusTracker(chain.spec().policy(), SyncProgress.Start.of(chain), Clock.systemUTC());
            node.addListener(status);
            rpcServer = rpc.start(system, chain, status, settings, w);
            SyncingNode started = node;
            int exit = noteInterruption(chain, () -> run(started, chain, metrics, w));
            succeeded = exit == 0;
            if (exit != 0 || !follow) {
                return exit;
            }
            w.printf("following new blocks every %s; Ctrl-C to stop%n", Units.duration(followInterval));
            w.flush();
            SyncingNode followingNode = node;
            node.addListener(e -> {
                if (e instanceof SyncEvent.BatchSetApplied a) {
                    w.printf(
                            "applied block %d (epoch %d, %s)%n",
                            a.blockNumber(), a.epoch(), Units.count(a.appendedItems(), "new transaction"));
                    w.flush();
                }
            });
            Optional<MetricsServer> m = metricsServer;
            Optional<NodeAdmin> a = nodeAdmin;
            Optional<RpcServer> r = rpcServer;
            following = true;
            ServeCommand.awaitShutdown(() -> {
                a.ifPresent(NodeAdmin::close);
                r.ifPresent(RpcServer::close);
                followingNode.close();
                m.ifPresent(MetricsServer::close);
                system.terminate();
                spec.commandLine().getErr().println("hms sync: stopped following; " + SyncStore.stoppedAt(chain));
                chain.close();
            });
            return 0;
        } finally {
            if (!following) {
                // a store this run made and applied nothing to goes, unless it records a banned liar
                boolean discard = created
                        && !succeeded
                        && chain.headBlockNumber() == createdHead
                        && (node == null || node.banned().isEmpty());
                nodeAdmin.ifPresent(NodeAdmin::close);
                rpcServer.ifPresent(RpcServer::close);
                if (node != null) {
                    node.close();
                }
                metricsServer.ifPresent(MetricsServer::close);
                system.terminate();
                system.getWhenTerminated().toCompletableFuture().get();
                chain.close();
                if (discard) {
                    dir.discardStore(); // nothing was applied: leave no half-made store behind
                }
            }
        }
    }

    /** A plain system, or with --role coordinator a Pekko Cluster member that is its own seed. */
    private ActorSystem<Void> actorSystem(com.typesafe.config.Config loaded) {
        if (role.equals("standalone")) {
            return NodeSystem.create("hms-sync", loaded);
        }
        if (!role.equals("coordinator")) {
            throw new ParameterException(spec.commandLine(), "--role must be standalone or coordinator");
        }
        try {
            return NodeSystem.createClustered(
                    "coordinator", clusterHost, clusterPort, clusterHost + ":" + clusterPort, loaded);
        } catch (RuntimeException e) {
            throw Failures.listen(clusterHost, clusterPort, "--cluster-port", "--cluster-host", e);
        }
    }

    private MetricsServer metricsServer(PrometheusMeterRegistry registry) {
        try {
            return MetricsServer.start(registry, "127.0.0.1", metricsPort);
        } catch (IOException e) {
            throw Failures.listen("127.0.0.1", metricsPort, "--metrics-port", e);
        }
    }

    private static NodeAdmin nodeAdmin(AdminSettings s, DataDirectory dir, RocksDbBlockchain chain, SyncingNode node) {
        try {
            return NodeAdmin.forSync(s, dir, chain, node);
        } catch (IOException e) {
            throw Failures.listen(s.host(), s.port(), "--admin-port", e);
        }
    }

    private static SyncingNode start(ActorSystem<Void> system, RocksDbBlockchain chain, NodeConfig config) {
        try {
            return SyncingNode.start(system, chain, config);
        } catch (Exception e) {
            throw Failures.listen(config.host(), config.port(), "--port", e);
        }
    }

    private int run(SyncingNode node, RocksDbBlockchain chain, HmsMetrics metrics, PrintWriter w) throws Exception {
        Clock clock = Clock.systemUTC();
        SyncProgress progress = new SyncProgress(chain.spec().policy(), SyncProgress.Start.of(chain));
        SyncSession session = new SyncSession(node, chain, clock);
        long startHead = chain.headBlockNumber();
        long startTxs = chain.totalTransactions();
        SyncSession.Result result;
        ProgressMode mode = ProgressMode.resolve(Optional.ofNullable(progressMode));
        try (ProgressView shown = ProgressView.create(progress, metrics::bytesReceivedTotal, clock, mode)) {
            view = Optional.of(shown);
            java.util.function.Consumer<SyncEvent> listener = shown::onEvent;
            node.addListener(listener);
            result = session.await(timeout, connectTimeout);
            node.removeListener(listener);
        } finally {
            view = Optional.empty();
        }
        Duration took = session.elapsed(); // the sync phase, without the settling below
        syncTime = took;
        syncedTransactions = chain.totalTransactions() - startTxs;
        session.settle(Duration.ofSeconds(3));
        List<SyncSession.PeerLine> lines = session.peerLines();
        w.println("peers:");
        SyncSession.print(lines, w);
        if (result.outcome() != SyncSession.Outcome.SYNCED) {
            w.flush();
            String where = chain.headBlockNumber() == startHead && startTxs == 0
                    ? "nothing was applied"
                    : SyncStore.stoppedAt(chain);
            throw new CommandFailure(result.message() + " (see the peers above); " + where);
        }
        long txs = syncedTransactions;
        synced = true;
        w.printf(
                "synced from block %d to block %d: %s, %s received in %s (%.0f tx/s)%n",
                startHead,
                chain.headBlockNumber(),
                Units.count(txs, "transaction"),
                Units.bytes(metrics.bytesReceivedTotal()),
                Units.duration(took),
                txs / Units.seconds(took));
        w.flush();
        if (lines.stream().noneMatch(SyncSession.PeerLine::goodWithOurHead)) {
            throw new CommandFailure("no Good peer has our head");
        }
        return 0;
    }

    /** Runs {@code sync}; Ctrl-C meanwhile says where the store stands. */
    private int noteInterruption(RocksDbBlockchain chain, Callable<Integer> sync) throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Thread hook = new Thread(
                () -> {
                    view.ifPresent(ProgressView::close); // the bar's last frame stays, above this line
                    err.println("hms sync: interrupted; " + SyncStore.stoppedAt(chain));
                    err.flush();
                },
                "hms-sync-interrupted");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return sync.call();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
        }
    }
}
