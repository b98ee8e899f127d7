package io.hms.actors.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An INFO progress line at most once per interval (STYLE 21: INFO is for progress only). */
final class ProgressLine {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressLine.class);

    private final Clock clock;
    private final Duration interval;
    private Instant last;

    ProgressLine(Clock clock, Duration interval) {
        this.clock = clock;
        this.interval = interval;
        this.last = clock.instant();
    }

    /** Logs {@code line} if the interval has passed since the last line. */
    void maybe(Supplier<String> line) {
        Instant now = clock.instant();
        if (Duration.between(last, now).compareTo(interval) >= 0) {
            last = now;
            LOG.info(line.get());
        }
    }
}
