package io.hms.actors.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.DelayOverflowStrategy;
import org.apache.pekko.stream.ThrottleMode;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.util.ByteString;

/**
 * The outbound stage of {@link LinkShaping}: a fixed delay per frame (with room for 256 frames in
 * flight, like a long fat pipe) and a byte-rate throttle. Frames are cut into small pieces before
 * the throttle so that a 200 kB chunk response drains smoothly instead of in one burst.
 */
final class LinkShapingStep {
    private static final int FRAMES_IN_FLIGHT = 256;

    private LinkShapingStep() {}

    static Flow<ByteString, ByteString, NotUsed> flow(LinkShaping shaping) {
        Flow<ByteString, ByteString, NotUsed> flow = Flow.create();
        if (!shaping.latency().isZero()) {
            flow = flow.via(Flow.<ByteString>create()
                    .delay(shaping.latency(), DelayOverflowStrategy.backpressure())
                    .addAttributes(Attributes.inputBuffer(FRAMES_IN_FLIGHT, FRAMES_IN_FLIGHT)));
        }
        if (shaping.bytesPerSecond() > 0) {
            int perSecond = (int) Math.min(Integer.MAX_VALUE, shaping.bytesPerSecond());
            int piece = Math.max(1024, Math.min(64 * 1024, perSecond / 20));
            flow = flow.mapConcat(bytes -> split(bytes, piece))
                    .throttle(perSecond, Duration.ofSeconds(1), piece, ByteString::size, ThrottleMode.shaping());
        }
        return flow;
    }

    static List<ByteString> split(ByteString bytes, int piece) {
        List<ByteString> pieces = new ArrayList<>(bytes.size() / piece + 1);
        for (int from = 0; from < bytes.size(); from += piece) {
            pieces.add(bytes.slice(from, Math.min(bytes.size(), from + piece)));
        }
        return pieces;
    }
}
