package io.hms.protocol.model;

import io.hms.protocol.codec.Codec;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.codec.Reader;
import io.hms.protocol.codec.Writer;

/** A validator: its Ed25519 signing key and the number of slots it holds (≥ 1). */
public record Validator(PublicKey signingKey, int slots) {
    public Validator {
        if (slots < 1 || slots > 0xFFFF) {
            throw new IllegalArgumentException("slots out of range: " + slots);
        }
    }

    public static final Codec<Validator> CODEC = new Codec<>() {
        @Override
        public void write(Writer out, Validator v) {
            PublicKey.CODEC.write(out, v.signingKey);
            out.varint(v.slots);
        }

        @Override
        public Validator read(Reader in) throws DecodeException {
            PublicKey key = PublicKey.read(in, "Validator.signingKey");
            int slots = in.u16("Validator.slots");
            if (slots == 0) {
                throw new DecodeException("Validator.slots", "must be at least 1");
            }
            return new Validator(key, slots);
        }
    };
}
