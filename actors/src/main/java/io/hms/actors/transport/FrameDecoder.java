package io.hms.actors.transport;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.util.ByteString;

/**
 * Cuts a TCP byte stream into frames: a 4-byte big-endian payload length, then the payload. A
 * length above the maximum (or with the sign bit set) ends the connection before anything is
 * buffered for it, so a hostile prefix cannot make us allocate. One instance per connection; not
 * thread-safe (a stream stage calls it sequentially).
 */
final class FrameDecoder {
    static final int HEADER_BYTES = 4;

    private final int maxFrameBytes;
    private ByteString buffer = ByteString.emptyByteString();

    FrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * Appends {@code bytes} and returns the payloads of every frame now complete, in order.
     *
     * @throws ConnectionClosed with {@link CloseReason#OVERSIZE_FRAME} for a length prefix above the
     *     maximum
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
            int total = HEADER_BYTES + (int) length;
            if (buffer.size() < total) {
                break;
            }
            frames.add(buffer.slice(HEADER_BYTES, total).compact());
            buffer = buffer.drop(total);
        }
        if (buffer.isEmpty()) {
            buffer = ByteString.emptyByteString();
        }
        return frames;
    }

    /** Bytes received that do not yet form a whole frame. */
    int buffered() {
        return buffer.size();
    }

    private static long readLength(ByteString b) {
        return ((long) (b.apply(0) & 0xFF) << 24)
                | ((b.apply(1) & 0xFF) << 16)
                | ((b.apply(2) & 0xFF) << 8)
                | (b.apply(3) & 0xFF);
    }
}
