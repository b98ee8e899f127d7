package io.hms.actors.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * Whether this process's stderr is a terminal, and how wide it is. Java 17 can only ask that of
 * stdin and stdout together ({@code System.console()}), while the progress bar is drawn on stderr:
 * on Linux {@code /proc/self/fd/2} names the device stderr is open on; elsewhere a shell's {@code
 * test -t 2} inherits our stderr and answers. The width comes from {@code $COLUMNS} if set, else
 * from {@code stty size} run on our stderr.
 */
final class StderrTerminal {
    /** The width assumed when it cannot be measured. */
    static final int DEFAULT_COLUMNS = 80;

    private static final long ASK_SECONDS = 2;

    private StderrTerminal() {}

    static boolean isTerminal() {
        Path fd = Path.of("/proc/self/fd/2");
        try {
            return isTerminalDevice(Files.readSymbolicLink(fd).toString());
        } catch (IOException | UnsupportedOperationException | SecurityException noProc) {
            return shell("test -t 2").exit() == 0;
        }
    }

    /** Whether a file descriptor's link target ({@code /proc/self/fd/N}) is a terminal device. */
    static boolean isTerminalDevice(String target) {
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
    }

    /** The terminal's columns: {@code $COLUMNS}, else {@code stty size} on stderr, else {@link #DEFAULT_COLUMNS}. */
    static int columns() {
        return columns(Optional.ofNullable(System.getenv("COLUMNS")))
                .orElseGet(() -> sttyColumns(shell("stty size <&2 2>/dev/null || stty size </dev/tty 2>/dev/null")
                                .out())
                        .orElse(DEFAULT_COLUMNS));
    }

    /** {@code $COLUMNS} if it is a positive number. */
    static OptionalInt columns(Optional<String> env) {
        try {
            int n = env.isPresent() ? Integer.parseInt(env.get().trim()) : 0;
            return n > 0 ? OptionalInt.of(n) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** The columns of {@code stty size}'s answer ("rows columns"). */
    static OptionalInt sttyColumns(String answer) {
        String[] parts = answer.trim().split("\\s+");
        return parts.length == 2 ? columns(Optional.of(parts[1])) : OptionalInt.empty();
    }

    /**
     * Calls {@code onResize} on the terminal's SIGWINCH, where the JVM supports it; returns what
     * undoes that.
     */
    @SuppressWarnings("removal")
    static Runnable onResize(Runnable onResize) {
        try {
            sun.misc.Signal winch = new sun.misc.Signal("WINCH");
            sun.misc.SignalHandler previous = sun.misc.Signal.handle(winch, s -> onResize.run());
            return () -> sun.misc.Signal.handle(winch, previous);
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError noSuchSignal) {
            return () -> {};
        }
    }

    private record Answer(int exit, String out) {}

    /** Runs {@code script} with our stderr, so that it can ask about the terminal it is. */
    private static Answer shell(String script) {
        try {
            Process p = new ProcessBuilder("sh", "-c", script)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
            p.getOutputStream().close();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readNBytes(256), StandardCharsets.US_ASCII);
            }
            if (!p.waitFor(ASK_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Answer(-1, "");
            }
            return new Answer(p.exitValue(), out);
        } catch (IOException e) {
            return new Answer(-1, "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, "");
        }
    }
}
