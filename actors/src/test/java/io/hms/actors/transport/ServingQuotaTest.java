package io.hms.actors.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.settings.NetworkSettings.Quota;
import io.hms.actors.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServingQuotaTest {
    /** 1000 bytes per second, a burst of 10 000 bytes, 100 bytes at least per request. */
    private final MutableClock clock = new MutableClock();

    private final ServingQuota quota = new ServingQuota(new Quota(1000, 10_000, 100), clock);

    @Test
    void shouldAdmitTheBurstOfMinimumCostRequestsAndRefuseTheNextWhenNoTimePasses() {
        for (int i = 0; i < 100; i++) {
            assertThat(quota.tryAdmit()).as("request %d", i).isTrue();
        }
        assertThat(quota.tryAdmit()).isFalse();
        assertThat(quota.tryAdmit()).isFalse();
    }

    @Test
    void shouldChargeResponseBytesBeyondTheMinimumWhenSettled() {
        assertThat(quota.tryAdmit()).isTrue();
        quota.settle(2_600);
        assertThat(quota.available()).isEqualTo(7_400);
    }

    @Test
    void shouldNotChargeMoreThanTheMinimumWhenTheResponseIsSmaller() {
        assertThat(quota.tryAdmit()).isTrue();
        quota.settle(10);
        assertThat(quota.available()).isEqualTo(9_900);
    }

    @Test
    void shouldServeAResponseLargerThanTheBurstOnceAndRefuseUntilTheDebtIsPaid() {
        assertThat(quota.tryAdmit()).isTrue();
        quota.settle(15_000);
        assertThat(quota.available()).isEqualTo(-5_000);
        clock.advance(Duration.ofMillis(5_099));
        assertThat(quota.tryAdmit()).as("99 bytes, less than the minimum").isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(quota.tryAdmit()).isTrue();
    }

    @Test
    void shouldRefillAtTheRateWhenTimePasses() {
        exhaust();
        clock.advance(Duration.ofMillis(250));
        assertThat(quota.available()).isEqualTo(250);
        assertThat(quota.tryAdmit()).isTrue();
        assertThat(quota.tryAdmit()).isTrue();
        assertThat(quota.tryAdmit()).isFalse();
    }

    @Test
    void shouldNotRefillBeyondTheBurstWhenIdleForLong() {
        clock.advance(Duration.ofHours(1));
        assertThat(quota.available()).isEqualTo(10_000);
    }

    @Test
    void shouldNotChargeRefusedRequestsWhenThePeerKeepsAsking() {
        exhaust();
        for (int i = 0; i < 1_000; i++) {
            assertThat(quota.tryAdmit()).isFalse();
        }
        clock.advance(Duration.ofMillis(100));
        assertThat(quota.tryAdmit()).isTrue();
    }

    @Test
    void shouldKeepTheBalanceWhenTheClockGoesBack() {
        exhaust();
        clock.advance(Duration.ofSeconds(-5));
        assertThat(quota.available()).isZero();
        clock.advance(Duration.ofSeconds(5).plusMillis(100));
        assertThat(quota.tryAdmit()).isTrue();
    }

    private void exhaust() {
        while (quota.tryAdmit()) {
            // take the burst
        }
        assertThat(quota.available()).isZero();
    }
}
