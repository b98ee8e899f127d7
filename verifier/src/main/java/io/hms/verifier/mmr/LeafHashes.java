package io.hms.verifier.mmr;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import java.util.Arrays;
import java.util.List;

/**
 * The two hashes of each item of a run of history leaves, computed once from one encoding: the leaf
 * hash {@code H(be64(1) ‖ tx)} (SPEC §3.1), which chunk verification needs and the store's MMR
 * appends, and the transaction hash {@code H(tx)}, the key of the store's transaction index. Kept
 * flat, 64 bytes per leaf and no object per hash, so a verified chunk can carry them to the store
 * instead of the single store thread hashing every item again.
 *
 * <p>Trust: the only way to get hashes for items is {@link #of}, which hashes their canonical
 * encodings in this process; slices keep the pairing with the items they were cut with. A store
 * given these hashes still rebuilds the MMR above the leaf hashes and compares the block's history
 * root, so a leaf hash that does not belong there is refused. The transaction hashes are taken as
 * they are: they must never come from a peer. ({@link #fromBytes} exists for the actor messages'
 * serialization between the nodes of our own Pekko cluster.)
 */
public final class LeafHashes {
    /** Bytes per leaf: its leaf hash, then its transaction hash. */
    static final int STRIDE = 2 * Hash.LENGTH;

    private static final LeafHashes EMPTY = new LeafHashes(new byte[0]);

    private final byte[] bytes;

    private LeafHashes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Hashes {@code items} on the calling thread: one encoding and two BLAKE2b-256 per item. */
    public static LeafHashes of(List<HistoricTransaction> items) {
        byte[] out = new byte[items.size() * STRIDE];
        Blake2bMmrHasher hasher = Blake2bMmrHasher.get();
        for (int i = 0; i < items.size(); i++) {
            hasher.itemHashes(items.get(i), out, i * STRIDE);
        }
        return new LeafHashes(out);
    }

    public static LeafHashes empty() {
        return EMPTY;
    }

    /** The serialized form of {@link #toBytes()}; see the class comment on trust. */
    @JsonCreator
    public static LeafHashes fromBytes(byte[] bytes) {
        if (bytes.length % STRIDE != 0) {
            throw new IllegalArgumentException(bytes.length + " bytes are not a whole number of leaf hashes");
        }
        return new LeafHashes(bytes.clone());
    }

    @JsonValue
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** Number of leaves. */
    public int size() {
        return bytes.length / STRIDE;
    }

    public boolean isEmpty() {
        return bytes.length == 0;
    }

    /** {@code H(be64(1) ‖ tx)} of leaf {@code i}. */
    public Hash leafHash(int i) {
        return Hash.wrap(Arrays.copyOfRange(bytes, i * STRIDE, i * STRIDE + Hash.LENGTH));
    }

    /** {@code H(tx)} of leaf {@code i}. */
    public Hash txHash(int i) {
        return Hash.wrap(Arrays.copyOfRange(bytes, i * STRIDE + Hash.LENGTH, (i + 1) * STRIDE));
    }

    /** The leaves {@code [from, to)}. */
    public LeafHashes slice(int from, int to) {
        if (from < 0 || from > to || to > size()) {
            throw new IndexOutOfBoundsException("leaves " + from + ".." + to + " of " + size());
        }
        return from == 0 && to == size() ? this : new LeafHashes(Arrays.copyOfRange(bytes, from * STRIDE, to * STRIDE));
    }

    /** Copies leaf {@code i}'s two hashes into {@code out} at {@code offset}. */
    public void copyLeaf(int i, byte[] out, int offset) {
        System.arraycopy(bytes, i * STRIDE, out, offset, STRIDE);
    }

    /** The leaf hashes as a fresh array (verification overwrites it). */
    Hash[] leafHashArray() {
        Hash[] out = new Hash[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = leafHash(i);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LeafHashes other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "LeafHashes[" + size() + " leaves]";
    }

    /** Collects slices of several runs into one, e.g. a batch set's share of consecutive chunks. */
    public static final class Builder {
        private byte[] bytes = new byte[16 * STRIDE];
        private int length;

        /** Appends leaves {@code [from, to)} of {@code source}. */
        public Builder add(LeafHashes source, int from, int to) {
            if (from < 0 || from > to || to > source.size()) {
                throw new IndexOutOfBoundsException("leaves " + from + ".." + to + " of " + source.size());
            }
            int n = (to - from) * STRIDE;
            if (length + n > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
            }
            System.arraycopy(source.bytes, from * STRIDE, bytes, length, n);
            length += n;
            return this;
        }

        public int size() {
            return length / STRIDE;
        }

        public LeafHashes build() {
            return length == 0 ? EMPTY : new LeafHashes(Arrays.copyOf(bytes, length));
        }
    }
}
