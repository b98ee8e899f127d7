package io.hms.engine.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SlotWeightsTest {

    @Test
    void shouldDrawPositiveWeightsSummingToTheSlotsWhenCountsVary() {
        long seed = new SplittableRandom().nextLong();
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < 2000; i++) {
            int slots = 1 + rnd.nextInt(600);
            int count = 1 + rnd.nextInt(slots);
            int[] w = SlotWeights.draw(rnd, slots, count);
            assertThat(w)
                    .as("seed %d: %d slots, %d validators", seed, slots, count)
                    .hasSize(count);
            assertThat(Arrays.stream(w).sum()).as("seed %d", seed).isEqualTo(slots);
            assertThat(Arrays.stream(w).min().orElseThrow()).as("seed %d", seed).isPositive();
        }
    }

    @Test
    void shouldVaryWeightsWhenSeveralValidatorsShareTheSlots() {
        int[] w = SlotWeights.draw(new SplittableRandom(1), 512, 4);

        assertThat(Arrays.stream(w).distinct().count()).isGreaterThan(1);
    }
}
