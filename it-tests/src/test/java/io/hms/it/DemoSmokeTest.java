package io.hms.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code hms demo} through the real shaded jar, as a user runs it. */
class DemoSmokeTest {

    @Test
    void theDemoSyncsChecksAndPassesThroughTheShadedJar() throws Exception {
        Path jar = shadedJar();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process demo = new ProcessBuilder(
                        java.toString(), "-jar", jar.toString(), "demo", "--epochs", "4", "--txs-per-batch", "300")
                .redirectErrorStream(true)
                .start();
        String output = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(demo.waitFor(3, TimeUnit.MINUTES)).isTrue();

        assertThat(demo.exitValue()).as(output).isZero();
        assertThat(output).contains("demo passed").contains("summary: synced").contains("Incompatible");
        assertThat(output.lines().filter(l -> l.contains("  ok   "))).hasSize(5);
    }

    @Test
    void theDemoWithTwoWorkerJvmsSyncsThroughThemAndStopsThem() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process demo = new ProcessBuilder(
                        java.toString(),
                        "-jar",
                        shadedJar().toString(),
                        "demo",
                        "--workers",
                        "2",
                        "--epochs",
                        "8",
                        "--txs-per-batch",
                        "100")
                .redirectErrorStream(true)
                .start();
        String output = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(demo.waitFor(4, TimeUnit.MINUTES)).isTrue();

        assertThat(demo.exitValue()).as(output).isZero();
        assertThat(output).contains("demo passed").contains("started 2 worker JVMs");
        List<String> workers = output.lines()
                .filter(l -> l.matches("  worker \\d \\(pid \\d+\\): .*"))
                .toList();
        assertThat(workers).as(output).hasSize(2);
        // which worker takes a range depends on when each registered and finished its last one (on 2 loaded cores
        // one worker may take them all): the ranges go through the workers, not necessarily through both
        assertThat(workers).as("ranges downloaded by the workers").anyMatch(l -> !l.contains(": 0 ranges"));
        assertThat(workers).allMatch(l -> l.contains("0 errors logged"));
        for (String line : workers) {
            long pid = Long.parseLong(line.replaceAll(".*\\(pid (\\d+)\\).*", "$1"));
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
                    .as("worker %d stopped", pid)
                    .isNotEqualTo(Optional.of(true));
        }
    }

    @Test
    void aBadArgumentGivesOneLineAndExitCodeTwo() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process hms =
                new ProcessBuilder(java.toString(), "-jar", shadedJar().toString(), "demo", "--epochs", "many").start();
        String err = new String(hms.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(hms.waitFor(1, TimeUnit.MINUTES)).isTrue();

        assertThat(hms.exitValue()).isEqualTo(2);
        assertThat(err.lines().toList()).hasSize(1);
        assertThat(err).startsWith("hms demo: ").contains("--epochs");
    }

    /** The jar the actors module's package phase built (it runs before this module's tests). */
    private static Path shadedJar() throws IOException {
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
}
