package io.hms.actors.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.settings.NetworkSettings.Frames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

class FrameDeadlineTest {
    private static final Frames FRAMES =
            new Frames(256, Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(30));

    private final ManualTimer timer = new ManualTimer();
    private final List<String> expired = new ArrayList<>();
    private final FrameDecoder decoder = new FrameDecoder(1000);
    private final FrameDeadline deadline = new FrameDeadline(timer, FRAMES, 256, expired::add);

    private void feed(ByteString bytes) {
        decoder.feed(bytes);
        deadline.update(decoder);
    }

    @Test
    void shouldExpireWhenHalfAFrameStallsPastTheReadTimeout() {
        feed(frame(50).concat(ByteString.fromArray(new byte[25])));
        timer.advance(Duration.ofSeconds(9));
        assertThat(expired).isEmpty();

        timer.advance(Duration.ofSeconds(1));

        assertThat(expired).hasSize(1);
    }

    @Test
    void shouldNotRestartTheDeadlineWhenTheSameFrameTricklesIn() {
        feed(frame(50));
        for (int i = 0; i < 9; i++) {
            timer.advance(Duration.ofSeconds(1));
            feed(ByteString.fromArray(new byte[1]));
        }
        timer.advance(Duration.ofSeconds(1));

        assertThat(expired).as("one byte a second does not keep a frame alive").hasSize(1);
    }

    @Test
    void shouldDisarmWhenTheFrameCompletesAndArmAnewForTheNext() {
        feed(frame(10));
        timer.advance(Duration.ofSeconds(9));
        feed(ByteString.fromArray(new byte[10]).concat(frame(10)));
        timer.advance(Duration.ofSeconds(9));
        assertThat(expired).as("the second frame has its own 10 s").isEmpty();
        feed(ByteString.fromArray(new byte[10]));
        timer.advance(Duration.ofMinutes(5));

        assertThat(expired).isEmpty();
        assertThat(timer.pending()).isZero();
    }

    @Test
    void shouldGiveALargeFrameTheResponseDeadlineWhenItsLengthShowsIt() {
        feed(frame(500).concat(ByteString.fromArray(new byte[100])));
        timer.advance(Duration.ofSeconds(59));
        assertThat(expired).isEmpty();

        timer.advance(Duration.ofSeconds(1));

        assertThat(expired).hasSize(1);
    }

    private static ByteString frame(int length) {
        return ByteString.fromArray(
                new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length});
    }
}
