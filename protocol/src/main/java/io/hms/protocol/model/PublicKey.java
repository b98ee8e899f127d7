package io.hms.protocol.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.hms.protocol.codec.Codec;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.codec.Reader;
import io.hms.protocol.codec.Writer;

/** A 32-byte Ed25519 public key; also the address of an account. 32 raw bytes on the wire. */
public final class PublicKey extends FixedBytes {
    public static final int LENGTH = 32;

    public static final Codec<PublicKey> CODEC = new Codec<>() {
        @Override
        public void write(Writer out, PublicKey value) {
            out.raw(value.unsafeBytes());
        }

        @Override
        public PublicKey read(Reader in) throws DecodeException {
            return PublicKey.read(in, "PublicKey");
        }
    };

    /** Reads the raw bytes of a field named {@code field}, so a decode error names the field. */
    public static PublicKey read(Reader in, String field) throws DecodeException {
        return new PublicKey(in.raw(LENGTH, field), false);
    }

    private PublicKey(byte[] bytes, boolean copy) {
        super(bytes, LENGTH, copy);
    }

    public static PublicKey of(byte[] bytes) {
        return new PublicKey(bytes, true);
    }

    @JsonCreator
    public static PublicKey fromHex(String hex) {
        return new PublicKey(parseHex(hex), false);
    }
}
