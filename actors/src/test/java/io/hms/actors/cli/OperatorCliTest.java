package io.hms.actors.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.node.DataDirectory;
import io.hms.actors.node.NodeConfig;
import io.hms.actors.node.NodeSystem;
import io.hms.actors.node.ServingNode;
import io.hms.actors.node.Stores;
import io.hms.actors.settings.HmsSettings;
import io.hms.engine.store.RocksDbBlockchain;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator meets around the commands, run as real {@code hms} processes: --config, the
 * default data directory, shell completion, HMS_LOG_LEVEL, --pruned's notice and the peer table's
 * plain-language reasons.
 */
class OperatorCliTest {
    @TempDir
    static Path tmp;

    static Path chain;
    static Path otherChain;

    @BeforeAll
    static void generate() {
        chain = tmp.resolve("chain");
        otherChain = tmp.resolve("other");
        inProcess("generate", "--out", chain.toString(), "--epochs", "3", "--txs-per-batch", "5");
        inProcess("generate", "--out", otherChain.toString(), "--epochs", "1", "--txs-per-batch", "5", "--seed", "2");
    }

    @Test
    void shouldNameTheFileWhenAConfigFileIsMissingBrokenOrHoldsABadValue() throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.conf"), "hms.sync.request-timeout = banana\n");
        Path broken = Files.writeString(tmp.resolve("broken.conf"), "hms { sync {\n");

        assertOneLine(
                hms(
                        "sync",
                        "--data",
                        tmp.resolve("n1").toString(),
                        "--peer",
                        "127.0.0.1:1",
                        "--config",
                        bad.toString()),
                2,
                "hms sync: invalid configuration value for hms.sync.request-timeout: No number in duration value"
                        + " 'banana' (from " + bad + ": 1)");
        CliProcess.Run unparsable = hms("serve", "--data", chain.toString(), "--config", broken.toString());
        assertThat(unparsable.hmsLines())
                .singleElement()
                .asString()
                .startsWith("hms serve: " + broken + " is not valid HOCON: ")
                .endsWith("(--config)");
        assertThat(unparsable.exit()).isEqualTo(2);
        assertOneLine(
                hms("demo", "--config", tmp.resolve("none.conf").toString()),
                2,
                "hms demo: no configuration file " + tmp.resolve("none.conf") + " (--config)");
    }

    @Test
    void shouldLetSystemPropertiesWinOverTheConfigFile() throws Exception {
        Path bad = Files.writeString(tmp.resolve("overridden.conf"), "hms.sync.request-timeout = banana\n");

        CliProcess.Run serve = CliProcess.hms(
                tmp,
                List.of("-Dhms.sync.request-timeout=5s"),
                "serve",
                "--data",
                tmp.resolve("nothing").toString(),
                "--config",
                bad.toString());

        assertOneLine(
                serve,
                1,
                "hms serve: no chain store in " + tmp.resolve("nothing") + " (create one with 'hms generate')");
    }

    @Test
    void shouldWarnAboutAnUnknownSettingWhenTheConfigFileHasATypo() throws Exception {
        Path typo = Files.writeString(tmp.resolve("typo.conf"), "hms.sync.request-timeot = 20s\n");

        CliProcess.Run run = hms("serve", "--data", tmp.resolve("nothing").toString(), "--config", typo.toString());

        assertThat(run.err().lines().toList())
                .containsExactly(
                        "hms: warning: " + typo + ": unknown setting hms.sync.request-timeot (ignored; see"
                                + " reference.conf)",
                        "hms serve: no chain store in " + tmp.resolve("nothing") + " (create one with 'hms generate')");
        assertThat(run.exit()).isEqualTo(1);
    }

    @Test
    void shouldUseHmsDataWhenDataIsOmitted() throws Exception {
        Path home = tmp.resolve("hms-data-home");
        CliProcess.Run run = CliProcess.start(tmp, List.of(), Map.of("HMS_DATA", home.toString()), "status")
                .await();
        CliProcess.Run status = CliProcess.start(
                        tmp, List.of(), Map.of("HMS_DATA", chain.toString()), "status", "--json")
                .await();
        CliProcess.Run help = CliProcess.start(tmp, List.of(), Map.of("HMS_DATA", home.toString()), "sync", "--help")
                .await();

        assertOneLine(
                run, 1, "hms status: no chain store in " + home + " (create one with 'hms generate' or 'hms sync')");
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out()).contains("\"completeEpochs\" : 3");
        assertThat(help.out().replaceAll("\\s+", " ")).contains("default $HMS_DATA, else ~/.hms (here: " + home + ")");
    }

    @Test
    void shouldPrintABashCompletionScriptWhenAskedForCompletion() throws Exception {
        CliProcess.Run run = hms("completion");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("complete -F")
                .contains("sync")
                .contains("--metrics-port")
                .contains("--config");
    }

    @Test
    void shouldWarnOnceAndLogAtInfoWhenHmsLogLevelIsInvalid() throws Exception {
        CliProcess.Run run = CliProcess.start(
                        tmp, List.of(), Map.of("HMS_LOG_LEVEL", "LOUD"), "status", "--data", chain.toString())
                .await();

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err().lines().toList())
                .containsExactly("hms: warning: HMS_LOG_LEVEL='LOUD' is not a log level (one of TRACE, DEBUG, INFO,"
                        + " WARN, ERROR, OFF); logging at INFO");
    }

    @Test
    void shouldSayWhatPruningDeletesBeforeItDoes() throws Exception {
        Path copy = tmp.resolve("to-prune");
        inProcess("generate", "--out", copy.toString(), "--epochs", "3", "--txs-per-batch", "5");
        long before;
        try (RocksDbBlockchain c = Stores.openAsIs(new DataDirectory(copy), false)) {
            before = c.historyLength(1) + c.historyLength(2);
        }
        CliProcess.Started serve = CliProcess.start(tmp, List.of(), "serve", "--data", copy.toString(), "--pruned");
        try {
            Instant giveUp = Instant.now().plus(Duration.ofMinutes(1)); // a bound on waiting, not on speed
            while (!Files.readString(serve.out()).contains("serving")
                    && serve.process().isAlive()) {
                assertThat(Instant.now()).isBefore(giveUp);
                Thread.sleep(50);
            }
        } finally {
            serve.process().destroy();
        }
        List<String> out = serve.await().out().lines().toList();

        assertThat(out.get(0))
                .isEqualTo("--pruned: deleting the history of epochs 1 to 2 (" + before
                        + " transactions) from the store for good; it keeps epoch 3 and later");
        assertThat(out.get(1)).startsWith("serving ").contains("services NONE");
    }

    @Test
    void shouldSayInPlainWordsWhyAPeerCouldNotBeUsed() throws Exception {
        ActorSystem<Void> system = NodeSystem.create("plain-reasons");
        try (ServerSocket notHms = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
                RocksDbBlockchain other = Stores.openAsIs(new DataDirectory(otherChain), false);
                ServingNode otherServer =
                        ServingNode.start(system, other, NodeConfig.defaults(HmsSettings.defaults()))) {
            Thread fake = new Thread(() -> answerWithOversizeFrames(notHms), "not-hms");
            fake.setDaemon(true);
            fake.start();
            CliProcess.Run run = hms(
                    "sync",
                    "--data",
                    tmp.resolve("reasons").toString(),
                    "--spec",
                    chain.toString(),
                    "--peer",
                    "127.0.0.1:" + notHms.getLocalPort(),
                    "--peer",
                    "127.0.0.1:" + otherServer.address().getPort(),
                    "--connect-timeout",
                    "5s");

            assertThat(run.exit()).as(run.err()).isEqualTo(1);
            assertThat(run.out())
                    .containsPattern("127\\.0\\.0\\.1:" + notHms.getLocalPort()
                            + " +no result +not an hms node \\(sent an oversized frame\\); 1 attempt, gave up")
                    .containsPattern("127\\.0\\.0\\.1:" + otherServer.address().getPort()
                            + " +no result +on another chain \\(a different genesis block\\); 1 attempt, gave up")
                    .doesNotContain("OVERSIZE_FRAME")
                    .doesNotContain("GENESIS_MISMATCH");
        } finally {
            system.terminate();
        }
    }

    /** A server that is not an hms node: every connection gets a frame length far above any limit. */
    private static void answerWithOversizeFrames(ServerSocket server) {
        while (!server.isClosed()) {
            try (Socket s = server.accept();
                    OutputStream out = s.getOutputStream()) {
                out.write(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3});
                out.flush();
                s.getInputStream().read(new byte[64]);
            } catch (java.io.IOException closed) {
                // the test ended, or the client hung up
            }
        }
    }

    private static void assertOneLine(CliProcess.Run run, int exit, String line) {
        CliProcess.assertOneLine(run, exit, line);
    }

    private static CliProcess.Run hms(String... args) throws Exception {
        return CliProcess.hms(tmp, args);
    }

    private static void inProcess(String... args) {
        CliProcess.inProcess(args);
    }
}
