package io.hms.verifier.mmr;

/**
 * Position arithmetic of the node array (SPEC §3.2–§3.3). Nodes are addressed by (height, k): the
 * node of height {@code h} that covers leaves {@code [k·2^h, (k+1)·2^h)}. It is a right child iff
 * {@code k} is odd, its sibling is {@code k^1} and its parent {@code (h+1, k>>1)}; the node index
 * is only needed to read the store.
 */
public final class MmrPositions {
    private MmrPositions() {}

    /** Node index of leaf {@code n}: {@code 2n − popcount(n)}. */
    public static long leafIndexToNode(long leaf) {
        return 2 * leaf - Long.bitCount(leaf);
    }

    /** Node count of a tree with {@code leaves} leaves: {@code 2L − popcount(L)}. */
    public static long sizeForLeaves(long leaves) {
        return 2 * leaves - Long.bitCount(leaves);
    }

    /** Node index of the node of height {@code h} over leaves {@code [k·2^h, (k+1)·2^h)}. */
    public static long nodeIndex(int height, long k) {
        return leafIndexToNode(((k + 1) << height) - 1) + height;
    }

    /**
     * The number of leaves of a tree with {@code size} nodes, or −1 if no tree has that many nodes
     * (the size must decompose into perfect trees of strictly decreasing heights).
     */
    public static long leavesForSize(long size) {
        if (size < 0) {
            return -1;
        }
        long remaining = size;
        long leaves = 0;
        int lastHeight = Integer.MAX_VALUE;
        while (remaining > 0) {
            // largest perfect tree (2^(h+1) − 1 nodes) that fits
            int h = 63 - Long.numberOfLeadingZeros(remaining + 1) - 1;
            if (h >= lastHeight) {
                return -1;
            }
            remaining -= (1L << (h + 1)) - 1;
            leaves += 1L << h;
            lastHeight = h;
        }
        return leaves;
    }

    /** Height of the node at {@code index} (SPEC §3.2). */
    public static int height(long index) {
        long j = index + 1;
        while ((j & (j + 1)) != 0) {
            j -= (Long.highestOneBit(j)) - 1;
        }
        return Long.bitCount(j) - 1;
    }

    /** Node indices of the peaks, left to right, of a tree with {@code leaves} leaves. */
    public static long[] peaks(long leaves) {
        long[] out = new long[Long.bitCount(leaves)];
        long start = 0;
        int i = 0;
        for (int h = 62; h >= 0; h--) {
            if ((leaves & (1L << h)) != 0) {
                out[i++] = nodeIndex(h, start >> h);
                start += 1L << h;
            }
        }
        return out;
    }
}
