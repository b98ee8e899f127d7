package io.hms.verifier.mmr;

import io.hms.protocol.model.Hash;
import java.util.Arrays;

/**
 * The inner MMR nodes that appending one leaf creates (heights 1, 2, … in that order), as chunk
 * verification computed them, with their {@link NodeSeal}: a view of {@code 32·count} bytes plus
 * the seal. Only nodes wholly inside the verified chunk are carried, so a leaf near a chunk's left
 * edge carries fewer nodes than its append creates (the store merges the rest), and most leaves
 * carry none or one: about one node per leaf in all.
 *
 * <p>{@link HistoryTree#appendLeafHash(Hash, LeafNodes)} uses them only if the seal matches the
 * leaf's position and hash. The serialized form ({@link #writeTo}, the store's staging) keeps the
 * seal, which is valid only in the process that made it.
 */
public final class LeafNodes {
    /** No carried nodes: the store merges every node of the append. */
    public static final LeafNodes NONE = new LeafNodes(new byte[0], 0, 0, 0);

    private final byte[] bytes;
    private final int offset;
    private final int count;
    private final long seal;

    LeafNodes(byte[] bytes, int offset, int count, long seal) {
        this.bytes = bytes;
        this.offset = offset;
        this.count = count;
        this.seal = seal;
    }

    /** Number of nodes: the append's merges at heights {@code 1..count} are given. */
    public int count() {
        return count;
    }

    /** The node at height {@code height} ({@code 1 ≤ height ≤ count()}). */
    Hash node(int height) {
        int from = offset + (height - 1) * Hash.LENGTH;
        return Hash.wrap(Arrays.copyOfRange(bytes, from, from + Hash.LENGTH));
    }

    /** Whether these are the nodes the verifier computed for leaf {@code leaf} with hash {@code leafHash}. */
    boolean sealedFor(long leaf, Hash leafHash) {
        return count == 0 || NodeSeal.of(leaf, leafHash.unsafeBytes(), 0, bytes, offset, count) == seal;
    }

    /** Bytes {@link #writeTo} writes: a count byte, then the nodes and the seal if there are any. */
    public int serializedSize() {
        return count == 0 ? 1 : 1 + count * Hash.LENGTH + 8;
    }

    /** Writes the serialized form at {@code out[at …]}; returns the index after it. */
    public int writeTo(byte[] out, int at) {
        out[at] = (byte) count;
        if (count == 0) {
            return at + 1;
        }
        int n = count * Hash.LENGTH;
        System.arraycopy(bytes, offset, out, at + 1, n);
        long s = seal;
        for (int i = 0; i < 8; i++) {
            out[at + 1 + n + i] = (byte) (s >>> (56 - 8 * i));
        }
        return at + 1 + n + 8;
    }

    /**
     * Reads the serialized form at {@code in[at …]} (a view, nothing copied); the seal is checked
     * when the nodes are used.
     *
     * @throws IllegalArgumentException if {@code in} is too short for it
     */
    public static LeafNodes readFrom(byte[] in, int at) {
        if (at >= in.length) {
            throw new IllegalArgumentException("no node count at " + at + " of " + in.length + " bytes");
        }
        int count = in[at] & 0xFF;
        if (count == 0) {
            return NONE;
        }
        int n = count * Hash.LENGTH;
        if (at + 1 + n + 8 > in.length) {
            throw new IllegalArgumentException(count + " nodes do not fit in " + (in.length - at) + " bytes");
        }
        long s = 0;
        for (int i = 0; i < 8; i++) {
            s = (s << 8) | (in[at + 1 + n + i] & 0xFF);
        }
        return new LeafNodes(in, at + 1, count, s);
    }

    @Override
    public String toString() {
        return "LeafNodes[" + count + "]";
    }
}
