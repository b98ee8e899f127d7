package io.hms.actors.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private final MutableClock clock = new MutableClock();
  private final RateLimiter limiter = new RateLimiter(1000, Duration.ofSeconds(10), clock);

  @Test
  void shouldAllowTheLimitAndRefuseTheNextWhenInOneWindow() {
    for (int i = 0; i < 1000; i++) {
      assertThat(limiter.tryAcquire(204)).as("request %d", i).isTrue();
      clock.advance(Duration.ofMillis(9));
    }
    assertThat(limiter.tryAcquire(204)).isFalse();
    assertThat(limiter.tryAcquire(204)).isFalse();
  }

  @Test
  void shouldAllowAgainWhenTheWindowHasPassed() {
    exhaust(204);
    clock.advance(Duration.ofSeconds(10));
    assertThat(limiter.tryAcquire(204)).isTrue();
  }

  @Test
  void shouldStillRefuseWhenTheWindowHasNotQuitePassed() {
    exhaust(204);
    clock.advance(Duration.ofMillis(9_999));
    assertThat(limiter.tryAcquire(204)).isFalse();
  }

  @Test
  void shouldCountEachTypeSeparatelyWhenOneIsExhausted() {
    exhaust(204);
    assertThat(limiter.tryAcquire(200)).isTrue();
    assertThat(limiter.tryAcquire(202)).isTrue();
  }

  @Test
  void shouldNotExtendTheWindowWhenRequestsAreRefused() {
    exhaust(200);
    for (int i = 0; i < 9; i++) {
      clock.advance(Duration.ofSeconds(1));
      assertThat(limiter.tryAcquire(200)).isFalse();
    }
    clock.advance(Duration.ofSeconds(1));
    assertThat(limiter.tryAcquire(200)).isTrue();
  }

  private void exhaust(int typeId) {
    for (int i = 0; i < 1000; i++) {
      assertThat(limiter.tryAcquire(typeId)).isTrue();
    }
    assertThat(limiter.tryAcquire(typeId)).isFalse();
  }
}
