package io.hms.actors.transport;

import io.hms.actors.settings.NetworkSettings.Frames;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The read deadline of the frame being received on one connection: once a frame's first byte has
 * arrived, the frame must be complete within {@code frames.read-timeout}, or {@code
 * frames.response-read-timeout} once its length prefix shows it larger than the small limit (only a
 * response may be). A peer that sends half a frame and stalls (slow loris) is closed when it
 * expires, whatever else it sends meanwhile. {@link #update} runs on the connection's stream after
 * every read; the timer fires on the scheduler's thread.
 */
final class FrameDeadline {
    private final PendingRequests.Timer timer;
    private final Frames frames;
    private final int smallLimit;
    private final Consumer<String> onExpired;
    private volatile long armedFor = -1;
    private boolean armedLarge;
    private volatile Runnable cancel = () -> {};

    FrameDeadline(PendingRequests.Timer timer, Frames frames, int smallLimit, Consumer<String> onExpired) {
        this.timer = timer;
        this.frames = frames;
        this.smallLimit = smallLimit;
        this.onExpired = onExpired;
    }

    /** Arms, keeps or disarms the deadline after {@code decoder} consumed the latest bytes. */
    void update(FrameDecoder decoder) {
        if (decoder.buffered() == 0) {
            disarm();
            return;
        }
        long index = decoder.completed();
        boolean large = decoder.announcedLength() > smallLimit;
        if (armedFor == index && (armedLarge || !large)) {
            return;
        }
        cancel.run();
        Duration limit = large ? frames.responseReadTimeout() : frames.readTimeout();
        armedFor = index;
        armedLarge = large;
        cancel = timer.schedule(limit, () -> {
            if (armedFor == index) {
                onExpired.accept("a frame was not complete " + limit + " after its first byte");
            }
        });
    }

    /** No frame is being read (or the connection ended). */
    void disarm() {
        armedFor = -1;
        cancel.run();
        cancel = () -> {};
    }
}
