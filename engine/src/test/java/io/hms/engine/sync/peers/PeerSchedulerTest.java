package io.hms.engine.sync.peers;

import static org.assertj.core.api.Assertions.assertThat;

import io.hms.engine.sync.PeerId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PeerSchedulerTest {
    static final long MS = 1_000_000;
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final PeerId A = new PeerId("A");
    static final PeerId B = new PeerId("B");
    static final PeerId C = new PeerId("C");

    long now;
    final PeerScheduler scheduler = new PeerScheduler(SchedulingSettings.DEFAULTS, TIMEOUT, () -> now);

    /** {@code peer} answers {@code n} requests one after the other, each taking {@code ms}. */
    void measure(PeerId peer, long ms, int n) {
        for (int i = 0; i < n; i++) {
            Dispatch d = open(peer);
            now += ms * MS;
            scheduler.ended(d.ticket(), TryOutcome.ANSWERED);
        }
    }

    /** Dispatches until {@code peer} gets one (others' tickets stay open). */
    Dispatch open(PeerId peer) {
        Set<PeerId> others = new java.util.HashSet<>(Set.of(A, B, C));
        others.remove(peer);
        Dispatch d = scheduler.dispatch(others).orElseThrow();
        assertThat(d.peer()).isEqualTo(peer);
        return d;
    }

    /** A and B each answer one "chunk" sent together: B after 100 ms, A after 800 ms. */
    void measureChunks(PeerScheduler s) {
        Dispatch atA = s.dispatch("chunk", Set.of(B), p -> true).orElseThrow();
        Dispatch atB = s.dispatch("chunk", Set.of(A), p -> true).orElseThrow();
        now += 100 * MS;
        s.ended(atB.ticket(), TryOutcome.ANSWERED);
        now += 700 * MS;
        s.ended(atA.ticket(), TryOutcome.ANSWERED);
    }

    @Test
    void shouldAskAPeerWhoseConnectionIsGoneNothingMoreUntilItIsAddedAgain() {
        scheduler.add(A);
        scheduler.add(B);
        measure(B, 20, 1);
        measure(A, 10, 1); // A is the faster: it would be asked first
        Dispatch atA = scheduler.dispatch(Set.of()).orElseThrow();
        assertThat(atA.peer()).isEqualTo(A);
        Dispatch open = open(A); // another request still open there when the connection closes

        scheduler.ended(atA.ticket(), TryOutcome.GONE);

        // even a retry that B has already failed goes to B, and so does every new request
        assertThat(scheduler.dispatch(Set.of(B)).map(Dispatch::peer)).contains(B);
        assertThat(scheduler.dispatch(Set.of()).map(Dispatch::peer)).contains(B);
        assertThat(scheduler.size()).isOne();
        scheduler.ended(open.ticket(), TryOutcome.GONE); // its other tickets end without harm

        scheduler.add(A); // it joined again
        assertThat(scheduler.dispatch(Set.of(B)).map(Dispatch::peer)).contains(A);
    }

    @Test
    void shouldNotDuplicateAnOverdueRequestOnAPeerThatWouldAnswerLaterStill() {
        scheduler.add(A);
        scheduler.add(B);
        measure(A, 400, 2);
        measure(B, 20, 2);
        Dispatch d = scheduler.dispatch(Set.of()).orElseThrow();
        assertThat(d.peer()).isEqualTo(B);

        now += 100 * MS; // 5 x its 20 ms, but A takes 400 ms

        assertThat(scheduler.hedge(d.ticket(), Set.of(B))).isInstanceOf(HedgeDecision.Wait.class);
    }

    @Test
    void shouldReAskTheRequestHoldingTheHeadAsSoonAsWaitingCostsMore() {
        scheduler.add(A);
        scheduler.add(B);
        measure(A, 400, 2);
        measure(B, 100, 2);
        Dispatch head = scheduler.dispatch(Set.of(B)).orElseThrow(); // the oldest open request, at A
        Dispatch later = scheduler.dispatch(Set.of(B)).orElseThrow();
        assertThat(List.of(head.peer(), later.peer())).containsOnly(A);

        now += 50 * MS; // at A: 350 ms left of the head, 750 ms of the other; B answers in 100 ms

        // 350 > 1 x 100: the head is re-asked; 750 > 2 x 100 too, but only one duplicate fits B's window
        assertThat(scheduler.hedge(head.ticket(), Set.of(A)))
                .isInstanceOfSatisfying(
                        HedgeDecision.Hedge.class,
                        h -> assertThat(h.dispatch().peer()).isEqualTo(B));
    }

    @Test
    void shouldKeepTheWiderMarginForARequestBehindTheHead() {
        scheduler.add(A);
        scheduler.add(B);
        scheduler.add(C);
        measure(A, 400, 2);
        measure(B, 250, 2);
        measure(C, 100, 2);
        Dispatch older = scheduler.dispatch(Set.of(A, B)).orElseThrow();
        Dispatch r = scheduler.dispatch(Set.of(B, C)).orElseThrow();
        assertThat(List.of(older.peer(), r.peer())).containsExactly(C, A);
        now += 50 * MS; // 350 ms left of r at A; B answers in 250 ms

        assertThat(scheduler.hedge(r.ticket(), Set.of(A, C)))
                .as("behind the head: 350 ms is less than 2 x 250 ms")
                .isInstanceOf(HedgeDecision.Wait.class);
        scheduler.ended(older.ticket(), TryOutcome.ANSWERED);
        assertThat(scheduler.hedge(r.ticket(), Set.of(A, C)))
                .as("now the head: 350 ms is more than 250 ms")
                .isInstanceOfSatisfying(
                        HedgeDecision.Hedge.class,
                        h -> assertThat(h.dispatch().peer()).isEqualTo(B));
    }

    @Test
    void shouldGiveNothingWhenTheClusterHasNoPeers() {
        assertThat(scheduler.dispatch(Set.of())).isEmpty();
    }

    @Test
    void shouldPreferTheFasterPeerWhenBothAreMeasured() {
        scheduler.add(A);
        scheduler.add(B);
        measure(A, 100, 3);
        measure(B, 10, 3);

        assertThat(scheduler.dispatch(Set.of()).orElseThrow().peer()).isEqualTo(B);
    }

    @Test
    void shouldSpreadOverPeersByExpectedCompletionWhenTheFastOneFillsUp() {
        scheduler.add(A);
        scheduler.add(B);
        measure(A, 40, 3); // 25 answers/s
        measure(B, 10, 3); // 100 answers/s

        List<PeerId> picks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            picks.add(scheduler.dispatch(Set.of()).orElseThrow().peer());
        }

        // B answers its 4th queued request after 40 ms, when A would answer a first one: 8 to 2
        assertThat(Collections.frequency(picks, B)).isEqualTo(8);
        assertThat(Collections.frequency(picks, A)).isEqualTo(2);
    }

    @Test
    void shouldPreferAnUntriedPeerWhenRetrying() {
        scheduler.add(A);
        scheduler.add(B);
        measure(A, 10, 3);
        measure(B, 100, 3);

        assertThat(scheduler.dispatch(Set.of(A)).orElseThrow().peer()).isEqualTo(B);
        assertThat(scheduler.dispatch(Set.of(A, B)).orElseThrow().peer()).isEqualTo(A);
    }

    @Test
    void shouldAskASilentPeerNoMoreAfterOneTimeoutWhileAnotherPeerIsLeft() {
        scheduler.add(A);
        scheduler.add(B);
        measure(A, 10, 3);
        Dispatch toB = open(B);
        now += TIMEOUT.toNanos();
        scheduler.ended(toB.ticket(), TryOutcome.TIMED_OUT);

        assertThat(scheduler.isSuspect(B)).isTrue();
        for (int i = 0; i < 20; i++) {
            assertThat(scheduler.dispatch(Set.of()).orElseThrow().peer()).isEqualTo(A);
        }
        Dispatch probe = scheduler.dispatch(Set.of(A)).orElseThrow();
        assertThat(probe.peer())
                .as("the one probe, for a request A already failed")
                .isEqualTo(B);
        assertThat(scheduler.dispatch(Set.of(A)).orElseThrow().peer())
                .as("not a second one while the probe is open")
                .isEqualTo(A);
        scheduler.ended(probe.ticket(), TryOutcome.ANSWERED);
        assertThat(scheduler.isSuspect(B)).as("it proved alive").isFalse();
    }

    @Test
    void shouldDuplicateAnOverdueRequestOnAPeerWithRoom() {
        scheduler.add(A);
        scheduler.add(B);
        measure(A, 20, 3);
        measure(B, 20, 3);
        Dispatch d = scheduler.dispatch(Set.of()).orElseThrow();

        now += 20 * MS;
        assertThat(scheduler.hedge(d.ticket(), Set.of(d.peer())))
                .as("on time: not yet")
                .isInstanceOf(HedgeDecision.Wait.class);
        now += 30 * MS; // 50 ms > 2 x 20 ms

        HedgeDecision h = scheduler.hedge(d.ticket(), Set.of(d.peer()));
        assertThat(h)
                .isInstanceOfSatisfying(
                        HedgeDecision.Hedge.class,
                        x -> assertThat(x.dispatch().peer()).isNotEqualTo(d.peer()));
    }

    @Test
    void shouldQueueAtAFastPeerRatherThanSendToOneThatWouldAnswerLater() {
        scheduler.add(A);
        scheduler.add(B);
        measure(A, 400, 2);
        measure(B, 10, 2);

        List<PeerId> picks = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            picks.add(scheduler.dispatch(Set.of()).orElseThrow().peer());
        }

        // B answers its 30th queued request after 300 ms, before A would answer one (issue 12)
        assertThat(picks).containsOnly(B);
    }

    @Test
    void shouldMeasureEachKindOfRequestOnItsOwn() {
        scheduler.add(A);
        scheduler.add(B);
        for (int i = 0; i < 3; i++) { // small answers: both fast
            Dispatch a = scheduler.dispatch("info", Set.of(B), p -> true).orElseThrow();
            Dispatch b = scheduler.dispatch("info", Set.of(A), p -> true).orElseThrow();
            now += 10 * MS;
            scheduler.ended(a.ticket(), TryOutcome.ANSWERED);
            scheduler.ended(b.ticket(), TryOutcome.ANSWERED);
        }
        measureChunks(scheduler); // large answers: B 8x faster

        List<PeerId> chunks = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            chunks.add(scheduler
                    .dispatch("chunk", Set.of(), p -> true)
                    .orElseThrow()
                    .peer());
        }
        assertThat(chunks).containsOnly(B);
        assertThat(scheduler.dispatch("info", Set.of(), p -> true).orElseThrow().peer())
                .isEqualTo(A);
    }

    @Test
    void shouldStartANewClusterFromWhatEarlierClustersMeasured() {
        PeerSpeeds known = new PeerSpeeds();
        PeerScheduler first = new PeerScheduler(SchedulingSettings.DEFAULTS, TIMEOUT, () -> now, known);
        first.add(A);
        first.add(B);
        measureChunks(first);

        PeerScheduler next = new PeerScheduler(SchedulingSettings.DEFAULTS, TIMEOUT, () -> now, known);
        next.add(A);
        next.add(B);
        List<PeerId> picks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            picks.add(next.dispatch("chunk", Set.of(), p -> true).orElseThrow().peer());
        }

        assertThat(picks).containsOnly(B); // without the earlier measurement, two went to A
    }

    @Test
    void shouldDuplicateEarlyWhenAnotherPeerIsMuchFaster() {
        scheduler.add(A);
        scheduler.add(B);
        measure(A, 400, 2);
        measure(B, 10, 2);
        List<Dispatch> atB = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            atB.add(scheduler.dispatch(Set.of(A)).orElseThrow()); // B fills up to its maximum window
        }
        Dispatch slow = scheduler.dispatch(Set.of(B)).orElseThrow(); // a retry: A has not tried it
        assertThat(slow.peer()).isEqualTo(A);
        now += 10 * MS;
        atB.forEach(d -> scheduler.ended(d.ticket(), TryOutcome.ANSWERED)); // B has room again

        now += 50 * MS; // 340 ms left at A, B answers in about 10 ms
        assertThat(scheduler.hedge(slow.ticket(), Set.of(A)))
                .isInstanceOfSatisfying(
                        HedgeDecision.Hedge.class,
                        h -> assertThat(h.dispatch().peer()).isEqualTo(B));
    }

    @Test
    void shouldNotDuplicateBeyondTheLimitNorToAPeerThatHadTheRequest() {
        PeerScheduler one = new PeerScheduler(SchedulingSettings.DEFAULTS.withMaxHedges(1), TIMEOUT, () -> now);
        one.add(A);
        one.add(B);
        one.add(C);
        Dispatch first = one.dispatch(Set.of(B, C)).orElseThrow();
        Dispatch second = one.dispatch(Set.of(B, C)).orElseThrow();
        now += TIMEOUT.toNanos() / 2;

        assertThat(one.hedge(first.ticket(), Set.of(A, B)))
                .isInstanceOfSatisfying(
                        HedgeDecision.Hedge.class,
                        h -> assertThat(h.dispatch().peer()).isEqualTo(C));
        assertThat(one.hedge(second.ticket(), Set.of(A)))
                .as("one duplicate open already")
                .isInstanceOf(HedgeDecision.Wait.class);
    }

    /**
     * Symmetry (STYLE 26): the same measurements fed with the peers added in every order give the
     * same decisions.
     */
    @Test
    void shouldDecideTheSameWhateverOrderThePeersWereAddedIn() {
        List<List<PeerId>> orders = List.of(
                List.of(A, B, C),
                List.of(A, C, B),
                List.of(B, A, C),
                List.of(B, C, A),
                List.of(C, A, B),
                List.of(C, B, A));
        SplittableRandom seeds = new SplittableRandom(12);
        for (int run = 0; run < 50; run++) {
            long seed = seeds.nextLong();
            List<String> first = null;
            for (List<PeerId> order : orders) {
                List<String> decisions = script(order, new SplittableRandom(seed));
                if (first == null) {
                    first = decisions;
                }
                assertThat(decisions).as("seed " + seed + " order " + order).isEqualTo(first);
            }
        }
    }

    /** Random dispatches, answers, timeouts and hedge checks; the decisions as text. */
    static List<String> script(List<PeerId> order, SplittableRandom r) {
        long[] clock = {0};
        PeerScheduler s = new PeerScheduler(SchedulingSettings.DEFAULTS, TIMEOUT, () -> clock[0]);
        order.forEach(s::add);
        List<String> out = new ArrayList<>();
        List<Dispatch> open = new ArrayList<>();
        for (int step = 0; step < 60; step++) {
            clock[0] += r.nextInt(1, 50) * MS;
            int op = r.nextInt(4);
            if (op == 0 || open.isEmpty()) {
                Dispatch d = s.dispatch(Set.of()).orElseThrow();
                open.add(d);
                out.add("dispatch " + d);
            } else {
                Dispatch d = open.remove(r.nextInt(open.size()));
                if (op == 3) {
                    out.add("hedge " + s.hedge(d.ticket(), Set.of(d.peer())));
                    open.add(d);
                } else {
                    s.ended(d.ticket(), op == 1 ? TryOutcome.ANSWERED : TryOutcome.TIMED_OUT);
                }
            }
        }
        return out;
    }
}
