package io.hms.protocol.model;

import io.hms.protocol.codec.Codec;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.codec.Reader;
import io.hms.protocol.codec.Writer;
import java.util.Optional;

/** Body of a macro block: the next epoch's validators in an election block, nothing in a checkpoint. */
public record MacroBody(Optional<ValidatorSet> nextValidators) {
    public static final MacroBody CHECKPOINT = new MacroBody(Optional.empty());

    public static MacroBody election(ValidatorSet next) {
        return new MacroBody(Optional.of(next));
    }

    public Hash hash() {
        return Blake2b.hashOf(CODEC, this);
    }

    public static final Codec<MacroBody> CODEC = new Codec<>() {
        @Override
        public void write(Writer out, MacroBody b) {
            out.option(b.nextValidators, ValidatorSet.CODEC);
        }

        @Override
        public MacroBody read(Reader in) throws DecodeException {
            return new MacroBody(in.option("MacroBody.nextValidators", ValidatorSet.CODEC));
        }
    };
}
