package io.hms.actors.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.node.DataDirectory;
import io.hms.actors.node.NodeConfig;
import io.hms.actors.node.NodeSystem;
import io.hms.actors.node.ServingNode;
import io.hms.actors.node.Stores;
import io.hms.actors.settings.HmsSettings;
import io.hms.actors.transport.LinkShaping;
import io.hms.engine.store.RocksDbBlockchain;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every expected failure the issue lists, run as a real {@code hms} process: one line naming the
 * thing at fault, exit code 1 (the environment) or 2 (an argument), and no stack trace (docs/CLI.md,
 * "Errors").
 */
class ExpectedFailuresTest {
    @TempDir
    static Path tmp;

    static Path chain;
    static Path otherChain;

    @BeforeAll
    static void generate() {
        chain = tmp.resolve("chain");
        otherChain = tmp.resolve("other");
        inProcess("generate", "--out", chain.toString(), "--epochs", "1", "--txs-per-batch", "5");
        inProcess("generate", "--out", otherChain.toString(), "--epochs", "1", "--txs-per-batch", "5", "--seed", "2");
    }

    @Test
    void shouldNameThePortWhenServePortIsInUse() throws Exception {
        try (ServerSocket taken = taken()) {
            int port = taken.getLocalPort();
            CliProcess.Run run = hms("serve", "--data", chain.toString(), "--port", "" + port);
            assertOneLine(run, 1, "hms serve: port " + port + " is already in use (--port)");
        }
    }

    @Test
    void shouldNameThePortAndLeaveNoStoreWhenSyncPortIsInUse() throws Exception {
        Path data = tmp.resolve("sync-port");
        try (ServerSocket taken = taken()) {
            int port = taken.getLocalPort();
            CliProcess.Run run = syncToNobody(data.toString(), "--port", "" + port);
            assertOneLine(run, 1, "hms sync: port " + port + " is already in use (--port)");
        }
        assertThat(data).doesNotExist();
    }

    @Test
    void shouldNameTheMetricsPortWhenItIsInUse() throws Exception {
        try (ServerSocket taken = taken()) {
            int port = taken.getLocalPort();
            CliProcess.Run serve = hms("serve", "--data", chain.toString(), "--metrics-port", "" + port);
            assertOneLine(serve, 1, "hms serve: port " + port + " is already in use (--metrics-port)");
            CliProcess.Run sync = syncToNobody(tmp.resolve("sync-metrics").toString(), "--metrics-port", "" + port);
            assertOneLine(sync, 1, "hms sync: port " + port + " is already in use (--metrics-port)");
        }
    }

    @Test
    void shouldNameTheClusterPortAndLeaveNoStoreWhenItIsInUse() throws Exception {
        Path data = tmp.resolve("cluster-port");
        try (ServerSocket taken = taken()) {
            int port = taken.getLocalPort();
            CliProcess.Run coordinator = syncToNobody(
                    data.toString(),
                    "--role",
                    "coordinator",
                    "--cluster-host",
                    "127.0.0.1",
                    "--cluster-port",
                    "" + port);
            assertOneLine(coordinator, 1, "hms sync: port " + port + " is already in use (--cluster-port)");
            CliProcess.Run worker =
                    hms("worker", "--join", "127.0.0.1:1", "--cluster-host", "127.0.0.1", "--cluster-port", "" + port);
            assertOneLine(worker, 1, "hms worker: port " + port + " is already in use (--cluster-port)");
        }
        assertThat(data).doesNotExist();
    }

    @Test
    void shouldRefuseAHostThatIsNotOnThisMachine() throws Exception {
        CliProcess.Run foreign = hms("serve", "--data", chain.toString(), "--host", "192.0.2.1");
        assertOneLine(foreign, 2, "hms serve: '192.0.2.1' is not an address of this machine (--host)");
        CliProcess.Run unknown = hms("serve", "--data", chain.toString(), "--host", "no-such-host.invalid");
        assertOneLine(unknown, 2, "hms serve: unknown host 'no-such-host.invalid' (--host)");
    }

    @Test
    void shouldRefuseADataDirectoryThatIsAFileOrCannotBeMade() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        CliProcess.Run sync = hms("sync", "--data", file.toString(), "--spec", chain.toString(), "--peer", "h:1");
        assertOneLine(sync, 2, "hms sync: " + file + " is a file, not a directory (--data)");
        CliProcess.Run generate = hms("generate", "--out", file.toString(), "--epochs", "1", "--txs-per-batch", "1");
        assertOneLine(generate, 2, "hms generate: " + file + " is a file, not a directory (--out)");
        Path under = file.resolve("sub");
        CliProcess.Run below = hms("generate", "--out", under.toString(), "--epochs", "1", "--txs-per-batch", "1");
        assertOneLine(below, 1, "hms generate: cannot write " + under + ": not a directory");
    }

    @Test
    void shouldNameACorruptSpecFile() throws Exception {
        Path bad = Files.writeString(tmp.resolve("corrupt.json"), "{not json");
        CliProcess.Run run = hms(
                "sync", "--data", tmp.resolve("corrupt-spec").toString(), "--spec", bad.toString(), "--peer", "h:1");
        assertOneLine(run, 2, "hms sync: " + bad + " is not a chain spec: not valid JSON (line 1, column 2) (--spec)");
        assertThat(tmp.resolve("corrupt-spec")).doesNotExist();
    }

    @Test
    void shouldNameTheKeyOfAnInvalidConfigurationValue() throws Exception {
        Path data = tmp.resolve("bad-config");
        CliProcess.Run run = CliProcess.hms(
                tmp,
                List.of("-Dhms.sync.request-timeout=banana"),
                "sync",
                "--data",
                data.toString(),
                "--spec",
                chain.toString(),
                "--peer",
                "h:1");
        assertOneLine(
                run,
                2,
                "hms sync: invalid configuration value for hms.sync.request-timeout: No number in duration value"
                        + " 'banana' (from system properties)");
        assertThat(data).doesNotExist();
    }

    @Test
    void shouldRefuseASpecOfAnotherChainThanTheStoreHolds() throws Exception {
        CliProcess.Run run = hms("sync", "--data", chain.toString(), "--spec", otherChain.toString(), "--peer", "h:1");
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.hmsLines()).as(run.err()).hasSize(1);
        assertThat(run.hmsLines().get(0))
                .startsWith("hms sync: the store in " + chain + " holds the chain with genesis ")
                .contains(", but --spec " + otherChain + " has genesis ")
                .matches(".* genesis [0-9a-f]{64}, .* genesis [0-9a-f]{64}");
        assertThat(run.hasStackTrace()).as(run.err()).isFalse();
    }

    @Test
    void shouldLeaveNoStoreAndSaySoWhenASyncFailsBeforeApplyingAnything() throws Exception {
        Path data = tmp.resolve("unreachable");
        CliProcess.Run run = syncToNobody(data.toString(), "--connect-timeout", "1s");
        assertOneLine(run, 1, "hms sync: no peer could be synced from (see the peers above); nothing was applied");
        assertThat(data).doesNotExist();
        // the spec of another chain is then taken as it should be: there is no store to contradict it
        CliProcess.Run other = hms(
                "sync",
                "--data",
                data.toString(),
                "--spec",
                otherChain.toString(),
                "--peer",
                "127.0.0.1:1",
                "--connect-timeout",
                "1s");
        assertThat(other.exit()).isEqualTo(1);
        assertThat(other.err()).doesNotContain("genesis");
    }

    @Test
    void shouldSayWhereTheStoreStandsWhenASyncIsInterrupted() throws Exception {
        Path source = tmp.resolve("slow-source");
        inProcess(
                "generate",
                "--out",
                source.toString(),
                "--epochs",
                "4",
                "--txs-per-batch",
                "300",
                "--unsigned-transfers");
        ActorSystem<Void> system = NodeSystem.create("interrupt-test");
        try (RocksDbBlockchain chain = Stores.openAsIs(new DataDirectory(source), false);
                ServingNode server = ServingNode.start(
                        system,
                        chain,
                        NodeConfig.defaults(HmsSettings.defaults()).withShaping(LinkShaping.of(0, 1)))) {
            CliProcess.Started sync = CliProcess.start(
                    tmp,
                    List.of(),
                    "sync",
                    "--data",
                    tmp.resolve("interrupted").toString(),
                    "--spec",
                    source.toString(),
                    "--peer",
                    "127.0.0.1:" + server.address().getPort());
            Instant giveUp = Instant.now().plus(Duration.ofMinutes(2)); // a bound on waiting, not on speed
            while (!sync.errSoFar().contains("synced epoch") && sync.process().isAlive()) {
                assertThat(Instant.now()).as(sync.errSoFar()).isBefore(giveUp);
                Thread.sleep(100);
            }
            sync.process().destroy(); // SIGTERM: the JVM runs its shutdown hooks as on Ctrl-C
            CliProcess.Run run = sync.await();

            assertThat(run.hmsLines())
                    .as("exit %d, stdout:%n%s%nstderr:%n%s", run.exit(), run.out(), run.err())
                    .singleElement()
                    .asString()
                    .matches("hms sync: interrupted; applied up to block \\d+ \\(epoch \\d+\\) with \\d+"
                            + " transactions?; run the same command to resume");
            assertThat(run.hasStackTrace()).as(run.err()).isFalse();
        } finally {
            system.terminate();
        }
    }

    private static void assertOneLine(CliProcess.Run run, int exit, String line) {
        CliProcess.assertOneLine(run, exit, line);
        assertThat(run.err()).as("Pekko's own bind error").doesNotContain("TcpListener");
    }

    /** {@code hms sync --data DATA --spec <chain> --peer 127.0.0.1:1 EXTRA...} (a peer nobody listens on). */
    private static CliProcess.Run syncToNobody(String data, String... extra) throws Exception {
        List<String> args =
                new ArrayList<>(List.of("sync", "--data", data, "--spec", chain.toString(), "--peer", "127.0.0.1:1"));
        args.addAll(List.of(extra));
        return hms(args.toArray(String[]::new));
    }

    private static CliProcess.Run hms(String... args) throws Exception {
        return CliProcess.hms(tmp, args);
    }

    private static ServerSocket taken() throws Exception {
        return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    private static void inProcess(String... args) {
        CliProcess.inProcess(args);
    }
}
