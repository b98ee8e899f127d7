package io.hms.engine.sync.request;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.engine.sync.PeerId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Random peers (honest, flaky, dead, lying) answering in random order: results come out exactly
 * once each and strictly in order, liars are never asked again once caught, the window and the
 * try limit hold, and with one reliable peer present every request is delivered, by an honest peer.
 */
class RequestSchedulerPropertyTest {
  private static final long SEED = 0xD15EA5EL;
  private static final int RUNS = 500;

  enum Behaviour { RELIABLE, FLAKY, DEAD, LIAR }

  @Test
  void shouldDeliverEveryRequestInOrderWhenOneReliablePeerIsPresent() {
    SplittableRandom seeds = new SplittableRandom(SEED);
    for (int run = 0; run < RUNS; run++) {
      long seed = seeds.nextLong();
      SplittableRandom r = new SplittableRandom(seed);
      Map<PeerId, Behaviour> behaviour = new HashMap<>();
      List<PeerId> peers = new ArrayList<>();
      int n = 1 + r.nextInt(10);
      for (int i = 0; i < n; i++) {
        PeerId p = new PeerId("P" + i);
        Behaviour b = i == 0 ? Behaviour.RELIABLE : Behaviour.values()[r.nextInt(4)];
        behaviour.put(p, b);
        peers.add(p);
      }
      java.util.Collections.shuffle(peers, new java.util.Random(r.nextLong()));
      int window = 1 + r.nextInt(6);
      RequestScheduler<Integer, String> s = new RequestScheduler<>(peers, window, 4, 12);
      int requests = 1 + r.nextInt(25);
      for (int i = 0; i < requests; i++) {
        s.add(i);
      }
      String ctx = "seed " + seed;
      List<Assignment<Integer>> out = new ArrayList<>();
      List<Released<Integer, String>> released = new ArrayList<>();
      Set<PeerId> caught = new HashSet<>();
      Map<Long, Integer> tries = new HashMap<>();
      for (int step = 0; step < 10_000 && !s.isIdle(); step++) {
        for (Assignment<Integer> a : s.nextAssignments()) {
          assertThat(caught).as(ctx).doesNotContain(a.peer());
          tries.merge(a.index(), 1, Integer::sum);
          out.add(a);
        }
        assertThat(s.inFlightCount()).as(ctx).isLessThanOrEqualTo(window);
        if (!out.isEmpty()) {
          Assignment<Integer> a = out.remove(r.nextInt(out.size()));
          answer(s, a, behaviour.get(a.peer()), r, caught);
        }
        released.addAll(s.drainInOrder());
      }
      assertThat(s.isIdle()).as(ctx).isTrue();
      assertThat(released).as(ctx).extracting(Released::index).containsExactlyElementsOf(
          java.util.stream.LongStream.range(0, requests).boxed().toList());
      for (Released<Integer, String> rel : released) {
        assertThat(rel).as(ctx).isInstanceOf(Released.Delivered.class);
        Released.Delivered<Integer, String> d = (Released.Delivered<Integer, String>) rel;
        assertThat(d.result()).as(ctx).isEqualTo("item " + d.request());
        assertThat(behaviour.get(d.peer())).as(ctx).isIn(Behaviour.RELIABLE, Behaviour.FLAKY);
      }
      tries.forEach((index, count) -> assertThat(count).as(ctx).isLessThanOrEqualTo(12 + n));
    }
  }

  private static void answer(
      RequestScheduler<Integer, String> s, Assignment<Integer> a, Behaviour b, SplittableRandom r, Set<PeerId> caught) {
    switch (b) {
      case RELIABLE -> s.onSuccess(a.index(), a.peer(), "item " + a.request());
      case FLAKY -> {
        if (r.nextBoolean()) {
          s.onSuccess(a.index(), a.peer(), "item " + a.request());
        } else {
          s.onFailure(a.index(), a.peer(), FailureKind.TIMEOUT);
        }
      }
      case DEAD -> s.onFailure(a.index(), a.peer(), FailureKind.TRANSPORT);
      case LIAR -> {
        if (s.onFailure(a.index(), a.peer(), FailureKind.INVALID) == Ack.ACCEPTED) {
          caught.add(a.peer());
        }
      }
    }
  }
}
