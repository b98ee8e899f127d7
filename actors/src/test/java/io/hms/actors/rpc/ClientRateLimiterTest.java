package io.hms.actors.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.actors.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The per-client token bucket of hms.rpc.rate-limit, on a clock the test moves. */
class ClientRateLimiterTest {
    private final MutableClock clock = new MutableClock();

    @Test
    void shouldAdmitABurstThenAskTheClientToWaitForTheNextToken() {
        ClientRateLimiter limiter = new ClientRateLimiter(10, 3, 100, clock);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("a")).isZero();
        }
        assertThat(limiter.tryAcquire("a")).isEqualTo(100); // one token every 100 ms
        clock.advance(Duration.ofMillis(40));
        assertThat(limiter.tryAcquire("a")).isEqualTo(60);
        clock.advance(Duration.ofMillis(60));
        assertThat(limiter.tryAcquire("a")).isZero();
        assertThat(limiter.tryAcquire("a")).isPositive();
    }

    @Test
    void shouldRefillNoMoreThanTheBurstWhenAClientWasIdle() {
        ClientRateLimiter limiter = new ClientRateLimiter(10, 3, 100, clock);
        assertThat(limiter.tryAcquire("a")).isZero();
        clock.advance(Duration.ofHours(1));
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("a")).isZero();
        }
        assertThat(limiter.tryAcquire("a")).isPositive();
    }

    @Test
    void shouldKeepEachClientsBucketApart() {
        ClientRateLimiter limiter = new ClientRateLimiter(1, 1, 100, clock);
        assertThat(limiter.tryAcquire("a")).isZero();
        assertThat(limiter.tryAcquire("a")).isPositive();
        assertThat(limiter.tryAcquire("b")).isZero();
    }

    @Test
    void shouldForgetTheLeastRecentlySeenClientBeyondMaxClients() {
        ClientRateLimiter limiter = new ClientRateLimiter(1, 1, 2, clock);
        assertThat(limiter.tryAcquire("a")).isZero();
        assertThat(limiter.tryAcquire("b")).isZero();
        assertThat(limiter.tryAcquire("a")).isPositive(); // a is now the most recently seen
        assertThat(limiter.tryAcquire("c")).isZero(); // b is forgotten
        assertThat(limiter.tryAcquire("a")).as("a is still remembered").isPositive();
        assertThat(limiter.tryAcquire("b"))
                .as("b starts with a full bucket again")
                .isZero();
    }
}
