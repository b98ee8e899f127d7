package io.hms.actors.transport;

import io.hms.protocol.message.Envelope;
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
 * The outbound stages of {@link LinkShaping}: a fixed delay per answer (with room for 256 envelopes
 * in flight, like a long fat pipe; the Hello and our requests are not delayed, and being first in
 * order they are not held behind answers either) and a byte-rate throttle. Frames are cut into small
 * pieces before the throttle so that a 200 kB chunk response drains smoothly instead of in one burst.
 */
final class LinkShapingStep {
    private static final int FRAMES_IN_FLIGHT = 256;

    private LinkShapingStep() {}

    /** Delays answers (responses and error envelopes) by the link's latency; other envelopes pass. */
    static Flow<Envelope, Envelope, NotUsed> delay(LinkShaping shaping) {
        Flow<Envelope, Envelope, NotUsed> flow = Flow.create();
        if (shaping.latency().isZero()) {
            return flow;
        }
        Duration latency = shaping.latency();
        return flow.delayWith(
                        () -> envelope -> isAnswer(envelope) ? latency : Duration.ZERO,
                        DelayOverflowStrategy.backpressure())
                .addAttributes(Attributes.inputBuffer(FRAMES_IN_FLIGHT, FRAMES_IN_FLIGHT));
    }

    static boolean isAnswer(Envelope envelope) {
        return envelope instanceof Envelope.ResponseEnvelope || envelope instanceof Envelope.ErrorEnvelope;
    }

    /** Paces encoded frames to the link's bandwidth. */
    static Flow<ByteString, ByteString, NotUsed> pace(LinkShaping shaping) {
        Flow<ByteString, ByteString, NotUsed> flow = Flow.create();
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
