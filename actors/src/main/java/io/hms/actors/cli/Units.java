package io.hms.actors.cli;

import java.time.Duration;

/** Human-readable sizes and durations for command output. */
final class Units {
    private Units() {}

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        if (n < 1024 * 1024) {
            return String.format("%.1f KiB", n / 1024.0);
        }
        if (n < 1024L * 1024 * 1024) {
            return String.format("%.1f MiB", n / (1024.0 * 1024));
        }
        return String.format("%.2f GiB", n / (1024.0 * 1024 * 1024));
    }

    static String duration(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return String.format("%.1f s", d.toMillis() / 1000.0);
        }
        return String.format("%d min %02d s", s / 60, s % 60);
    }

    /** {@code n} and {@code noun}, with an s when n is not 1: "1 epoch", "2 epochs". */
    static String count(long n, String noun) {
        return count(n, noun, noun + "s");
    }

    static String count(long n, String singular, String plural) {
        return n + " " + (n == 1 ? singular : plural);
    }

    static double seconds(Duration d) {
        return Math.max(0.001, d.toMillis() / 1000.0);
    }
}
