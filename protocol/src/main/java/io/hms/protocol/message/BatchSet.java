package io.hms.protocol.message;

import io.hms.protocol.codec.Codec;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.codec.Reader;
import io.hms.protocol.codec.Writer;
import io.hms.protocol.model.MacroBlock;
import io.hms.protocol.proof.SizeProof;

/** A macro block of an epoch and a proof of the epoch's history length at that block. */
public record BatchSet(MacroBlock macroBlock, SizeProof historyLen) {
    public static final Codec<BatchSet> CODEC = new Codec<>() {
        @Override
        public void write(Writer out, BatchSet b) {
            MacroBlock.CODEC.write(out, b.macroBlock);
            SizeProof.CODEC.write(out, b.historyLen);
        }

        @Override
        public BatchSet read(Reader in) throws DecodeException {
            MacroBlock block = MacroBlock.CODEC.read(in);
            return new BatchSet(block, SizeProof.CODEC.read(in));
        }
    };
}
