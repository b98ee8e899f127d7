package io.hms.protocol.model;

import io.hms.protocol.codec.Codec;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.codec.Reader;
import io.hms.protocol.codec.Writer;
import java.util.Optional;

/**
 * A macro block (checkpoint or election). The genesis block has no justification; every other
 * block carries one. The block hash is the hash of the header.
 */
public record MacroBlock(MacroHeader header, MacroBody body, Optional<Justification> justification) {

    public Hash hash() {
        return header.hash();
    }

    public long blockNumber() {
        return header.blockNumber();
    }

    /** The same block without its justification, as batch sets other than an info's final one are sent. */
    public MacroBlock withoutJustification() {
        return justification.isEmpty() ? this : new MacroBlock(header, body, Optional.empty());
    }

    /** True if the body names a next validator set (an election block). */
    public boolean hasNextValidators() {
        return body.nextValidators().isPresent();
    }

    public static final Codec<MacroBlock> CODEC = new Codec<>() {
        @Override
        public void write(Writer out, MacroBlock b) {
            MacroHeader.CODEC.write(out, b.header);
            MacroBody.CODEC.write(out, b.body);
            out.option(b.justification, Justification.CODEC);
        }

        @Override
        public MacroBlock read(Reader in) throws DecodeException {
            MacroHeader header = MacroHeader.CODEC.read(in);
            MacroBody body = MacroBody.CODEC.read(in);
            Optional<Justification> j = in.option("MacroBlock.justification", Justification.CODEC);
            return new MacroBlock(header, body, j);
        }
    };
}
