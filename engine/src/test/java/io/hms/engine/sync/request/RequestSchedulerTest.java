package io.hms.engine.sync.request;

import static io.hms.engine.sync.SyncFixtures.peer;
import static org.assertj.core.api.Assertions.assertThat;

import io.hms.engine.sync.PeerId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** SPEC §4.8 as pure bookkeeping, with §6.6 and the hms rules for retries and lying peers. */
class RequestSchedulerTest {
  private static final PeerId A = peer("A");
  private static final PeerId B = peer("B");
  private static final PeerId C = peer("C");

  private static RequestScheduler<Integer, String> scheduler(int window, PeerId... peers) {
    return new RequestScheduler<>(List.of(peers), window, 4, 12);
  }

  private static Assignment<Integer> only(List<Assignment<Integer>> assignments) {
    assertThat(assignments).hasSize(1);
    return assignments.get(0);
  }

  @Test
  void shouldReleaseAFailureOfTheFirstIdWhenThereAreNoPeers() {
    // SPEC §6.6: ids 1..4, no peers, window 1, every request fails -> the first output is Err(1)
    RequestScheduler<Integer, String> s = scheduler(1);
    s.addAll(List.of(1, 2, 3, 4));
    List<Released<Integer, String>> out = new ArrayList<>();
    while (!s.isIdle()) {
      assertThat(s.nextAssignments()).isEmpty();
      out.addAll(s.drainInOrder());
    }
    assertThat(out.get(0)).isEqualTo(new Released.Failed<Integer, String>(0, 1, FailureKind.NO_PEERS, 0));
    assertThat(out).extracting(Released::request).containsExactly(1, 2, 3, 4);
    assertThat(out).allMatch(r -> r instanceof Released.Failed);
  }

  @Test
  void shouldSpreadNewRequestsRoundRobinWhenSeveralPeersServe() {
    RequestScheduler<Integer, String> s = scheduler(5, A, B, C);
    s.addAll(List.of(10, 11, 12, 13));
    assertThat(s.nextAssignments()).extracting(Assignment::peer).containsExactly(A, B, C, A);
  }

  @Test
  void shouldRetryOnAnotherPeerWhenATryFails() {
    RequestScheduler<Integer, String> s = scheduler(1, A, B, C);
    s.add(7);
    Assignment<Integer> first = only(s.nextAssignments());
    assertThat(first.peer()).isEqualTo(A);
    assertThat(s.onFailure(first.index(), A, FailureKind.TIMEOUT)).isEqualTo(Ack.ACCEPTED);
    Assignment<Integer> retry = only(s.nextAssignments());
    assertThat(retry.peer()).isEqualTo(B);
    assertThat(retry.attempt()).isEqualTo(2);
    assertThat(s.onSuccess(retry.index(), B, "ok")).isEqualTo(Ack.ACCEPTED);
    assertThat(s.drainInOrder()).containsExactly(new Released.Delivered<>(0, 7, "ok", B));
    assertThat(s.excluded()).isEmpty();
  }

  @Test
  void shouldNeverAskALyingPeerAgainWhenItDeliveredInvalidData() {
    RequestScheduler<Integer, String> s = scheduler(4, A, B);
    s.addAll(List.of(1, 2));
    List<Assignment<Integer>> first = s.nextAssignments();
    assertThat(first).extracting(Assignment::peer).containsExactly(A, B);
    s.onFailure(0, A, FailureKind.INVALID);
    assertThat(s.excluded()).containsExactly(A);
    assertThat(s.addPeer(A)).isFalse();
    s.addAll(List.of(3, 4, 5));
    List<Assignment<Integer>> next = s.nextAssignments();
    assertThat(next).extracting(Assignment::peer).containsOnly(B);
    assertThat(next.get(0).index()).isZero();
  }

  @Test
  void shouldStillReachTheHonestPeerWhenSeveralLiarsAnswerFirst() {
    List<PeerId> peers = List.of(peer("L1"), peer("L2"), peer("L3"), peer("L4"), peer("L5"), peer("H"));
    RequestScheduler<Integer, String> s = new RequestScheduler<>(peers, 1, 4, 12);
    s.add(1);
    Assignment<Integer> a;
    while (!(a = only(s.nextAssignments())).peer().equals(peer("H"))) {
      s.onFailure(a.index(), a.peer(), FailureKind.INVALID);
    }
    assertThat(a.attempt()).isEqualTo(6);
    s.onSuccess(a.index(), a.peer(), "true");
    assertThat(s.drainInOrder()).containsExactly(new Released.Delivered<>(0, 1, "true", peer("H")));
    assertThat(s.peers()).containsExactly(peer("H"));
  }

  @Test
  void shouldRetryTheLiarsOtherRequestsElsewhereWhenItIsExcluded() {
    RequestScheduler<Integer, String> s = scheduler(4, A, B);
    s.addAll(List.of(1, 2, 3));
    assertThat(s.nextAssignments()).extracting(Assignment::peer).containsExactly(A, B, A);
    s.onFailure(0, A, FailureKind.INVALID);
    List<Assignment<Integer>> retries = s.nextAssignments();
    assertThat(retries).extracting(Assignment::index).containsExactly(0L, 2L);
    assertThat(retries).extracting(Assignment::peer).containsOnly(B);
    assertThat(s.onSuccess(2, A, "late")).isEqualTo(Ack.STALE);
  }

  @Test
  void shouldReleaseResultsStrictlyInOrderWhenTheyArriveOutOfOrder() {
    RequestScheduler<Integer, String> s = scheduler(3, A, B, C);
    s.addAll(List.of(1, 2, 3));
    s.nextAssignments();
    s.onSuccess(2, C, "c");
    s.onSuccess(1, B, "b");
    assertThat(s.drainInOrder()).isEmpty();
    s.onSuccess(0, A, "a");
    assertThat(s.drainInOrder()).extracting(r -> ((Released.Delivered<Integer, String>) r).result())
        .containsExactly("a", "b", "c");
    assertThat(s.isIdle()).isTrue();
  }

  @Test
  void shouldReleaseAFailureInItsTurnWhenEveryPeerFails() {
    RequestScheduler<Integer, String> s = scheduler(2, A, B);
    s.addAll(List.of(1, 2));
    s.nextAssignments();
    s.onSuccess(1, B, "second");
    List<PeerId> asked = new ArrayList<>(List.of(A));
    PeerId current = A;
    for (int i = 0; i < 3; i++) {
      s.onFailure(0, current, FailureKind.ERROR_RESPONSE);
      assertThat(s.drainInOrder()).isEmpty();
      current = only(s.nextAssignments()).peer();
      asked.add(current);
    }
    s.onFailure(0, current, FailureKind.ERROR_RESPONSE);
    assertThat(asked).containsExactly(A, B, A, B); // clamp(2 peers, 4, 12) = 4 tries, alternating
    assertThat(s.nextAssignments()).isEmpty();
    assertThat(s.drainInOrder()).containsExactly(
        new Released.Failed<>(0, 1, FailureKind.ERROR_RESPONSE, 4), new Released.Delivered<>(1, 2, "second", B));
  }

  @Test
  void shouldAskTheOnlyPeerMinAttemptsTimesWhenItKeepsFailing() {
    RequestScheduler<Integer, String> s = scheduler(1, A);
    s.add(1);
    int tries = 0;
    List<Assignment<Integer>> next;
    while (!(next = s.nextAssignments()).isEmpty()) {
      tries++;
      s.onFailure(only(next).index(), A, FailureKind.TIMEOUT);
    }
    assertThat(tries).isEqualTo(4);
    assertThat(s.drainInOrder()).containsExactly(new Released.Failed<>(0, 1, FailureKind.TIMEOUT, 4));
  }

  @Test
  void shouldStopAtMaxAttemptsWhenThereAreManyPeers() {
    List<PeerId> many = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      many.add(peer("P" + i));
    }
    RequestScheduler<Integer, String> s = new RequestScheduler<>(many, 1, 4, 12);
    s.add(1);
    List<PeerId> asked = new ArrayList<>();
    List<Assignment<Integer>> next;
    while (!(next = s.nextAssignments()).isEmpty()) {
      asked.add(only(next).peer());
      s.onFailure(0, only(next).peer(), FailureKind.TRANSPORT);
    }
    assertThat(asked).hasSize(12).doesNotHaveDuplicates();
  }

  @Test
  void shouldIgnoreALateAnswerWhenTheTryWasAlreadyRetriedElsewhere() {
    RequestScheduler<Integer, String> s = scheduler(1, A, B);
    s.add(1);
    s.nextAssignments();
    s.onFailure(0, A, FailureKind.TIMEOUT);
    only(s.nextAssignments());
    assertThat(s.onSuccess(0, A, "late")).isEqualTo(Ack.STALE);
    assertThat(s.onFailure(0, A, FailureKind.TRANSPORT)).isEqualTo(Ack.STALE);
    assertThat(s.onSuccess(0, B, "fresh")).isEqualTo(Ack.ACCEPTED);
    assertThat(s.drainInOrder()).containsExactly(new Released.Delivered<>(0, 1, "fresh", B));
  }

  @Test
  void shouldRetryElsewhereWhenThePeerLeavesWithARequestOut() {
    RequestScheduler<Integer, String> s = scheduler(2, A, B);
    s.addAll(List.of(1, 2));
    s.nextAssignments();
    s.removePeer(A);
    Assignment<Integer> retry = only(s.nextAssignments());
    assertThat(retry.index()).isZero();
    assertThat(retry.peer()).isEqualTo(B);
    assertThat(s.addPeer(A)).isTrue();
  }

  @Test
  void shouldFailEverythingOutstandingWhenTheLastPeerLeaves() {
    RequestScheduler<Integer, String> s = scheduler(2, A);
    s.addAll(List.of(1, 2, 3));
    s.nextAssignments();
    s.removePeer(A);
    assertThat(s.drainInOrder()).extracting(r -> ((Released.Failed<Integer, String>) r).lastFailure())
        .containsExactly(FailureKind.PEER_LEFT, FailureKind.PEER_LEFT);
    s.nextAssignments();
    assertThat(s.drainInOrder()).containsExactly(new Released.Failed<>(2, 3, FailureKind.NO_PEERS, 0));
  }

  @Test
  void shouldKeepTheWindowFullWhenResultsAreNotDrained() {
    RequestScheduler<Integer, String> s = scheduler(2, A, B);
    s.addAll(List.of(1, 2, 3, 4, 5));
    assertThat(s.nextAssignments()).hasSize(2);
    s.onSuccess(0, A, "a");
    assertThat(s.nextAssignments()).isEmpty();
    assertThat(s.drainInOrder()).hasSize(1);
    assertThat(s.nextAssignments()).extracting(Assignment::request).containsExactly(3);
  }

  @Test
  void shouldRetryAndExcludeWhenTheInOrderCheckRejectsAResult() {
    RequestScheduler<Integer, String> s = scheduler(2, A, B);
    s.addAll(List.of(1, 2));
    s.nextAssignments();
    s.onSuccess(0, A, "forged");
    s.onSuccess(1, B, "good");
    List<String> checked = new ArrayList<>();
    InOrderCheck<Integer, String> check = (request, result, peer) -> {
      checked.add(result);
      return result.equals("forged") ? Optional.of(FailureKind.INVALID) : Optional.empty();
    };
    assertThat(s.drainInOrder(check)).isEmpty();
    assertThat(s.excluded()).containsExactly(A);
    Assignment<Integer> retry = only(s.nextAssignments());
    assertThat(retry.peer()).isEqualTo(B);
    s.onSuccess(0, B, "honest");
    assertThat(s.drainInOrder(check)).extracting(r -> ((Released.Delivered<Integer, String>) r).result())
        .containsExactly("honest", "good");
    assertThat(checked).containsExactly("forged", "honest", "good");
  }

  @Test
  void shouldForgetRequestsBeyondTheCutWhenTruncated() {
    RequestScheduler<Integer, String> s = scheduler(3, A);
    s.addAll(List.of(1, 2, 3, 4, 5));
    s.nextAssignments();
    s.onSuccess(2, A, "c");
    s.truncate(2);
    assertThat(s.onSuccess(1, A, "b")).isEqualTo(Ack.ACCEPTED);
    s.onSuccess(0, A, "a");
    assertThat(s.drainInOrder()).extracting(Released::request).containsExactly(1, 2);
    assertThat(s.isIdle()).isTrue();
    assertThat(s.add(9)).isEqualTo(2);
  }
}
