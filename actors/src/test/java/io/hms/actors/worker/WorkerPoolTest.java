package io.hms.actors.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {
    @Test
    void shouldPickTheWorkerWithTheMostFreeCapacityAndNoneWhenAllAreFull() {
        WorkerPool<String> pool = new WorkerPool<>();
        assertThat(pool.pick()).isEmpty();
        pool.add("a", 1);
        pool.add("b", 2);
        assertThat(pool.pick()).contains("b");
        pool.started("b");
        assertThat(pool.pick()).as("tie: the one that joined first").contains("a");
        pool.started("a");
        pool.started("b");
        assertThat(pool.pick()).isEmpty();
        pool.ended("a");
        assertThat(pool.pick()).contains("a");
        pool.remove("a");
        assertThat(pool.pick()).isEqualTo(Optional.empty());
    }

    @Test
    void shouldShareRangesThatWorkersTakeInTurnsWhenTheyTie() {
        WorkerPool<String> pool = new WorkerPool<>();
        pool.add("a", 1);
        pool.add("b", 1);
        StringBuilder order = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            String w = pool.pick().orElseThrow();
            order.append(w);
            pool.started(w);
            pool.ended(w); // one range at a time: each ends before the next starts
        }
        assertThat(order).hasToString("abab");
    }
}
