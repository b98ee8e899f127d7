package io.hms.actors.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An INFO progress line: the first at once, then at most once per interval (STYLE 21: INFO is for progress only). */
final class ProgressLine {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressLine.class);

    private final Clock clock;
    private final Duration interval;
    private Optional<Instant> last = Optional.empty();

    ProgressLine(Clock clock, Duration interval) {
        this.clock = clock;
        this.interval = interval;
    }

    /** Logs {@code line} if it is the first or the interval has passed since the last line; returns whether it did. */
    boolean maybe(Supplier<String> line) {
        Instant now = clock.instant();
        if (last.isPresent() && Duration.between(last.get(), now).compareTo(interval) < 0) {
            return false;
        }
        last = Optional.of(now);
        LOG.info(line.get());
        return true;
    }

    /** Logs {@code line} now. */
    void now(Supplier<String> line) {
        last = Optional.of(clock.instant());
        LOG.info(line.get());
    }
}
