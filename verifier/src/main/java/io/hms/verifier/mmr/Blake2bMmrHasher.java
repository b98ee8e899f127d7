package io.hms.verifier.mmr;

import io.hms.protocol.codec.Writer;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * BLAKE2b-256 node hashing of SPEC §3.1: {@code H(be64(prefix) ‖ …)}, with BouncyCastle's digest.
 * One instance per thread ({@link #get()}) reuses its digest, a 72-byte node buffer and an encoding
 * buffer, so hashing a leaf or a node allocates only the 32-byte result.
 */
final class Blake2bMmrHasher implements MmrHasher<Hash> {
    private static final ThreadLocal<Blake2bMmrHasher> LOCAL = ThreadLocal.withInitial(Blake2bMmrHasher::new);
    private static final int NODE_INPUT = 8 + 2 * Hash.LENGTH;

    /** {@code H(be64(0))}: the root of the empty tree. */
    static final Hash EMPTY_ROOT = new Blake2bMmrHasher().empty();

    private final Blake2bDigest digest = new Blake2bDigest(256);
    private final byte[] node = new byte[NODE_INPUT];
    private final Writer writer = new Writer(1024);

    private Blake2bMmrHasher() {}

    /** This thread's hasher. */
    static Blake2bMmrHasher get() {
        return LOCAL.get();
    }

    @Override
    public Hash merge(long prefix, Hash left, Hash right) {
        putPrefix(prefix);
        System.arraycopy(left.unsafeBytes(), 0, node, 8, Hash.LENGTH);
        System.arraycopy(right.unsafeBytes(), 0, node, 8 + Hash.LENGTH, Hash.LENGTH);
        return Hash.wrap(hash(node, 0, NODE_INPUT));
    }

    @Override
    public Hash empty() {
        putPrefix(0);
        return Hash.wrap(hash(node, 0, 8));
    }

    @Override
    public Hash[] newArray(int length) {
        return new Hash[length];
    }

    /** {@code H(be64(prefix) ‖ serialize(tx))}: a leaf for prefix 1, a one-leaf size proof otherwise. */
    Hash item(long prefix, HistoricTransaction tx) {
        writer.reset();
        writer.be64(prefix);
        HistoricTransaction.CODEC.write(writer, tx);
        return Hash.wrap(hash(writer.buffer(), 0, writer.size()));
    }

    /**
     * Writes {@code H(be64(1) ‖ tx)} and {@code H(tx)} to {@code out[offset …]} (64 bytes), both from
     * one encoding of {@code tx}.
     */
    void itemHashes(HistoricTransaction tx, byte[] out, int offset) {
        writer.reset();
        writer.be64(1);
        HistoricTransaction.CODEC.write(writer, tx);
        digest.reset();
        digest.update(writer.buffer(), 0, writer.size());
        digest.doFinal(out, offset);
        digest.reset();
        digest.update(writer.buffer(), 8, writer.size() - 8);
        digest.doFinal(out, offset + Hash.LENGTH);
    }

    /** {@code H(be64(prefix) ‖ encoded)} for an already encoded transaction. */
    Hash encodedItem(long prefix, byte[] encoded, int offset, int length) {
        writer.reset();
        writer.be64(prefix);
        writer.raw(encoded, offset, length);
        return Hash.wrap(hash(writer.buffer(), 0, writer.size()));
    }

    private byte[] hash(byte[] in, int off, int len) {
        digest.reset();
        digest.update(in, off, len);
        byte[] out = new byte[Hash.LENGTH];
        digest.doFinal(out, 0);
        return out;
    }

    private void putPrefix(long value) {
        for (int i = 7; i >= 0; i--) {
            node[i] = (byte) value;
            value >>>= 8;
        }
    }
}
