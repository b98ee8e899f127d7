package io.hms.actors.cli;

import io.hms.actors.events.SyncEvent;
import io.hms.actors.node.SyncProgress;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a sync's progress: on a terminal a progress bar of transactions applied out of the total
 * estimated from the proven history lengths, with epochs, bytes, rate and ETA; otherwise an INFO
 * line every few seconds. Fed with the node's events.
 */
final class ProgressView implements AutoCloseable {
    private static final Duration LINE_EVERY = Duration.ofSeconds(3);

    private final SyncProgress progress;
    private final LongSupplier bytes;
    private final Clock clock;
    private final Optional<ProgressBar> bar;
    private final ProgressLine line;

    private ProgressView(SyncProgress progress, LongSupplier bytes, Clock clock, Optional<ProgressBar> bar) {
        this.progress = progress;
        this.bytes = bytes;
        this.clock = clock;
        this.bar = bar;
        this.line = new ProgressLine(clock, LINE_EVERY);
    }

    /** A bar on {@code terminal} if given, else log lines. */
    static ProgressView create(SyncProgress progress, LongSupplier bytes, Clock clock, Optional<PrintStream> terminal) {
        Optional<ProgressBar> bar = terminal.map(out -> new ProgressBarBuilder()
                .setTaskName("sync")
                .setUnit(" tx", 1)
                .setInitialMax(0)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .showSpeed(new java.text.DecimalFormat("#"))
                .setEtaFunction(state -> progress.snapshot(clock.instant()).eta())
                .setConsumer(new ConsoleProgressBarConsumer(out))
                .build());
        return new ProgressView(progress, bytes, clock, bar);
    }

    /** The terminal to draw on, if stderr is one. */
    static Optional<PrintStream> terminal() {
        return System.console() != null ? Optional.of(System.err) : Optional.empty();
    }

    synchronized void onEvent(SyncEvent event) {
        progress.onEvent(event);
        SyncProgress.Snapshot s = progress.snapshot(clock.instant());
        if (bar.isPresent()) {
            bar.get().maxHint(s.itemsEstimated());
            bar.get().stepTo(s.itemsApplied());
            bar.get()
                    .setExtraMessage(String.format(
                            " epoch %d/%d %s", s.epochsApplied(), s.epochsTotal(), Units.bytes(bytes.getAsLong())));
        } else if (event instanceof SyncEvent.BatchSetApplied) {
            line.maybe(() -> describe(s));
        }
    }

    String describe(SyncProgress.Snapshot s) {
        return String.format(
                "synced epoch %d of %d, %d of ~%d transactions, %s received, %.0f tx/s, ETA %s",
                s.epochsApplied(),
                s.epochsTotal(),
                s.itemsApplied(),
                s.itemsEstimated(),
                Units.bytes(bytes.getAsLong()),
                s.itemsPerSecond(),
                s.eta().map(Units::duration).orElse("?"));
    }

    @Override
    public synchronized void close() {
        bar.ifPresent(ProgressBar::close);
    }
}
