package io.hms.verifier.mmr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MmrPositionsTest {

    @Test
    void shouldMapLeavesToNodeIndicesWhenGivenSpecVector() {
        long[] expected = {0, 1, 3, 4, 7, 8, 10, 11, 15, 16, 18, 19};
        for (int n = 0; n < expected.length; n++) {
            assertThat(MmrPositions.leafIndexToNode(n)).as("leaf %d", n).isEqualTo(expected[n]);
        }
    }

    @Test
    void shouldComputeHeightsWhenGivenSpecVector() {
        int[] expected = {0, 0, 1, 0, 0, 1, 2, 0, 0, 1, 0, 0, 1, 2, 3, 0, 0, 1, 0, 0, 1, 2};
        for (int i = 0; i < expected.length; i++) {
            assertThat(MmrPositions.height(i)).as("node %d", i).isEqualTo(expected[i]);
        }
    }

    @Test
    void shouldListPeaksWhenGivenSpecSizes() {
        assertThat(MmrPositions.peaks(MmrPositions.leavesForSize(0))).isEmpty();
        assertThat(MmrPositions.peaks(MmrPositions.leavesForSize(1))).containsExactly(0);
        assertThat(MmrPositions.peaks(MmrPositions.leavesForSize(3))).containsExactly(2);
        assertThat(MmrPositions.peaks(MmrPositions.leavesForSize(4))).containsExactly(2, 3);
        assertThat(MmrPositions.peaks(MmrPositions.leavesForSize(7))).containsExactly(6);
        assertThat(MmrPositions.peaks(MmrPositions.leavesForSize(8))).containsExactly(6, 7);
        assertThat(MmrPositions.peaks(MmrPositions.leavesForSize(10))).containsExactly(6, 9);
        assertThat(MmrPositions.peaks(MmrPositions.leavesForSize(11))).containsExactly(6, 9, 10);
        assertThat(MmrPositions.peaks(MmrPositions.leavesForSize(15))).containsExactly(14);
        assertThat(MmrPositions.peaks(11)).containsExactly(14, 17, 18);
    }

    @Test
    void shouldInvertSizeForLeavesWhenSizeIsValid() {
        for (long leaves = 0; leaves < 5000; leaves++) {
            long size = MmrPositions.sizeForLeaves(leaves);
            assertThat(MmrPositions.leavesForSize(size)).as("size %d", size).isEqualTo(leaves);
        }
    }

    @Test
    void shouldRejectSizeWhenNoTreeHasThatManyNodes() {
        java.util.Set<Long> valid = new java.util.HashSet<>();
        for (long leaves = 0; leaves < 1100; leaves++) {
            valid.add(MmrPositions.sizeForLeaves(leaves));
        }
        for (long size = 0; size < 2000; size++) {
            assertThat(MmrPositions.leavesForSize(size) >= 0)
                    .as("size %d", size)
                    .isEqualTo(valid.contains(size));
        }
        assertThat(MmrPositions.leavesForSize(-1)).isEqualTo(-1);
        assertThat(MmrPositions.leavesForSize(2)).isEqualTo(-1);
        assertThat(MmrPositions.leavesForSize(5)).isEqualTo(-1);
    }

    @Test
    void shouldAgreeWithHeightWalkWhenAddressingNodesByHeightAndIndex() {
        for (int h = 0; h < 6; h++) {
            for (long k = 0; k < 40; k++) {
                long index = MmrPositions.nodeIndex(h, k);
                assertThat(MmrPositions.height(index)).as("h=%d k=%d", h, k).isEqualTo(h);
            }
        }
        assertThat(MmrPositions.nodeIndex(1, 0)).isEqualTo(2);
        assertThat(MmrPositions.nodeIndex(2, 0)).isEqualTo(6);
        assertThat(MmrPositions.nodeIndex(1, 1)).isEqualTo(5);
        assertThat(MmrPositions.nodeIndex(3, 0)).isEqualTo(14);
    }
}
