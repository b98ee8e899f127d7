package io.hms.actors.cli;

import io.hms.actors.admin.NodeAdmin;
import io.hms.actors.metrics.HmsMetrics;
import io.hms.actors.metrics.MetricsServer;
import io.hms.actors.node.ChainProducer;
import io.hms.actors.node.DataDirectory;
import io.hms.actors.node.NodeConfig;
import io.hms.actors.node.NodeSystem;
import io.hms.actors.node.ServingNode;
import io.hms.actors.rpc.RpcServer;
import io.hms.actors.rpc.SyncStatusSource;
import io.hms.actors.settings.AdminSettings;
import io.hms.actors.settings.HmsSettings;
import io.hms.actors.transport.LinkShaping;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.store.RocksDbBlockchain;
import io.hms.engine.store.StoreException;
import io.hms.engine.store.StoreOptions;
import io.hms.protocol.message.Services;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.pekko.actor.typed.ActorSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code hms serve}: a history node serving its store until stopped. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        header = "Serve a data directory's chain to syncing nodes over TCP.",
        description = {
            "Serves a data directory's chain to syncing nodes over TCP (RequestMacroChain, "
                    + "RequestBatchSet, RequestHistoryChunk) until stopped with Ctrl-C. Each peer may take "
                    + "hms.network.serving-quota bytes of answers per second. --produce-every keeps extending a "
                    + "generated chain so that syncing nodes have something to follow; --latency and --bandwidth "
                    + "make this loopback node behave like a far-away one, --silent like one that stopped serving."
        })
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOption data;

    @Mixin
    ConfigOption configOption;

    @Mixin
    RpcOptions rpc;

    @Option(
            names = "--port",
            defaultValue = "0",
            paramLabel = "P",
            description = "Port to listen on (0: any free port; default ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            paramLabel = "HOST",
            description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = "--pruned",
            description = "Run as a pruned node: keep only the latest epoch's history and offer no history service."
                    + " Prunes the store for good.")
    boolean pruned;

    @Option(
            names = "--produce-every",
            paramLabel = "DURATION",
            converter = Converters.DurationConverter.class,
            description =
                    "Append the next generated batch every DURATION (e.g. 2s); needs a store made by 'hms generate'.")
    Duration produceEvery;

    @Option(
            names = "--latency",
            defaultValue = "0",
            paramLabel = "MS",
            description = "Delay every answer we send by MS milliseconds (the handshake is not delayed).")
    long latencyMs;

    @Option(
            names = "--bandwidth",
            defaultValue = "0",
            paramLabel = "MBPS",
            description = "Pace what we send to MBPS megabits per second (0: unlimited).")
    double bandwidthMbps;

    @Option(
            names = "--silent",
            description = "Complete the handshake and answer RequestMacroChain, but never answer RequestBatchSet or"
                    + " RequestHistoryChunk: a peer that joins a sync cluster and then goes silent.")
    boolean silent;

    @Option(
            names = "--metrics-port",
            paramLabel = "P",
            description = "Serve Prometheus metrics on http://HOST:P/metrics.")
    Integer metricsPort;

    @Mixin
    AdminOption admin;

    @Override
    public Integer call() throws Exception {
        validate();
        Failures.checkLocalHost(host);
        com.typesafe.config.Config config =
                configOption.config(spec.commandLine().getErr());
        HmsSettings settings = HmsSettings.create(config);
        AdminSettings adminSettings = admin.applyTo(settings.admin());
        DataDirectory dir = data.directory();
        if (!dir.hasStore()) {
            throw new CommandFailure("no chain store in " + dir.root() + " (create one with 'hms generate')");
        }
        PrintWriter w = spec.commandLine().getOut();
        PrometheusMeterRegistry registry = MetricsServer.newRegistry();
        HmsMetrics metrics = new HmsMetrics(registry);
        RocksDbBlockchain chain = open(dir);
        Optional<ChainProducer> producer = produceEvery == null ? Optional.empty() : Optional.of(producer(dir, chain));
        ActorSystem<Void> system = NodeSystem.create("hms-serve", config);
        ServingNode node;
        try {
            node = ServingNode.start(
                    system,
                    chain,
                    NodeConfig.defaults(settings)
                            .withPort(port)
                            .withHost(host)
                            .withShaping(
                                    LinkShaping.of(latencyMs, bandwidthMbps).withSilent(silent))
                            .withMetrics(metrics));
        } catch (Exception e) {
            system.terminate();
            chain.close();
            throw Failures.listen(host, port, "--port", e);
        }
        Optional<MetricsServer> metricsServer;
        try {
            metricsServer = metricsServer(registry);
        } catch (IOException e) {
            node.close();
            system.terminate();
            chain.close();
            throw Failures.listen(host, metricsPort, "--metrics-port", e);
        }
        NodeAdmin nodeAdmin;
        try {
            nodeAdmin = NodeAdmin.forServe(adminSettings, dir, chain, node);
        } catch (IOException e) {
            metricsServer.ifPresent(MetricsServer::close);
            node.close();
            system.terminate();
            chain.close();
            throw Failures.listen(adminSettings.host(), adminSettings.port(), "--admin-port", e);
        }
        w.printf(
                "serving %s on %s:%d (services %s, head block %d, %s)%s%n",
                dir.root(),
                node.address().getHostString(),
                node.address().getPort(),
                Services.describe(chain.services()),
                chain.headBlockNumber(),
                Units.count(chain.totalTransactions(), "transaction"),
                silent ? "; silent to batch-set and chunk requests" : "");
        metricsServer.ifPresent(m -> w.printf(
                "metrics on http://%s:%d/metrics%n",
                m.address().getHostString(), m.address().getPort()));
        w.printf(
                "admin on http://%s:%d (GET /status, /peers; 'hms peers --data %s')%n",
                nodeAdmin.address().getHostString(), nodeAdmin.address().getPort(), dir.root());
        Optional<RpcServer> rpcServer;
        try {
            rpcServer = rpc.start(system, chain, SyncStatusSource.notSyncing(), settings, w);
        } catch (CommandFailure e) {
            nodeAdmin.close();
            metricsServer.ifPresent(MetricsServer::close);
            node.close();
            system.terminate();
            chain.close();
            throw e;
        }
        producer.ifPresent(p -> p.every(produceEvery, system));
        awaitShutdown(() -> {
            nodeAdmin.close();
            producer.ifPresent(ChainProducer::close);
            rpcServer.ifPresent(RpcServer::close);
            metricsServer.ifPresent(MetricsServer::close);
            node.close();
            system.terminate();
            chain.close();
        });
        return 0;
    }

    private void validate() {
        if (port < 0 || port > 0xFFFF || (metricsPort != null && (metricsPort < 0 || metricsPort > 0xFFFF))) {
            throw new ParameterException(spec.commandLine(), "ports must be in 0..65535");
        }
        if (latencyMs < 0 || bandwidthMbps < 0) {
            throw new ParameterException(spec.commandLine(), "--latency and --bandwidth must not be negative");
        }
    }

    private RocksDbBlockchain open(DataDirectory dir) {
        try {
            if (pruned) {
                try (RocksDbBlockchain asIs = io.hms.actors.node.Stores.openAsIs(dir, true)) {
                    PruneNotice.of(asIs).ifPresent(n -> {
                        spec.commandLine().getOut().println("--pruned: " + n);
                        spec.commandLine().getOut().flush();
                    });
                }
                return dir.open(StoreOptions.PRUNED);
            }
            return io.hms.actors.node.Stores.openAsIs(dir, true);
        } catch (StoreException e) {
            throw StoreAccess.failure(dir, e);
        }
    }

    private ChainProducer producer(DataDirectory dir, RocksDbBlockchain chain) throws IOException {
        Optional<GeneratorOptions> generatedWith = dir.readGenerator();
        if (generatedWith.isEmpty()) {
            chain.close();
            throw new CommandFailure(
                    "--produce-every needs a chain made by 'hms generate' (no " + dir.generatorFile() + ")");
        }
        Optional<ChainProducer> producer = ChainProducer.resume(chain, generatedWith.get());
        if (producer.isEmpty()) {
            chain.close();
            throw new CommandFailure(
                    "the store in " + dir.root() + " is not the chain " + dir.generatorFile() + " describes");
        }
        return producer.get();
    }

    private Optional<MetricsServer> metricsServer(PrometheusMeterRegistry registry) throws IOException {
        return metricsPort == null ? Optional.empty() : Optional.of(MetricsServer.start(registry, host, metricsPort));
    }

    /** Blocks until the JVM is asked to stop (Ctrl-C), then runs {@code shutdown} once. */
    static void awaitShutdown(Runnable shutdown) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                shutdown.run();
                            } finally {
                                stopped.countDown();
                            }
                        },
                        "hms-shutdown"));
        stopped.await();
    }
}
