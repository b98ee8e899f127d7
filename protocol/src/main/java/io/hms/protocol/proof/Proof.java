package io.hms.protocol.proof;

import io.hms.protocol.Limits;
import io.hms.protocol.codec.Codec;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.codec.Reader;
import io.hms.protocol.codec.Writer;
import io.hms.protocol.model.Hash;
import java.util.List;

/** A Merkle Mountain Range proof (SPEC §3.5): the tree's node count and the proof nodes in order. */
public record Proof(long mmrSize, List<Hash> nodes) {
    public Proof {
        nodes = List.copyOf(nodes);
    }

    public static final Codec<Proof> CODEC = new Codec<>() {
        @Override
        public void write(Writer out, Proof p) {
            out.varint(p.mmrSize).list(p.nodes, Hash.CODEC);
        }

        @Override
        public Proof read(Reader in) throws DecodeException {
            long size = in.varint("Proof.mmrSize");
            List<Hash> nodes = in.list("Proof.nodes", Limits.MAX_PROOF_NODES, Hash.LENGTH, Hash.CODEC);
            return new Proof(size, nodes);
        }
    };
}
