package io.hms.protocol.message;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.hms.protocol.codec.Codec;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.codec.Reader;
import io.hms.protocol.codec.Writer;
import io.hms.protocol.model.ByteString;

/**
 * The payload of one frame. A kind byte (0 hello, 1 request, 2 response, 3 error, 4 disconnect) is
 * followed by the kind's fields; request and response bodies run to the end of the frame and are decoded with
 * the codec of their type id ({@link RequestType}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(Envelope.Hello.class),
    @JsonSubTypes.Type(Envelope.RequestEnvelope.class),
    @JsonSubTypes.Type(Envelope.ResponseEnvelope.class),
    @JsonSubTypes.Type(Envelope.ErrorEnvelope.class),
    @JsonSubTypes.Type(Envelope.Disconnect.class)
})
public sealed interface Envelope {

    /** The first frame each side sends on a connection. */
    record Hello(Handshake handshake) implements Envelope {}

    /** {@code requestId} is any u64 chosen by the requester; {@code typeId} a u16 such as 200. */
    record RequestEnvelope(long requestId, int typeId, ByteString body) implements Envelope {
        public RequestEnvelope {
            checkTypeId(typeId);
        }
    }

    /** Echoes the request's id; {@code typeId} is the request's type id plus one. */
    record ResponseEnvelope(long requestId, int typeId, ByteString body) implements Envelope {
        public ResponseEnvelope {
            checkTypeId(typeId);
        }
    }

    /** The network layer's answer instead of a response; {@code typeId} is the request's type id. */
    record ErrorEnvelope(long requestId, int typeId, TransportError error) implements Envelope {
        public ErrorEnvelope {
            checkTypeId(typeId);
        }
    }

    /**
     * The last frame a node sends before it closes a connection on purpose: why, and a line of
     * text for the remote's log ({@code bytes<200>}, UTF-8). Allowed at any time, also instead of a
     * Hello.
     */
    record Disconnect(DisconnectCode code, String detail) implements Envelope {
        /** Longest detail on the wire (bytes of UTF-8). */
        public static final int MAX_DETAIL_BYTES = 200;

        public Disconnect {
            java.util.Objects.requireNonNull(code, "code");
            if (detail.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_DETAIL_BYTES) {
                throw new IllegalArgumentException("disconnect detail longer than " + MAX_DETAIL_BYTES + " bytes");
            }
        }

        /** A Disconnect whose detail is cut to fit (by characters, so that it stays valid text). */
        public static Disconnect of(DisconnectCode code, String detail) {
            String d = detail;
            while (d.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_DETAIL_BYTES) {
                d = d.substring(0, d.length() - 1);
            }
            return new Disconnect(code, d);
        }
    }

    /** Type ids are u16 on the wire; a larger one could be encoded but never decoded. */
    private static void checkTypeId(int typeId) {
        if (typeId < 0 || typeId > 0xFFFF) {
            throw new IllegalArgumentException("type id out of u16 range: " + typeId);
        }
    }

    Codec<Envelope> CODEC = new Codec<>() {
        @Override
        public void write(Writer out, Envelope e) {
            if (e instanceof Hello h) {
                out.u8(0);
                Handshake.CODEC.write(out, h.handshake());
            } else if (e instanceof RequestEnvelope r) {
                out.u8(1).varint(r.requestId()).varint(r.typeId()).raw(r.body().unsafeBytes());
            } else if (e instanceof ResponseEnvelope r) {
                out.u8(2).varint(r.requestId()).varint(r.typeId()).raw(r.body().unsafeBytes());
            } else if (e instanceof ErrorEnvelope r) {
                out.u8(3)
                        .varint(r.requestId())
                        .varint(r.typeId())
                        .varint(r.error().ordinal());
            } else if (e instanceof Disconnect d) {
                out.u8(4)
                        .varint(d.code().ordinal())
                        .bytes(d.detail().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }

        @Override
        public Envelope read(Reader in) throws DecodeException {
            int kind = in.u8("Envelope.kind");
            if (kind == 0) {
                return new Hello(Handshake.CODEC.read(in));
            }
            if (kind == 4) {
                DisconnectCode code = DisconnectCode.fromCode(in.varint("Disconnect.code"));
                byte[] detail = in.bytes("Disconnect.detail", Disconnect.MAX_DETAIL_BYTES);
                return Disconnect.of(code, new String(detail, java.nio.charset.StandardCharsets.UTF_8));
            }
            if (kind > 4) {
                throw new DecodeException("Envelope.kind", "unknown kind " + kind);
            }
            long requestId = in.varint("Envelope.requestId");
            int typeId = in.u16("Envelope.typeId");
            if (kind == 3) {
                return new ErrorEnvelope(requestId, typeId, TransportError.fromCode(in.varint("Envelope.error")));
            }
            ByteString body = ByteString.wrap(in.raw(in.remaining(), "Envelope.body"));
            return kind == 1
                    ? new RequestEnvelope(requestId, typeId, body)
                    : new ResponseEnvelope(requestId, typeId, body);
        }
    };
}
