package io.hms.it.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.node.DataDirectory;
import io.hms.engine.store.ChainSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code hms} as a child process from the shaded jar the actors module packaged, as a user runs
 * it. Output goes to a file, so a killed child leaves its last lines for the failure message.
 */
public final class HmsProcess {
    private HmsProcess() {}

    /** The jar the actors module's package phase built (it runs before this module's tests). */
    public static Path shadedJar() throws IOException {
        Path target = Path.of("..", "actors", "target").toAbsolutePath().normalize();
        try (Stream<Path> files = Files.list(target)) {
            List<Path> jars = files.filter(p -> p.getFileName().toString().matches("hms-actors-.*-all\\.jar"))
                    .toList();
            assertThat(jars)
                    .as("shaded jar in %s (run the actors module's package phase first)", target)
                    .hasSize(1);
            return jars.get(0);
        }
    }

    /** Writes {@code spec} as a data directory's chain-spec.json under {@code dir}; returns the file. */
    static Path specFile(Path dir, ChainSpec spec) throws IOException {
        DataDirectory d = new DataDirectory(dir);
        d.writeSpec(spec);
        return d.specFile();
    }

    /** Starts {@code hms sync --data data --spec spec --peer p...}, output to {@code log}. */
    static Process sync(Path data, Path spec, List<InetSocketAddress> peers, Path log, String... extra)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                shadedJar().toString(),
                "sync",
                "--data",
                data.toString(),
                "--spec",
                spec.toString()));
        for (InetSocketAddress p : peers) {
            cmd.add("--peer");
            cmd.add(p.getHostString() + ":" + p.getPort());
        }
        cmd.addAll(List.of(extra));
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** Starts {@code hms args...} from the shaded jar, stdout and stderr to {@code log}. */
    public static Process start(Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                shadedJar().toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    public static String output(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }
}
