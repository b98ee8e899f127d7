package io.hms.engine.sync.reorder;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.protocol.model.Hash;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ranges hand over their items in random interleavings, as parallel downloads would: the job queue
 * receives every item exactly once and in chain order, the window never holds more than its bound,
 * and the sync never stalls.
 */
class RangeReorderPropertyTest {
    private static final int RANGES = 5;

    static IntStream seeds() {
        return IntStream.range(0, 300);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void shouldApplyEveryItemOnceInChainOrderWithinTheWindowWhateverTheInterleaving(int seed) {
        Random random = new Random(seed);
        long bound = 4 + random.nextInt(20);
        RangeReorderWindow<String> w = new RangeReorderWindow<>(new ReorderSettings(bound, 1 + random.nextInt(3)));
        List<List<Integer>> weights = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int r = 0; r < RANGES; r++) {
            List<Integer> items = new ArrayList<>();
            int n = random.nextInt(6);
            for (int i = 0; i < n; i++) {
                items.add(1 + random.nextInt((int) bound + 3)); // some never fit: they wait for the head
                expected.add(r + ":" + i);
            }
            weights.add(items);
        }
        int[] next = new int[RANGES];
        boolean[] waiting = new boolean[RANGES];
        boolean[] ended = new boolean[RANGES];
        Set<Integer> open = new HashSet<>();
        int opened = 0;
        List<String> applied = new ArrayList<>();

        for (int step = 0; applied.size() < expected.size() || opened < RANGES; step++) {
            assertThat(step).as("no stall").isLessThan(10_000);
            while (opened < RANGES && w.hasRoom()) {
                w.open(opened, opened == 0 ? Optional.empty() : Optional.of(tip(opened - 1)));
                open.add(opened++);
            }
            List<Integer> ready =
                    open.stream().filter(r -> !waiting[r] && !ended[r]).toList();
            if (ready.isEmpty()) {
                continue;
            }
            int r = ready.get(random.nextInt(ready.size()));
            List<ReorderDecision<String>> out;
            if (next[r] == weights.get(r).size()) {
                ended[r] = true;
                out = w.ended(r, Optional.of(tip(r)));
            } else {
                waiting[r] = true;
                out = w.offer(r, r + ":" + next[r], weights.get(r).get(next[r]));
                next[r]++;
            }
            for (ReorderDecision<String> d : out) {
                if (d instanceof ReorderDecision.Forward<String> f) {
                    applied.add(f.payload());
                    if (f.offered()) {
                        waiting[(int) f.rangeId()] = false; // the job queue admits it at once here
                    }
                } else if (d instanceof ReorderDecision.Acknowledge<String> a) {
                    waiting[(int) a.rangeId()] = false;
                } else if (d instanceof ReorderDecision.Completed<String> c) {
                    open.remove((int) c.rangeId());
                }
                assertThat(d).isNotInstanceOfAny(ReorderDecision.Discard.class, ReorderDecision.Dropped.class);
            }
            assertThat(w.heldItems()).isLessThanOrEqualTo(bound);
        }
        assertThat(applied).containsExactlyElementsOf(expected);
    }

    private static Hash tip(int range) {
        byte[] bytes = new byte[32];
        bytes[0] = (byte) (range + 1);
        return Hash.of(bytes);
    }
}
