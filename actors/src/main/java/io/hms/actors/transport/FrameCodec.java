package io.hms.actors.transport;

import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.message.Envelope;
import org.apache.pekko.util.ByteString;

/** Envelopes to frames and back (docs/PROTOCOL.md, "Framing"). */
final class FrameCodec {
    private FrameCodec() {}

    /** The envelope's canonical bytes behind a 4-byte big-endian length. */
    static ByteString encode(Envelope envelope) {
        byte[] payload = Envelope.CODEC.encode(envelope);
        int n = payload.length;
        byte[] header = {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
        return ByteString.fromArrayUnsafe(header).concat(ByteString.fromArrayUnsafe(payload));
    }

    /** Size of the payload {@link #encode} would write, without the header. */
    static int payloadSize(ByteString frame) {
        return frame.size() - FrameDecoder.HEADER_BYTES;
    }

    /**
     * Decodes one frame's payload.
     *
     * @throws ConnectionClosed with {@link CloseReason#MALFORMED_FRAME} if the payload is not an
     *     envelope
     */
    static Envelope decode(ByteString payload) {
        try {
            return Envelope.CODEC.decode(payload.toArrayUnsafe());
        } catch (DecodeException e) {
            throw new ConnectionClosed(CloseReason.MALFORMED_FRAME, e.getMessage());
        }
    }
}
