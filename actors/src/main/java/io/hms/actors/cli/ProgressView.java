package io.hms.actors.cli;

import io.hms.actors.events.SyncEvent;
import io.hms.actors.node.SyncProgress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Shows a sync's progress, fed with the node's events. {@link ProgressMode#BAR}: one line redrawn in
 * place on stderr through the {@link BarConsole} (so log lines print above it, never inside), at most
 * every {@link #DRAW_EVERY}, as wide as the terminal ({@link ProgressFormat#line}). {@link
 * ProgressMode#PLAIN}: an INFO line at the first applied batch set, then at most every {@link
 * #LINE_EVERY}, and a last one at the end. {@link ProgressMode#OFF}: nothing.
 */
final class ProgressView implements AutoCloseable {
    /** The plain line's interval: a log file gets a line per 3 s, not one per batch set. */
    static final Duration LINE_EVERY = Duration.ofSeconds(3);
    /** The bar's redraw interval: often enough to look live, rarely enough to cost nothing. */
    static final Duration DRAW_EVERY = Duration.ofMillis(200);

    private final SyncProgress progress;
    private final LongSupplier bytes;
    private final Clock clock;
    private final ProgressMode mode;
    private final Optional<BarConsole> console;
    private final IntSupplier columns;
    private final ProgressLine line;
    private final Runnable unwatchResize;
    private Optional<Instant> lastDraw = Optional.empty();
    private boolean unreported;
    private boolean closed;

    ProgressView(
            SyncProgress progress,
            LongSupplier bytes,
            Clock clock,
            ProgressMode mode,
            Optional<BarConsole> console,
            IntSupplier columns,
            Runnable unwatchResize) {
        this.progress = progress;
        this.bytes = bytes;
        this.clock = clock;
        this.mode = console.isPresent() ? mode : (mode == ProgressMode.BAR ? ProgressMode.PLAIN : mode);
        this.console = console;
        this.columns = columns;
        this.line = new ProgressLine(clock, LINE_EVERY);
        this.unwatchResize = unwatchResize;
        if (this.mode == ProgressMode.BAR) {
            draw(clock.instant());
        }
    }

    /** The display {@code mode} (BAR, PLAIN or OFF) on this process's stderr. */
    static ProgressView create(SyncProgress progress, LongSupplier bytes, Clock clock, ProgressMode mode) {
        if (mode != ProgressMode.BAR) {
            return new ProgressView(progress, bytes, clock, mode, Optional.empty(), () -> 0, () -> {});
        }
        TerminalWidth width = new TerminalWidth();
        Runnable unwatch = StderrTerminal.onResize(width::measure);
        return new ProgressView(progress, bytes, clock, mode, Optional.of(BarConsole.install()), width, unwatch);
    }

    synchronized void onEvent(SyncEvent event) {
        if (closed) {
            return;
        }
        Instant now = clock.instant();
        progress.onEvent(event, now);
        if (mode == ProgressMode.BAR) {
            if (lastDraw.isEmpty() || !now.isBefore(lastDraw.get().plus(DRAW_EVERY))) {
                draw(now);
            }
        } else if (mode == ProgressMode.PLAIN
                && (event instanceof SyncEvent.BatchSetApplied || event instanceof SyncEvent.ChunkReceived)) {
            unreported = !line.maybe(() -> ProgressFormat.plain(progress.snapshot(now), bytes.getAsLong()));
        }
    }

    private void draw(Instant now) {
        lastDraw = Optional.of(now);
        console.get().show(ProgressFormat.line(progress.snapshot(now), bytes.getAsLong(), columns.getAsInt()));
    }

    /** Draws the last frame and leaves it on its own line, or logs the last plain line; then shows nothing more. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (mode == ProgressMode.BAR) {
            draw(clock.instant());
            console.get().end(true);
            unwatchResize.run();
        } else if (mode == ProgressMode.PLAIN && unreported) {
            line.now(() -> ProgressFormat.plain(progress.snapshot(clock.instant()), bytes.getAsLong()));
        }
    }

    /** The terminal's width, measured once and again on each resize. */
    private static final class TerminalWidth implements IntSupplier {
        private volatile int columns = StderrTerminal.columns();

        void measure() {
            columns = StderrTerminal.columns();
        }

        @Override
        public int getAsInt() {
            return columns;
        }
    }
}
