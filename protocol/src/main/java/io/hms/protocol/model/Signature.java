package io.hms.protocol.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.hms.protocol.codec.Codec;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.codec.Reader;
import io.hms.protocol.codec.Writer;

/** A 64-byte Ed25519 signature; 64 raw bytes on the wire. */
public final class Signature extends FixedBytes {
    public static final int LENGTH = 64;

    public static final Codec<Signature> CODEC = new Codec<>() {
        @Override
        public void write(Writer out, Signature value) {
            out.raw(value.unsafeBytes());
        }

        @Override
        public Signature read(Reader in) throws DecodeException {
            return Signature.read(in, "Signature");
        }
    };

    /** Reads the raw bytes of a field named {@code field}, so a decode error names the field. */
    public static Signature read(Reader in, String field) throws DecodeException {
        return new Signature(in.raw(LENGTH, field), false);
    }

    private Signature(byte[] bytes, boolean copy) {
        super(bytes, LENGTH, copy);
    }

    public static Signature of(byte[] bytes) {
        return new Signature(bytes, true);
    }

    @JsonCreator
    public static Signature fromHex(String hex) {
        return new Signature(parseHex(hex), false);
    }
}
