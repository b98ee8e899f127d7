package io.hms.verifier.mmr;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.hms.protocol.model.Hash;
import io.hms.protocol.model.HistoricTransaction;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

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
 *
 * <p>Inner nodes: a verified chunk's hashes also carry, per leaf, the MMR nodes its append creates
 * that lie wholly inside the chunk ({@link LeafNodes}, about one per leaf, each sealed to its leaf),
 * as the range proof's verification computed them; the store writes those instead of merging them
 * again. {@link #of} carries none, and neither does the serialized form ({@link #toBytes}): a seal is
 * valid only in the process that made it, so a receiver merges the nodes itself.
 */
public final class LeafHashes {
    /** Bytes per leaf: its leaf hash, then its transaction hash. */
    static final int STRIDE = 2 * Hash.LENGTH;

    private static final LeafHashes EMPTY = new LeafHashes(new byte[0]);

    private final byte[] bytes;
    /** Carried inner nodes, or empty: leaf {@code i}'s are those of {@code nodeStart[i] … nodeStart[i+1]}. */
    private final Optional<Nodes> nodes;

    /** Leaf {@code i}'s nodes are {@code bytes[32·start[i] …]}, up to {@code start[i+1]}; {@code seals[i]} seals them. */
    private record Nodes(int[] start, byte[] bytes, long[] seals) {}

    private LeafHashes(byte[] bytes) {
        this(bytes, Optional.empty());
    }

    private LeafHashes(byte[] bytes, Optional<Nodes> nodes) {
        this.bytes = bytes;
        this.nodes = nodes;
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

    /** The leaves {@code [from, to)}, with their carried nodes. */
    public LeafHashes slice(int from, int to) {
        if (from < 0 || from > to || to > size()) {
            throw new IndexOutOfBoundsException("leaves " + from + ".." + to + " of " + size());
        }
        if (from == 0 && to == size()) {
            return this;
        }
        return new Builder().add(this, from, to).build();
    }

    /**
     * The inner nodes carried for leaf {@code i} (see the class comment), {@link LeafNodes#NONE} if
     * none.
     */
    public LeafNodes nodes(int i) {
        if (nodes.isEmpty()) {
            return LeafNodes.NONE;
        }
        Nodes n = nodes.get();
        int count = n.start[i + 1] - n.start[i];
        return count == 0 ? LeafNodes.NONE : new LeafNodes(n.bytes, n.start[i] * Hash.LENGTH, count, n.seals[i]);
    }

    /** Number of inner nodes carried for all leaves. */
    public int nodeCount() {
        return nodes.map(n -> n.start[size()]).orElse(0);
    }

    /**
     * These hashes with inner nodes: leaf {@code i} (absolute leaf {@code firstLeaf + i}) carries
     * {@code nodeBytes[32·start[i] …]} up to {@code start[i+1]}, sealed here to its position and
     * leaf hash. Only chunk verification calls this, with the nodes it computed.
     */
    LeafHashes withNodes(long firstLeaf, int[] start, byte[] nodeBytes) {
        long[] seals = new long[size()];
        for (int i = 0; i < seals.length; i++) {
            int count = start[i + 1] - start[i];
            if (count > 0) {
                seals[i] = NodeSeal.of(firstLeaf + i, bytes, i * STRIDE, nodeBytes, start[i] * Hash.LENGTH, count);
            }
        }
        return new LeafHashes(bytes, Optional.of(new Nodes(start, nodeBytes, seals)));
    }

    /** Copies leaf {@code i}'s two hashes (not its nodes) into {@code out} at {@code offset}. */
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

    /** Equal hashes; carried nodes do not count (they are a cache of what the hashes determine). */
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
        return "LeafHashes[" + size() + " leaves, " + nodeCount() + " nodes]";
    }

    /**
     * Collects slices of several runs into one, e.g. a batch set's share of consecutive chunks, with
     * their carried nodes.
     */
    public static final class Builder {
        private byte[] bytes = new byte[16 * STRIDE];
        private int length;
        private int[] start = new int[17];
        private byte[] nodeBytes = new byte[0];
        private long[] seals = new long[16];
        private boolean anyNodes;

        /** Appends leaves {@code [from, to)} of {@code source}. */
        public Builder add(LeafHashes source, int from, int to) {
            if (from < 0 || from > to || to > source.size()) {
                throw new IndexOutOfBoundsException("leaves " + from + ".." + to + " of " + source.size());
            }
            int leaves = size();
            int added = to - from;
            int n = added * STRIDE;
            if (length + n > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
            }
            System.arraycopy(source.bytes, from * STRIDE, bytes, length, n);
            length += n;
            if (leaves + added + 1 > start.length) {
                int capacity = Math.max(start.length * 2, leaves + added + 1);
                start = Arrays.copyOf(start, capacity);
                seals = Arrays.copyOf(seals, capacity);
            }
            int nodesBefore = start[leaves];
            if (source.nodes.isEmpty()) {
                Arrays.fill(start, leaves + 1, leaves + added + 1, nodesBefore);
                return this;
            }
            Nodes src = source.nodes.get();
            int first = src.start[from];
            int count = src.start[to] - first;
            if ((nodesBefore + count) * Hash.LENGTH > nodeBytes.length) {
                nodeBytes =
                        Arrays.copyOf(nodeBytes, Math.max(nodeBytes.length * 2, (nodesBefore + count) * Hash.LENGTH));
            }
            System.arraycopy(src.bytes, first * Hash.LENGTH, nodeBytes, nodesBefore * Hash.LENGTH, count * Hash.LENGTH);
            for (int i = 0; i < added; i++) {
                start[leaves + i + 1] = nodesBefore + src.start[from + i + 1] - first;
            }
            System.arraycopy(src.seals, from, seals, leaves, added);
            anyNodes |= count > 0;
            return this;
        }

        public int size() {
            return length / STRIDE;
        }

        public LeafHashes build() {
            if (length == 0) {
                return EMPTY;
            }
            int leaves = size();
            Optional<Nodes> nodes = anyNodes
                    ? Optional.of(new Nodes(
                            Arrays.copyOf(start, leaves + 1),
                            Arrays.copyOf(nodeBytes, start[leaves] * Hash.LENGTH),
                            Arrays.copyOf(seals, leaves)))
                    : Optional.empty();
            return new LeafHashes(Arrays.copyOf(bytes, length), nodes);
        }
    }
}
