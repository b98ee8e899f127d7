package io.hms.actors.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GuardLogTest {
    private final MutableClock clock = new MutableClock();
    private final GuardLog log = new GuardLog(Duration.ofMinutes(1), clock);

    @Test
    void shouldLogOneLinePerReasonPerIntervalWhenAFloodIsRefused() {
        for (int i = 0; i < 1000; i++) {
            log.closed(CloseReason.TOO_MANY_FROM_ADDRESS, "127.0.0.1:" + (40000 + i), "8 open");
        }
        assertThat(log.suppressed(CloseReason.TOO_MANY_FROM_ADDRESS)).isEqualTo(999);
        log.closed(CloseReason.BANNED, "127.0.0.2:1", "banned");
        assertThat(log.suppressed(CloseReason.BANNED))
                .as("each reason has its own line")
                .isZero();

        clock.advance(Duration.ofMinutes(1));
        log.closed(CloseReason.TOO_MANY_FROM_ADDRESS, "127.0.0.1:1", "8 open");

        assertThat(log.suppressed(CloseReason.TOO_MANY_FROM_ADDRESS))
                .as("logged with the count, which starts again")
                .isZero();
    }
}
