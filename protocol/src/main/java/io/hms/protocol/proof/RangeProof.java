package io.hms.protocol.proof;

import io.hms.protocol.codec.Codec;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.codec.Reader;
import io.hms.protocol.codec.Writer;

/**
 * Proof for a run of consecutive leaves. {@code assumePrevious} proofs omit nodes left of the
 * range and cannot be verified alone; servers always send {@code false}.
 */
public record RangeProof(Proof proof, boolean assumePrevious) {
    public static final Codec<RangeProof> CODEC = new Codec<>() {
        @Override
        public void write(Writer out, RangeProof p) {
            Proof.CODEC.write(out, p.proof);
            out.bool(p.assumePrevious);
        }

        @Override
        public RangeProof read(Reader in) throws DecodeException {
            Proof proof = Proof.CODEC.read(in);
            return new RangeProof(proof, in.bool("RangeProof.assumePrevious"));
        }
    };
}
