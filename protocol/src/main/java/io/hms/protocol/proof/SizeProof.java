package io.hms.protocol.proof;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.hms.protocol.codec.Codec;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.codec.Reader;
import io.hms.protocol.codec.Writer;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;

/**
 * Proof of the number of leaves of a history tree against its root (SPEC §3.7). Variants: 0
 * {@link EmptyTree}, 1 {@link SingleElement}, 2 {@link MultipleElements}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "kind")
@JsonSubTypes({
    @JsonSubTypes.Type(SizeProof.EmptyTree.class),
    @JsonSubTypes.Type(SizeProof.SingleElement.class),
    @JsonSubTypes.Type(SizeProof.MultipleElements.class)
})
public sealed interface SizeProof {

    /** Number of leaves this proof claims. */
    long size();

    record EmptyTree() implements SizeProof {
        public static final EmptyTree INSTANCE = new EmptyTree();

        @Override
        public long size() {
            return 0;
        }
    }

    record SingleElement(long size, HistoricTransaction item) implements SizeProof {}

    record MultipleElements(long size, Hash left, Hash right) implements SizeProof {}

    Codec<SizeProof> CODEC = new Codec<>() {
        @Override
        public void write(Writer out, SizeProof p) {
            if (p instanceof EmptyTree) {
                out.varint(0);
            } else if (p instanceof SingleElement s) {
                out.varint(1).varint(s.size());
                HistoricTransaction.CODEC.write(out, s.item());
            } else if (p instanceof MultipleElements m) {
                out.varint(2)
                        .varint(m.size())
                        .raw(m.left().unsafeBytes())
                        .raw(m.right().unsafeBytes());
            }
        }

        @Override
        public SizeProof read(Reader in) throws DecodeException {
            long kind = in.varint("SizeProof.kind");
            if (kind == 0) {
                return EmptyTree.INSTANCE;
            } else if (kind == 1) {
                long size = in.varint("SizeProof.size");
                return new SingleElement(size, HistoricTransaction.CODEC.read(in));
            } else if (kind == 2) {
                long size = in.varint("SizeProof.size");
                Hash left = Hash.read(in, "SizeProof.left");
                return new MultipleElements(size, left, Hash.read(in, "SizeProof.right"));
            }
            throw new DecodeException("SizeProof.kind", "unknown variant " + Long.toUnsignedString(kind));
        }
    };
}
