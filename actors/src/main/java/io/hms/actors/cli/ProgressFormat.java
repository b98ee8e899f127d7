package io.hms.actors.cli;

import io.hms.actors.node.SyncProgress;
import java.time.Duration;
import java.util.List;

/**
 * The text of the progress display, a pure function of a snapshot, the bytes received and the
 * terminal's width: the bar line never exceeds {@code columns − 1} characters (a full line would
 * wrap on some terminals and break the redraw). From 80 columns it shows a bar of at least 20
 * characters with percentage, epoch E/N, tx/s, bytes and ETA; narrower, it drops the bytes, then
 * uses short labels; from 60 columns nothing of percentage, epochs, rate and ETA is cut.
 */
final class ProgressFormat {
    /** A bar wider than this is no easier to read. */
    static final int MAX_BAR = 50;

    private ProgressFormat() {}

    /** A layout: its text after the bar, and the narrowest bar it is used with. */
    private record Layout(String text, int minBar) {}

    /** The bar line for a terminal {@code columns} wide. */
    static String line(SyncProgress.Snapshot s, long bytes, int columns) {
        int room = Math.max(1, columns - 1);
        String pct = percent(s);
        String total = s.targetKnown() ? Long.toString(s.epochsTotal()) : "?";
        // fixed-width fields, so that the bar keeps its width while the numbers change
        String epochs = String.format("%" + total.length() + "d/%s", s.epochsApplied(), total);
        String rate = String.format("%6s tx/s", rate(s.itemsPerSecond()));
        String eta =
                String.format("ETA %-7s", s.eta().map(ProgressFormat::clock).orElse("--:--"));
        List<Layout> layouts = List.of(
                new Layout(
                        String.join(" ", pct, "epoch " + epochs, rate, String.format("%10s", Units.bytes(bytes)), eta),
                        20),
                new Layout(String.join(" ", pct, "epoch " + epochs, rate, eta), 12),
                new Layout(String.join(" ", pct, "ep " + epochs, rate, eta), 8));
        for (Layout l : layouts) {
            int width = Math.min(MAX_BAR, room - l.text().length() - 3);
            if (width >= l.minBar()) {
                return "[" + bar(s.fraction(), width) + "] " + l.text();
            }
        }
        String tiny = String.join(" ", pct.trim(), "ep " + epochs.trim(), eta.trim());
        return tiny.length() <= room ? tiny : tiny.substring(0, room);
    }

    /** The INFO line of a display without a terminal. */
    static String plain(SyncProgress.Snapshot s, long bytes) {
        String items = s.itemsEstimated() > 0
                ? String.format(
                        "%d of ~%d transactions (%s)",
                        s.itemsApplied(), s.itemsEstimated(), percent(s).trim())
                : Units.count(s.itemsApplied(), "transaction");
        return String.format(
                "synced epoch %d of %d, %s, %s received, %.0f tx/s, ETA %s",
                s.epochsApplied(),
                s.epochsTotal(),
                items,
                Units.bytes(bytes),
                s.itemsPerSecond(),
                s.eta().map(Units::duration).orElse("not yet known"));
    }

    /** {@code width} characters: {@code =} for the part done, {@code >} at its front, then spaces. */
    static String bar(double fraction, int width) {
        int done = (int) Math.floor(Math.max(0, Math.min(1, fraction)) * width);
        StringBuilder b = new StringBuilder(width);
        b.append("=".repeat(done));
        if (done < width) {
            b.append(done > 0 ? ">" : " ").append(" ".repeat(width - done - 1));
        }
        return b.toString();
    }

    private static String percent(SyncProgress.Snapshot s) {
        if (!s.targetKnown()) {
            return "  ?%";
        }
        return String.format("%3d%%", (int) Math.floor(s.fraction() * 100));
    }

    /** A rate in at most 6 characters: 950, 12.3k, 1.2M. */
    static String rate(double perSecond) {
        if (perSecond < 1000) {
            return String.format("%.0f", perSecond);
        }
        if (perSecond < 1_000_000) {
            return String.format("%.1fk", perSecond / 1000);
        }
        return String.format("%.1fM", perSecond / 1_000_000);
    }

    /** A duration as a clock: 0:07, 2:05, 1:02:05. */
    static String clock(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s >= 3600
                ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
