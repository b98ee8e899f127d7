package io.hms.actors.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;

/**
 * The one writer to the terminal's stderr, shared by the progress bar and everything else that
 * writes there (log lines, {@code hms sync: ...} messages): a line written by others clears the
 * bar's line first, and once the line is complete the bar is drawn again below it, so a log line
 * never lands inside the bar. Without a bar, bytes pass through unchanged. {@link #install()} makes
 * it {@code System.err}, which logback's console appender writes to on every event.
 */
final class BarConsole extends OutputStream {
    /** Back to the line's start and erase it (VT100, understood by every terminal emulator). */
    private static final String CLEAR = "\r\033[K";

    private static BarConsole installed;

    private final OutputStream out;
    private final Charset charset;
    /** The bar to show while no one else is mid-line; null when there is none. */
    private String bar;
    /** Whether the bar is on the screen now (on the last line, the cursor after it). */
    private boolean shown;
    /** Whether others wrote part of a line: the bar waits until it is complete. */
    private boolean midLine;

    BarConsole(OutputStream out, Charset charset) {
        this.out = out;
        this.charset = charset;
    }

    /** Makes a console over the current stderr {@code System.err}, once per process; returns it. */
    static synchronized BarConsole install() {
        if (installed == null) {
            Charset charset = stderrCharset();
            installed = new BarConsole(System.err, charset);
            System.setErr(new PrintStream(installed, true, charset));
        }
        return installed;
    }

    /** Shows {@code line} as the bar, replacing the one shown. */
    synchronized void show(String line) {
        bar = line;
        if (!midLine) {
            put(CLEAR + line);
            shown = true;
            flushQuietly();
        }
    }

    /** Takes the bar away: {@code keep} leaves its last frame on its own line, else it is erased. */
    synchronized void end(boolean keep) {
        if (shown) {
            put(keep ? System.lineSeparator() : CLEAR);
            flushQuietly();
        }
        shown = false;
        bar = null;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return;
        }
        if (shown) {
            out.write(CLEAR.getBytes(charset));
            shown = false;
        }
        out.write(b, off, len);
        midLine = b[off + len - 1] != '\n';
        if (!midLine && bar != null) {
            out.write(bar.getBytes(charset));
            shown = true;
        }
        out.flush();
    }

    @Override
    public synchronized void flush() throws IOException {
        out.flush();
    }

    private void put(String s) {
        try {
            out.write(s.getBytes(charset));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void flushQuietly() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the JVM encodes stderr with (Java 17's PrintStream does not say). */
    private static Charset stderrCharset() {
        String name = System.getProperty("sun.stderr.encoding", System.getProperty("native.encoding"));
        try {
            return name == null ? Charset.defaultCharset() : Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return Charset.defaultCharset();
        }
    }
}
