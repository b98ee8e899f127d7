package io.hms.actors.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.settings.NetworkSettings.Connections;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InboundSlotsTest {
    private final InboundSlots slots = new InboundSlots(new Connections(3, 2, Duration.ofMinutes(1)));

    @Test
    void shouldRefuseTheThirdConnectionFromOneAddressWhenTwoAreAllowed() {
        assertThat(slots.tryAcquire("10.0.0.1")).isEmpty();
        assertThat(slots.tryAcquire("10.0.0.1")).isEmpty();

        assertThat(slots.tryAcquire("10.0.0.1")).contains(CloseReason.TOO_MANY_FROM_ADDRESS);
        assertThat(slots.tryAcquire("10.0.0.2"))
                .as("another address still gets in")
                .isEmpty();
    }

    @Test
    void shouldRefuseEveryoneWhenTheTotalIsReachedAndAdmitAgainWhenOneCloses() {
        slots.tryAcquire("10.0.0.1");
        slots.tryAcquire("10.0.0.2");
        slots.tryAcquire("10.0.0.3");

        assertThat(slots.tryAcquire("10.0.0.4")).contains(CloseReason.TOO_MANY_CONNECTIONS);
        slots.release("10.0.0.2");
        assertThat(slots.tryAcquire("10.0.0.4")).isEmpty();
        assertThat(slots.open()).isEqualTo(3);
        assertThat(slots.openFrom("10.0.0.2")).isZero();
    }
}
