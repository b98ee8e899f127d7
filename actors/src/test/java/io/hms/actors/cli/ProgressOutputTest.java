package io.hms.actors.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.node.DataDirectory;
import io.hms.actors.node.NodeConfig;
import io.hms.actors.node.NodeSystem;
import io.hms.actors.node.ServingNode;
import io.hms.actors.node.Stores;
import io.hms.actors.settings.HmsSettings;
import io.hms.engine.store.RocksDbBlockchain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code hms sync} writes to stderr when stderr is a file ({@code 2>file}), run as a real
 * process: plain progress lines, never a bar's carriage returns; a forced bar fits the default width.
 */
class ProgressOutputTest {
    @TempDir
    static Path tmp;

    static ActorSystem<Void> system;
    static RocksDbBlockchain source;
    static ServingNode server;

    @BeforeAll
    static void serve() throws Exception {
        Path dir = tmp.resolve("source");
        StringWriter err = new StringWriter();
        int exit = HmsCommand.run(
                new String[] {
                    "generate", "--out", dir.toString(), "--epochs", "3", "--checkpoint", "--txs-per-batch", "50"
                },
                new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true));
        assertThat(exit).as(err.toString()).isZero();
        system = NodeSystem.create("progress-output-test");
        source = Stores.openAsIs(new DataDirectory(dir), false);
        server = ServingNode.start(system, source, NodeConfig.defaults(HmsSettings.defaults()));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        source.close();
        system.terminate();
    }

    @Test
    void shouldPrintPlainLinesAndNoCarriageReturnWhenStderrIsAFile() throws Exception {
        CliProcess.Run run = sync("plain-file");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).as("no bar frames in a file").doesNotContain("\r");
        List<String> progress =
                run.err().lines().filter(l -> l.contains("synced epoch")).toList();
        assertThat(progress).as(run.err()).isNotEmpty();
        assertThat(progress)
                .allMatch(l ->
                        l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  ProgressLine - synced epoch \\d+ of 3, .*"));
        assertThat(progress.get(progress.size() - 1))
                .as("the last line counts the final checkpoint's transactions")
                .matches(".*synced epoch 3 of 3, (\\d+) of ~\\1 transactions \\(100%\\), .*");
    }

    @Test
    void shouldPrintNoProgressWhenItIsOff() throws Exception {
        CliProcess.Run run = sync("off", "--progress", "off");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).doesNotContain("synced epoch").doesNotContain("\r");
    }

    @Test
    void shouldDrawFramesThatFitEightyColumnsWhenABarIsForcedWithoutATerminal() throws Exception {
        CliProcess.Run run = sync("forced-bar", "--progress", "bar");

        assertThat(run.exit()).as(run.err()).isZero();
        String[] frames = run.err().split("\r\033\\[K");
        assertThat(frames.length).as(run.err()).isGreaterThan(1);
        assertThat(Arrays.stream(frames).skip(1).map(String::strip))
                .allMatch(f -> f.length() <= StderrTerminal.DEFAULT_COLUMNS - 1 && f.startsWith("["));
        assertThat(frames[frames.length - 1]).contains("100% epoch 3/3").endsWith(System.lineSeparator());
        assertThat(run.err()).doesNotContain("synced epoch");
    }

    private static CliProcess.Run sync(String data, String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of(
                "sync",
                "--data",
                tmp.resolve(data).toString(),
                "--spec",
                tmp.resolve("source").toString(),
                "--peer",
                "127.0.0.1:" + server.address().getPort()));
        args.addAll(List.of(extra));
        return CliProcess.hms(tmp, List.of(), args.toArray(String[]::new));
    }
}
