package io.hms.protocol.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.hms.protocol.codec.Codec;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.codec.Reader;
import io.hms.protocol.codec.Writer;

/** A 32-byte BLAKE2b-256 digest; 32 raw bytes on the wire. */
public final class Hash extends FixedBytes {
    public static final int LENGTH = 32;
    public static final Hash ZERO = new Hash(new byte[LENGTH], false);

    public static final Codec<Hash> CODEC = new Codec<>() {
        @Override
        public void write(Writer out, Hash value) {
            out.raw(value.unsafeBytes());
        }

        @Override
        public Hash read(Reader in) throws DecodeException {
            return Hash.read(in, "Hash");
        }
    };

    /** Reads the raw bytes of a field named {@code field}, so a decode error names the field. */
    public static Hash read(Reader in, String field) throws DecodeException {
        return new Hash(in.raw(LENGTH, field), false);
    }

    private Hash(byte[] bytes, boolean copy) {
        super(bytes, LENGTH, copy);
    }

    public static Hash of(byte[] bytes) {
        return new Hash(bytes, true);
    }

    /** Takes ownership of {@code bytes}: the caller must not modify them afterwards. */
    public static Hash wrap(byte[] bytes) {
        return new Hash(bytes, false);
    }

    @JsonCreator
    public static Hash fromHex(String hex) {
        return new Hash(parseHex(hex), false);
    }
}
