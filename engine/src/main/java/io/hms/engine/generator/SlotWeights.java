package io.hms.engine.generator;

import java.util.random.RandomGenerator;

/** Random slot weights: {@code count} positive integers that sum to {@code slots}. */
final class SlotWeights {
    private SlotWeights() {}

    /**
     * A uniformly random composition of {@code slots} into {@code count} positive parts: choose
     * {@code count − 1} distinct cut points in {@code 1 .. slots−1}. So weights vary from epoch to
     * epoch while the total stays {@code policy.slots()}, as the justification rule requires.
     */
    static int[] draw(RandomGenerator rng, int slots, int count) {
        boolean[] cut = new boolean[slots];
        int chosen = 0;
        while (chosen < count - 1) {
            int c = 1 + rng.nextInt(slots - 1);
            if (!cut[c]) {
                cut[c] = true;
                chosen++;
            }
        }
        int[] weights = new int[count];
        int index = 0;
        int start = 0;
        for (int p = 1; p < slots; p++) {
            if (cut[p]) {
                weights[index++] = p - start;
                start = p;
            }
        }
        weights[index] = slots - start;
        return weights;
    }
}
