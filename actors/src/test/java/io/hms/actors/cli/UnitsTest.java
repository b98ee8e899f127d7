package io.hms.actors.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnitsTest {
    @Test
    void shouldCountWithTheSingularOnlyForOne() {
        assertThat(Units.count(1, "epoch")).isEqualTo("1 epoch");
        assertThat(Units.count(0, "epoch")).isEqualTo("0 epochs");
        assertThat(Units.count(2, "attempt")).isEqualTo("2 attempts");
        assertThat(Units.count(1, "batch", "batches")).isEqualTo("1 batch");
        assertThat(Units.count(3, "batch", "batches")).isEqualTo("3 batches");
    }
}
