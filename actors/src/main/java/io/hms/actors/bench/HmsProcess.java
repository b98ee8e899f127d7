package io.hms.actors.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@code hms} command run as a child process with the same java binary, class path and
 * class-data archive as this one (so a bench from the shaded jar runs the shaded jar). Its stderr and stdout go to a log file;
 * a serving child's port is read from its first line. Children are destroyed on {@link #close()},
 * and by a shutdown hook if the bench is stopped first.
 */
public final class HmsProcess implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile("serving .* on ([^ ]+):(\\d+) ");

    private final Process process;
    private final Path log;
    private final Thread killer;

    private HmsProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.killer = new Thread(process::destroyForcibly, "hms-bench-kill-child");
        Runtime.getRuntime().addShutdownHook(killer);
    }

    /**
     * Starts {@code hms args} ({@code mainClass}: the command line's entry point) with {@code
     * jvmOptions}; output into {@code log}.
     */
    public static HmsProcess start(String mainClass, List<String> jvmOptions, List<String> args, Path log)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(inheritedOptions());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder b = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return new HmsProcess(b.start(), log);
    }

    /**
     * This JVM's class-data archive options ({@code -XX:SharedArchiveFile}, as the {@code hms}
     * launcher gives), so that children start as a launched {@code hms} does.
     */
    static List<String> inheritedOptions() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-XX:SharedArchiveFile=") || a.startsWith("-Xlog:cds"))
                .toList();
    }

    static String javaBinary() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Waits until a serving child printed its address; fails if it exits first or takes longer than {@code within}. */
    public InetSocketAddress awaitServing(Duration within) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(java.nio.file.Files.newInputStream(log), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    Matcher m = SERVING.matcher(line);
                    if (m.find()) {
                        return new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2)));
                    }
                }
            }
            if (!process.isAlive()) {
                throw new IOException("the serving child exited with " + process.exitValue() + "; see " + log);
            }
            Thread.sleep(50);
        }
        throw new IOException("the serving child did not print its address within " + within + "; see " + log);
    }

    /** Waits for the child to exit; destroys it after {@code within}. Returns the exit code. */
    public int await(Duration within) throws InterruptedException {
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
        }
        return process.exitValue();
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /** Stops the child (SIGTERM, then SIGKILL after 10 s) and waits for it. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }
}
