package io.hms.verifier.mmr;

import io.hms.verifier.Fault;
import io.hms.verifier.VerifyResult;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.LongFunction;

/**
 * The Merkle Mountain Range algorithms of SPEC §3, generic over the node type so the toy-hash
 * vectors can check them. Proofs are for consecutive leaf ranges only, which lets both sides work
 * level by level on an interval instead of a queue of positions: at each level the interval's
 * left boundary needs its left sibling when it is a right child and the right boundary its right
 * sibling when it is a left child, in that order — exactly the order the spec's FIFO walk
 * consumes proof nodes.
 */
final class MmrCore {
    private MmrCore() {}

    /** Appends a leaf to a tree of {@code leavesBefore} leaves, reading one sibling per merge. */
    static <H> void append(H leaf, long leavesBefore, LongFunction<H> nodeAt, Consumer<H> out, MmrHasher<H> hasher) {
        append(leaf, leavesBefore, nodeAt, out, hasher, 0, h -> null);
    }

    /**
     * {@link #append} where the nodes of heights {@code 1..given} are {@code givenAt.apply(height)}
     * (computed and checked by the caller) instead of merged; the caller has checked that the append
     * creates at least {@code given} nodes ({@link #mergesOfAppend}).
     */
    static <H> void append(
            H leaf,
            long leavesBefore,
            LongFunction<H> nodeAt,
            Consumer<H> out,
            MmrHasher<H> hasher,
            int given,
            IntFunction<H> givenAt) {
        out.accept(leaf);
        long index = MmrPositions.sizeForLeaves(leavesBefore);
        H current = leaf;
        long n = leavesBefore;
        int h = 0;
        while ((n & 1) == 1) {
            if (h < given) {
                current = givenAt.apply(h + 1);
            } else {
                H left = nodeAt.apply(index - ((1L << (h + 1)) - 1));
                current = hasher.merge(1L << (h + 1), left, current);
            }
            out.accept(current);
            index++;
            h++;
            n >>>= 1;
        }
    }

    /** Inner nodes created by appending a leaf to a tree of {@code leavesBefore} leaves. */
    static int mergesOfAppend(long leavesBefore) {
        return Long.numberOfTrailingZeros(~leavesBefore);
    }

    /** Receives the inner nodes a range verification computed that lie wholly inside the range. */
    interface NodeSink<H> {
        /** The node of height {@code height} over leaves {@code [k·2^height, (k+1)·2^height)}. */
        void node(int height, long k, H node);
    }

    /** Root of the first {@code leaves} leaves; reads only the peaks. */
    static <H> H root(long leaves, LongFunction<H> nodeAt, MmrHasher<H> hasher) {
        if (leaves == 0) {
            return hasher.empty();
        }
        return bagFrom(leaves, 0, nodeAt, hasher);
    }

    /**
     * Bagging of the peaks of a {@code leaves}-leaf tree from the {@code firstPeak}-th (left to
     * right) to the last: the right fold of SPEC §3.3.
     */
    static <H> H bagFrom(long leaves, int firstPeak, LongFunction<H> nodeAt, MmrHasher<H> hasher) {
        long[] peaks = MmrPositions.peaks(leaves);
        int[] heights = peakHeights(leaves);
        int last = peaks.length - 1;
        H acc = nodeAt.apply(peaks[last]);
        long accLeaves = 1L << heights[last];
        for (int i = last - 1; i >= firstPeak; i--) {
            long peakLeaves = 1L << heights[i];
            accLeaves += peakLeaves;
            acc = hasher.merge(accLeaves, nodeAt.apply(peaks[i]), acc);
        }
        return acc;
    }

    /** Heights of the peaks of a {@code leaves}-leaf tree, left to right. */
    static int[] peakHeights(long leaves) {
        int[] out = new int[Long.bitCount(leaves)];
        int i = 0;
        for (int h = 62; h >= 0; h--) {
            if ((leaves & (1L << h)) != 0) {
                out[i++] = h;
            }
        }
        return out;
    }

    /**
     * Proof nodes for leaves {@code [first, last]} of a {@code leaves}-leaf tree (SPEC §3.5 with
     * assume_previous = false). The caller has checked {@code 0 ≤ first ≤ last < leaves}.
     */
    static <H> List<H> proveRange(long leaves, long first, long last, LongFunction<H> nodeAt, MmrHasher<H> hasher) {
        List<H> nodes = new ArrayList<>();
        int[] heights = peakHeights(leaves);
        long start = 0;
        for (int p = 0; p < heights.length; p++) {
            int height = heights[p];
            long end = start + (1L << height) - 1;
            if (end < first) {
                nodes.add(nodeAt.apply(MmrPositions.nodeIndex(height, start >> height)));
            } else if (start > last) {
                nodes.add(bagFrom(leaves, p, nodeAt, hasher));
                break;
            } else {
                long a = Math.max(first, start);
                long b = Math.min(last, end);
                for (int h = 0; h < height; h++) {
                    if ((a & 1) == 1) {
                        nodes.add(nodeAt.apply(MmrPositions.nodeIndex(h, a - 1)));
                    }
                    if ((b & 1) == 0) {
                        nodes.add(nodeAt.apply(MmrPositions.nodeIndex(h, b + 1)));
                    }
                    a >>>= 1;
                    b >>>= 1;
                }
            }
            start = end + 1;
        }
        return nodes;
    }

    /**
     * Verifies that {@code leafHashes} are the leaves {@code first, first+1, …} of the tree of
     * {@code mmrSize} nodes whose root is {@code root} (SPEC §3.6). {@code leafHashes} is used as
     * scratch space and overwritten.
     */
    static <H> VerifyResult verifyRange(
            long mmrSize, List<H> proof, long first, H[] leafHashes, H root, MmrHasher<H> hasher) {
        return verifyRange(mmrSize, proof, first, leafHashes, root, hasher, null);
    }

    /**
     * {@link #verifyRange(long, List, long, Object[], Object, MmrHasher)} that also hands {@code sink}
     * (if not null) every inner node it computes over leaves wholly inside the range. They are proved
     * only if the result is valid.
     */
    static <H> VerifyResult verifyRange(
            long mmrSize, List<H> proof, long first, H[] leafHashes, H root, MmrHasher<H> hasher, NodeSink<H> sink) {
        long leaves = MmrPositions.leavesForSize(mmrSize);
        if (leaves < 0) {
            return VerifyResult.invalid(
                    Fault.INVALID_MMR_SIZE, "no tree has " + Long.toUnsignedString(mmrSize) + " nodes");
        }
        int count = leafHashes.length;
        if (count > 0 && (first < 0 || first >= leaves || count > leaves - first)) {
            return VerifyResult.invalid(
                    Fault.LEAF_OUTSIDE_TREE,
                    "leaves " + first + "+" + count + " outside a tree of " + leaves + " leaves");
        }
        if (leaves == 0) {
            if (!proof.isEmpty()) {
                return VerifyResult.invalid(Fault.PROOF_NODES_MISMATCH, proof.size() + " nodes for the empty tree");
            }
            return compare(hasher.empty(), root);
        }
        long last = first + count - 1;
        int[] heights = peakHeights(leaves);
        H[] entries = hasher.newArray(heights.length);
        long[] entryLeaves = new long[heights.length];
        boolean lastEntryFromProof = false;
        int entryCount = 0;
        int used = 0;
        long start = 0;
        for (int height : heights) {
            long end = start + (1L << height) - 1;
            if (count == 0 || end < first || start > last) {
                if (used < proof.size()) {
                    entries[entryCount] = proof.get(used++);
                    entryLeaves[entryCount++] = 1L << height;
                    lastEntryFromProof = true;
                } else if (lastEntryFromProof && (count == 0 || start > last)) {
                    // the proof node was the bagging of this and the previous trailing peaks; a computed
                    // peak never absorbs later peaks, or a proof would also verify for a larger tree
                    entryLeaves[entryCount - 1] += 1L << height;
                } else {
                    return VerifyResult.invalid(
                            Fault.PROOF_NODES_MISMATCH, "proof ends before peak of height " + height);
                }
            } else {
                long a = Math.max(first, start);
                long b = Math.min(last, end);
                int offset = (int) (a - first);
                used = climb(
                        leafHashes,
                        offset,
                        a,
                        b,
                        height,
                        proof,
                        used,
                        hasher,
                        sink == null ? null : inside(first, last, sink));
                if (used < 0) {
                    return VerifyResult.invalid(
                            Fault.PROOF_NODES_MISMATCH, "proof ends inside peak of height " + height);
                }
                entries[entryCount] = leafHashes[offset];
                entryLeaves[entryCount++] = 1L << height;
                lastEntryFromProof = false;
            }
            start = end + 1;
        }
        if (used != proof.size()) {
            return VerifyResult.invalid(Fault.PROOF_NODES_MISMATCH, (proof.size() - used) + " proof nodes left over");
        }
        if (entryCount == 0) {
            return VerifyResult.invalid(Fault.PROOF_NODES_MISMATCH, "no peaks");
        }
        H acc = entries[entryCount - 1];
        long accLeaves = entryLeaves[entryCount - 1];
        for (int i = entryCount - 2; i >= 0; i--) {
            accLeaves += entryLeaves[i];
            acc = hasher.merge(accLeaves, entries[i], acc);
        }
        return compare(acc, root);
    }

    private static <H> VerifyResult compare(H computed, H root) {
        return computed.equals(root)
                ? VerifyResult.valid()
                : VerifyResult.invalid(Fault.RANGE_PROOF_INVALID, "computed root differs from the expected root");
    }

    /** {@code sink} for the nodes over leaves wholly inside {@code [first, last]} only. */
    private static <H> NodeSink<H> inside(long first, long last, NodeSink<H> sink) {
        return (height, k, node) -> {
            if (k << height >= first && ((k + 1) << height) - 1 <= last) {
                sink.node(height, k, node);
            }
        };
    }

    /**
     * Hashes leaves {@code [a, b]} (in {@code cur[offset …]}) up to their peak in place, leaving the
     * peak in {@code cur[offset]} and taking boundary siblings from {@code proof} starting at {@code
     * used}; hands each node it computes to {@code sink} if not null. Returns the index of the next
     * unused proof node, or −1 if the proof runs out.
     */
    private static <H> int climb(
            H[] cur,
            int offset,
            long a,
            long b,
            int height,
            List<H> proof,
            int used,
            MmrHasher<H> hasher,
            NodeSink<H> sink) {
        int next = used;
        for (int h = 0; h < height; h++) {
            H leftSibling = null;
            H rightSibling = null;
            if ((a & 1) == 1) {
                if (next >= proof.size()) {
                    return -1;
                }
                leftSibling = proof.get(next++);
            }
            if ((b & 1) == 0) {
                if (next >= proof.size()) {
                    return -1;
                }
                rightSibling = proof.get(next++);
            }
            long pa = a >>> 1;
            long pb = b >>> 1;
            long prefix = 1L << (h + 1);
            int n = (int) (pb - pa + 1);
            for (int j = 0; j < n; j++) {
                long leftChild = (pa + j) << 1;
                H left = leftChild < a ? leftSibling : cur[offset + (int) (leftChild - a)];
                H right = leftChild + 1 > b ? rightSibling : cur[offset + (int) (leftChild + 1 - a)];
                cur[offset + j] = hasher.merge(prefix, left, right);
                if (sink != null) {
                    sink.node(h + 1, pa + j, cur[offset + j]);
                }
            }
            a = pa;
            b = pb;
        }
        return next;
    }
}
