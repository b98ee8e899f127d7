package io.hms.protocol.message;

import io.hms.protocol.codec.Codec;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.codec.Reader;
import io.hms.protocol.codec.Writer;
import io.hms.protocol.model.Hash;

/** A checkpoint block of the open epoch: its number and hash. */
public record Checkpoint(long blockNumber, Hash hash) {
    public Checkpoint {
        if (blockNumber < 0 || blockNumber > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("block number out of u32 range: " + blockNumber);
        }
    }

    public static final Codec<Checkpoint> CODEC = new Codec<>() {
        @Override
        public void write(Writer out, Checkpoint c) {
            out.varint(c.blockNumber).raw(c.hash.unsafeBytes());
        }

        @Override
        public Checkpoint read(Reader in) throws DecodeException {
            long number = in.u32("Checkpoint.blockNumber");
            return new Checkpoint(number, Hash.read(in, "Checkpoint.hash"));
        }
    };
}
