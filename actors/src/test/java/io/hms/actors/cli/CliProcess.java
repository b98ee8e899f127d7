package io.hms.actors.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code hms} as a child process, as a user runs it: the main classes and dependencies of this test's
 * class path without the test classes, so the real logback.xml decides what reaches the terminal.
 */
final class CliProcess {
    private CliProcess() {}

    record Run(int exit, String out, String err) {
        /** The lines of stderr that hms itself printed ({@code hms <command>: ...}). */
        List<String> hmsLines() {
            return err.lines().filter(l -> l.startsWith("hms ")).toList();
        }

        /** Whether stderr shows a stack trace (JDK, Pekko or library frames). */
        boolean hasStackTrace() {
            return err.lines().anyMatch(l -> l.matches("\\s+at [\\w$.]+\\(.*") || l.contains("Exception"));
        }
    }

    /** A started {@code hms} process and the files its output goes to. */
    record Started(Process process, Path out, Path err) {
        Run await() throws IOException, InterruptedException {
            int exit = process.waitFor();
            return new Run(exit, Files.readString(out), Files.readString(err));
        }

        String errSoFar() throws IOException {
            return Files.readString(err);
        }
    }

    static Run hms(Path workDir, List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        return start(workDir, jvmOptions, args).await();
    }

    static Started start(Path workDir, List<String> jvmOptions, String... args) throws IOException {
        return start(workDir, jvmOptions, Map.of(), args);
    }

    /** Like {@link #start(Path, List, String...)} with {@code env} added to the child's environment. */
    static Started start(Path workDir, List<String> jvmOptions, Map<String, String> env, String... args)
            throws IOException {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", classPath, HmsCommand.class.getName()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(cmd);
        builder.environment().putAll(env);
        Process p = builder.directory(workDir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        return new Started(p, out, err);
    }

    static Run hms(Path workDir, String... args) throws IOException, InterruptedException {
        return hms(workDir, List.of(), args);
    }

    /** Runs {@code hms args} in this JVM (to prepare a test's chains); it must succeed. */
    static void inProcess(String... args) {
        java.io.StringWriter err = new java.io.StringWriter();
        int exit = HmsCommand.run(
                args, new java.io.PrintWriter(new java.io.StringWriter(), true), new java.io.PrintWriter(err, true));
        org.assertj.core.api.Assertions.assertThat(exit).as(err.toString()).isZero();
    }

    /** {@code run} printed exactly {@code line} of its own, exited with {@code exit}, and no stack trace. */
    static void assertOneLine(Run run, int exit, String line) {
        org.assertj.core.api.Assertions.assertThat(run.hmsLines()).as(run.err()).containsExactly(line);
        org.assertj.core.api.Assertions.assertThat(run.exit()).as(run.err()).isEqualTo(exit);
        org.assertj.core.api.Assertions.assertThat(run.hasStackTrace())
                .as(run.err())
                .isFalse();
    }
}
