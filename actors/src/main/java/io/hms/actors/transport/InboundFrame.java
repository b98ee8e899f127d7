package io.hms.actors.transport;

import io.hms.protocol.message.Envelope;
import io.hms.protocol.message.Envelope.ResponseEnvelope;
import org.apache.pekko.util.ByteString;

/**
 * One inbound frame after decoding, which runs off the connection's stream thread ({@link
 * PeerConnection#decode}): the envelope and, for a response, its body decoded with the codec of the
 * request it answers — for a history chunk the bulk of the work, some 1 024 transactions — or the
 * protocol violation the frame was.
 */
sealed interface InboundFrame {

    /** A decoded envelope; {@code body} is the decoded response body, or nothing for other envelopes. */
    record Decoded(Envelope envelope, PendingRequests.Decoded body) implements InboundFrame {}

    /** The payload is not an envelope. */
    record Malformed(ConnectionClosed violation) implements InboundFrame {}

    /** Decodes {@code payload}; a response's body for the request of {@code pending} that its id names. */
    static InboundFrame decode(ByteString payload, PendingRequests pending) {
        Envelope envelope;
        try {
            envelope = FrameCodec.decode(payload);
        } catch (ConnectionClosed violation) {
            return new Malformed(violation);
        }
        PendingRequests.Decoded body = envelope instanceof ResponseEnvelope r
                ? pending.decode(r.requestId(), r.typeId(), r.body().unsafeBytes())
                : PendingRequests.Decoded.NOTHING;
        return new Decoded(envelope, body);
    }
}
