package io.hms.actors.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.apache.pekko.util.ByteString;

/**
 * Cuts a TCP byte stream into frames: a 4-byte big-endian payload length, then the payload. Each
 * length is checked when its prefix is complete, before anything is buffered for the payload, so a
 * hostile prefix cannot make us allocate: above the absolute maximum (or with the sign bit set) is a
 * protocol breach ({@link CloseReason#OVERSIZE_FRAME}); above the limit of the connection's current
 * phase, asked of {@code phaseLimit} at that moment, ends it as {@link CloseReason#FRAME_TOO_LARGE}
 * (docs/PROTOCOL.md §7). One instance per connection; not thread-safe (a stream stage calls it
 * sequentially).
 */
final class FrameDecoder {
    static final int HEADER_BYTES = 4;

    private final int maxFrameBytes;
    private final IntSupplier phaseLimit;
    private ByteString buffer = ByteString.emptyByteString();
    private long completed;

    /** A decoder with one limit for every frame. */
    FrameDecoder(int maxFrameBytes) {
        this(maxFrameBytes, () -> maxFrameBytes);
    }

    FrameDecoder(int maxFrameBytes, IntSupplier phaseLimit) {
        this.maxFrameBytes = maxFrameBytes;
        this.phaseLimit = phaseLimit;
    }

    /**
     * Appends {@code bytes} and returns the payloads of every frame now complete, in order.
     *
     * @throws ConnectionClosed with {@link CloseReason#OVERSIZE_FRAME} for a length prefix above the
     *     maximum, {@link CloseReason#FRAME_TOO_LARGE} for one above the phase's limit
     */
    List<ByteString> feed(ByteString bytes) {
        buffer = buffer.concat(bytes);
        List<ByteString> frames = new ArrayList<>(1);
        while (buffer.size() >= HEADER_BYTES) {
            long length = readLength(buffer);
            if (length > maxFrameBytes) {
                throw new ConnectionClosed(
                        CloseReason.OVERSIZE_FRAME,
                        "frame of " + length + " bytes exceeds the maximum of " + maxFrameBytes);
            }
            int limit = phaseLimit.getAsInt();
            if (length > limit) {
                throw new ConnectionClosed(
                        CloseReason.FRAME_TOO_LARGE,
                        "frame of " + length + " bytes exceeds " + limit + ", the limit while no response is expected");
            }
            int total = HEADER_BYTES + (int) length;
            if (buffer.size() < total) {
                break;
            }
            frames.add(buffer.slice(HEADER_BYTES, total).compact());
            buffer = buffer.drop(total);
            completed++;
        }
        if (buffer.isEmpty()) {
            buffer = ByteString.emptyByteString();
        }
        return frames;
    }

    /** Bytes received that do not yet form a whole frame: a frame has started when this is above 0. */
    int buffered() {
        return buffer.size();
    }

    /** Frames completed so far: the index of the frame being read. */
    long completed() {
        return completed;
    }

    /** The payload length the started frame announced; -1 while its length prefix is incomplete. */
    long announcedLength() {
        return buffer.size() >= HEADER_BYTES ? readLength(buffer) : -1;
    }

    private static long readLength(ByteString b) {
        return ((long) (b.apply(0) & 0xFF) << 24)
                | ((b.apply(1) & 0xFF) << 16)
                | ((b.apply(2) & 0xFF) << 8)
                | (b.apply(3) & 0xFF);
    }
}
