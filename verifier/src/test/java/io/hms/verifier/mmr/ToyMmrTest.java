package io.hms.verifier.mmr;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.verifier.Fault;
import io.hms.verifier.VerifyResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The generic algorithms against the toy-hash vectors of SPEC §3.4. */
class ToyMmrTest {
    private final List<Long> nodes = new ArrayList<>();

    private void append(long value) {
        MmrCore.append(
                ToyHasher.leaf(value),
                MmrPositions.leavesForSize(nodes.size()),
                i -> nodes.get((int) i),
                nodes::add,
                ToyHasher.INSTANCE);
    }

    private long root(long leaves) {
        return MmrCore.root(leaves, i -> nodes.get((int) i), ToyHasher.INSTANCE);
    }

    @Test
    void shouldReproduceToyVectorsWhenAppendingFourValues() {
        for (long v : new long[] {1, 3, 5, 7}) {
            append(v);
        }
        assertThat(nodes).containsExactly(3L, 7L, 29L, 11L, 15L, 69L, 269L);
        assertThat(root(4)).isEqualTo(269L);
        assertThat(root(3)).isEqualTo(94L);
        assertThat(root(2)).isEqualTo(29L);
        assertThat(root(1)).isEqualTo(3L);
        assertThat(root(0)).isEqualTo(0L);
    }

    @Test
    void shouldVerifyEveryRangeWhenUsingToyHash() {
        long[] values = {1, 3, 5, 7, 9, 11, 13};
        for (long v : values) {
            append(v);
        }
        for (int leaves = 1; leaves <= values.length; leaves++) {
            long root = root(leaves);
            for (int first = 0; first < leaves; first++) {
                for (int last = first; last < leaves; last++) {
                    List<Long> proof =
                            MmrCore.proveRange(leaves, first, last, i -> nodes.get((int) i), ToyHasher.INSTANCE);
                    Long[] hashes = new Long[last - first + 1];
                    for (int j = 0; j < hashes.length; j++) {
                        hashes[j] = ToyHasher.leaf(values[first + j]);
                    }
                    VerifyResult r = MmrCore.verifyRange(
                            MmrPositions.sizeForLeaves(leaves), proof, first, hashes, root, ToyHasher.INSTANCE);
                    assertThat(r)
                            .as("leaves=%d range=%d..%d", leaves, first, last)
                            .isEqualTo(VerifyResult.VALID);
                }
            }
        }
    }

    @Test
    void shouldRejectWhenToyLeafValueChanges() {
        for (long v : new long[] {1, 3, 5, 7}) {
            append(v);
        }
        List<Long> proof = MmrCore.proveRange(4, 1, 2, i -> nodes.get((int) i), ToyHasher.INSTANCE);
        VerifyResult r = MmrCore.verifyRange(
                7, proof, 1, new Long[] {ToyHasher.leaf(3), ToyHasher.leaf(6)}, 269L, ToyHasher.INSTANCE);
        assertThat(((VerifyResult.Invalid) r).fault()).isEqualTo(Fault.RANGE_PROOF_INVALID);
    }
}
