package io.hms.protocol.message;

import io.hms.protocol.codec.Codec;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.codec.Reader;
import io.hms.protocol.codec.Writer;
import io.hms.protocol.model.Hash;
import java.util.List;
import java.util.Optional;

/** Election-block hashes after the matched locator, ascending, and maybe a checkpoint of the open epoch. */
public record MacroChain(List<Hash> epochs, Optional<Checkpoint> checkpoint) implements MacroChainResponse {
    public MacroChain {
        epochs = List.copyOf(epochs);
    }

    @Override
    public boolean isError() {
        return false;
    }

    /**
     * Epoch lists are decoded up to 65535 entries (the largest {@code maxEpochs} a request can
     * carry) so that a client can see, and punish, a peer that sends more than it asked for.
     */
    public static final int MAX_DECODED_EPOCHS = 0xFFFF;

    public static final Codec<MacroChain> CODEC = new Codec<>() {
        @Override
        public void write(Writer out, MacroChain m) {
            out.list(m.epochs, Hash.CODEC).option(m.checkpoint, Checkpoint.CODEC);
        }

        @Override
        public MacroChain read(Reader in) throws DecodeException {
            List<Hash> epochs = in.list("MacroChain.epochs", MAX_DECODED_EPOCHS, Hash.LENGTH, Hash.CODEC);
            return new MacroChain(epochs, in.option("MacroChain.checkpoint", Checkpoint.CODEC));
        }
    };
}
