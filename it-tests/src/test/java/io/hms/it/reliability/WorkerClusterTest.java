package io.hms.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hms.actors.node.DataDirectory;
import io.hms.actors.transport.LinkShaping;
import io.hms.engine.generator.GeneratorOptions;
import io.hms.engine.reliability.HistoryScan;
import io.hms.engine.store.Blockchain;
import io.hms.engine.store.StoreOptions;
import io.hms.engine.testing.TestChains.TestChain;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A coordinator ({@code hms sync --role coordinator}) and workers ({@code hms worker}) as separate
 * JVMs on loopback sync a generated chain from four serving nodes: the workers download and verify
 * ranges of two epochs, the coordinator applies them; the store ends equal to the source, also when
 * a worker is SIGKILLed in the middle of a range or joins after the sync started.
 */
class WorkerClusterTest {
    /** 8 epochs of 200 transfers per batch, served at 4 Mbit/s: a sync of several seconds. */
    private static final GeneratorOptions CHAIN = GeneratorOptions.defaults(77)
            .withShape(8, 0)
            .withTransactions(200, 0.0, false)
            .withSignTransfers(false);

    private static final LinkShaping LINK = LinkShaping.of(0, 4);
    /** Slow enough (4 x 0.25 Mbit/s, about 25 s for the chain) for a worker JVM to start and join mid-sync. */
    private static final LinkShaping SLOW_LINK = LinkShaping.of(0, 0.25);

    @TempDir
    Path dir;

    @Test
    void aCoordinatorAndTwoWorkersEndEqualToTheSourceWhenOneWorkerIsKilledMidRange() throws Exception {
        try (ReliabilityNet net = new ReliabilityNet(dir)) {
            TestChain source = net.chain("source", CHAIN);
            List<InetSocketAddress> peers = servers(net, source, LINK);
            List<Process> children = new ArrayList<>();
            try {
                // the coordinator waits for both workers, so that the first range goes to one of them (without
                // the wait, a coordinator whose workers' JVMs join late downloads alone)
                Coordinator started = coordinator(peers, source, children, "--workers", "2");
                Process coordinator = started.process();
                Process first = worker(started.port(), peers, dir.resolve("worker-1.log"), children);
                worker(started.port(), peers, dir.resolve("worker-2.log"), children);
                // kill the first worker that is given a range, while it downloads it
                await().atMost(Duration.ofMinutes(2))
                        .until(() -> hasRange(dir.resolve("worker-1.log"))
                                || hasRange(dir.resolve("worker-2.log"))
                                || !coordinator.isAlive());
                assertThat(coordinator.isAlive())
                        .as("the coordinator ended before a worker was given a range: "
                                + HmsProcess.output(dir.resolve("coordinator.log")))
                        .isTrue();
                Process victim = hasRange(dir.resolve("worker-1.log")) ? first : children.get(1);
                victim.destroyForcibly();
                assertThat(coordinator.waitFor(4, TimeUnit.MINUTES)).isTrue();
                assertThat(coordinator.exitValue())
                        .as(HmsProcess.output(dir.resolve("coordinator.log")))
                        .isZero();
                assertEqualToSource(source);
            } finally {
                children.forEach(Process::destroyForcibly);
            }
        }
    }

    @Test
    void aWorkerJoiningMidSyncTakesRanges() throws Exception {
        try (ReliabilityNet net = new ReliabilityNet(dir)) {
            TestChain source = net.chain("source", CHAIN);
            List<InetSocketAddress> peers = servers(net, source, SLOW_LINK);
            List<Process> children = new ArrayList<>();
            try {
                Coordinator started = coordinator(peers, source, children);
                Process coordinator = started.process();
                await().atMost(Duration.ofMinutes(2))
                        .until(() -> HmsProcess.output(dir.resolve("coordinator.log"))
                                .contains("synced epoch"));
                worker(started.port(), peers, dir.resolve("worker-1.log"), children);
                assertThat(coordinator.waitFor(4, TimeUnit.MINUTES)).isTrue();
                assertThat(coordinator.exitValue())
                        .as(HmsProcess.output(dir.resolve("coordinator.log")))
                        .isZero();
                assertThat(hasRange(dir.resolve("worker-1.log")))
                        .as(HmsProcess.output(dir.resolve("worker-1.log")))
                        .isTrue();
                assertEqualToSource(source);
            } finally {
                children.forEach(Process::destroyForcibly);
            }
        }
    }

    private static List<InetSocketAddress> servers(ReliabilityNet net, TestChain source, LinkShaping link)
            throws Exception {
        List<InetSocketAddress> out = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            out.add(net.honest(source.chain(), link));
        }
        return out;
    }

    private record Coordinator(Process process, int port) {}

    /**
     * A coordinator listening on its cluster port. The port is picked free and then bound by the child
     * process, so another process may take it in between (tests run beside other JVMs): a coordinator
     * that reports its port in use is started again on another one.
     */
    private Coordinator coordinator(
            List<InetSocketAddress> peers, TestChain source, List<Process> children, String... extra)
            throws IOException {
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            Process p = coordinator(port, peers, source, children, extra);
            await().atMost(Duration.ofMinutes(1)).until(() -> listening(port) || !p.isAlive());
            String log = HmsProcess.output(dir.resolve("coordinator.log"));
            if (p.isAlive() || attempt == 3 || !log.contains("is already in use (--cluster-port)")) {
                return new Coordinator(p, port);
            }
            children.remove(p);
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Process coordinator(
            int port, List<InetSocketAddress> peers, TestChain source, List<Process> children, String... extra)
            throws IOException {
        Path spec = HmsProcess.specFile(dir.resolve("spec"), source.spec());
        List<String> args = new ArrayList<>(List.of(
                "sync",
                "--data",
                dir.resolve("node").toString(),
                "--spec",
                spec.toString(),
                "--role",
                "coordinator",
                "--cluster-port",
                String.valueOf(port)));
        args.addAll(List.of(extra));
        return start(args, peers, dir.resolve("coordinator.log"), children);
    }

    private static Process worker(int port, List<InetSocketAddress> peers, Path log, List<Process> children)
            throws IOException {
        return start(
                new ArrayList<>(List.of("worker", "--join", "127.0.0.1:" + port, "--capacity", "1")),
                peers,
                log,
                children);
    }

    private static Process start(List<String> args, List<InetSocketAddress> peers, Path log, List<Process> children)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-Dhms.sync.max-request-epochs=2", // ranges of two epochs: several ranges to place
                "-jar",
                HmsProcess.shadedJar().toString()));
        cmd.addAll(args);
        for (InetSocketAddress p : peers) {
            cmd.add("--peer");
            cmd.add(p.getHostString() + ":" + p.getPort());
        }
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        children.add(p);
        return p;
    }

    private static boolean hasRange(Path workerLog) throws IOException {
        return HmsProcess.output(workerLog).contains("range: cluster");
    }

    private void assertEqualToSource(TestChain source) throws Exception {
        try (Blockchain node = new DataDirectory(dir.resolve("node")).open(StoreOptions.ARCHIVE)) {
            assertThat(node.macroHead().hash())
                    .isEqualTo(source.chain().macroHead().hash());
            assertThat(node.headBlockNumber()).isEqualTo(source.chain().headBlockNumber());
            assertThat(HistoryScan.problems(node)).isEmpty();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
