package io.hms.actors.cluster;

import io.hms.actors.concurrent.PlainStage;
import io.hms.actors.network.NetworkFailure;
import io.hms.actors.peer.PeerActor;
import io.hms.actors.peer.PeerReply;
import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.fault.PeerFault;
import io.hms.engine.sync.peers.TryOutcome;
import io.hms.protocol.message.Request;
import io.hms.protocol.message.Response;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import scala.concurrent.ExecutionContextExecutor;

/**
 * One request, tried on the cluster's peers until an answer passes a {@link Judge} (SPEC §4.8,
 * without the original's queue: ordering and the window come from the stream's {@code mapAsync}).
 * Each try asks the ClusterActor for a peer — its {@code PeerScheduler} picks the one expected to
 * answer first, preferring one that has not tried this request — and sends through that peer's
 * PeerActor, with the request's deadline ({@code request-timeout}); the ask itself waits only a
 * margin longer, so a PeerActor that has stopped costs one timeout. Every try's end is reported
 * to the ClusterActor ({@code TryEnded}), which measures the peer with it.
 *
 * <p>While a try is open, the ClusterActor is asked from time to time whether to send the request
 * to another peer as well (a duplicate, issue 12: the tail of an epoch is not held hostage by one
 * slow peer); the first answer that passes the judge wins, later ones are dropped without blame. A
 * failed or timed-out try moves on to another peer once no try is open; an answer that proves the
 * peer wrong is reported, and the ClusterActor never picks that peer again. A peer's RATE_LIMITED or
 * BUSY answer never reaches here: its PeerActor paces the peer and sends again.
 * Thread-safe: the state of one request lives in its {@link Tries} and one {@code Race}.
 */
final class PeerFetch {

    /**
     * Judges a peer's answer. A judge that does real work (a proof check) runs it on an executor of
     * its own and completes the stage there; the callbacks in here only route the verdict.
     */
    @FunctionalInterface
    interface Judge<T> {
        CompletionStage<Verdict<T>> judge(PeerId peer, Response response);

        /** A judge cheap enough to run on the thread that delivered the answer (a type check). */
        static <T> Judge<T> inline(BiFunction<PeerId, Response, Verdict<T>> check) {
            return (peer, response) -> CompletableFuture.completedFuture(check.apply(peer, response));
        }
    }

    sealed interface Verdict<T> {}

    /** The answer is usable. */
    record Ok<T>(T value) implements Verdict<T> {}

    /** The peer cannot serve it (an error answer); not a lie, so ask another peer. */
    record Unusable<T>(String reason) implements Verdict<T> {}

    /** The answer proves the peer wrong: {@code fault} names the check and whether it lied. */
    record Wrong<T>(PeerFault fault, String detail) implements Verdict<T> {}

    /** The peers a request was sent to so far, how many tries, and why the last one failed. */
    record Tries(Set<PeerId> tried, int count, String lastFailure) {
        Tries {
            tried = Set.copyOf(tried);
        }

        static Tries none() {
            return new Tries(Set.of(), 0, "not tried");
        }

        Tries after(PeerId peer, String failure) {
            Set<PeerId> next = new HashSet<>(tried);
            next.add(peer);
            return new Tries(next, count + 1, failure);
        }

        /**
         * After a try whose answer proved {@code peer} wrong: the peer is out of the cluster for good,
         * so its try is not counted — several liars must not use up the tries the honest peers need.
         */
        Tries afterLie(PeerId peer, String failure) {
            Set<PeerId> next = new HashSet<>(tried);
            next.add(peer);
            return new Tries(next, count, failure);
        }
    }

    sealed interface Result<T> {}

    /** {@code peer} answered with {@code value}; {@code tries} include this one. */
    record Got<T>(T value, PeerId peer, Tries tries) implements Result<T> {}

    /** Every allowed try failed, or no peer is left. */
    record GaveUp<T>(Tries tries, String reason) implements Result<T> {}

    private final ActorRef<ClusterActor.Command> cluster;
    private final Scheduler scheduler;
    private final ExecutionContextExecutor timers;
    private final Duration requestTimeout;
    private final Duration replyWithin;

    /**
     * @param timers runs the duplicate checks' timer callbacks, which only send a message
     * @param replyWithin how long to wait for a PeerActor's answer ({@link PeerActor#replyWithin})
     */
    PeerFetch(
            ActorRef<ClusterActor.Command> cluster,
            Scheduler scheduler,
            ExecutionContextExecutor timers,
            Duration requestTimeout,
            Duration replyWithin) {
        this.cluster = cluster;
        this.scheduler = scheduler;
        this.timers = timers;
        this.requestTimeout = requestTimeout;
        this.replyWithin = replyWithin;
    }

    <T> CompletionStage<Result<T>> fetch(Request request, Judge<T> judge, Tries tries) {
        return choose(replyTo -> new ClusterActor.PickPeer(request, tries.tried(), replyTo))
                .thenCompose(choice -> {
                    if (!(choice instanceof PeerChoice.Picked picked)) {
                        return CompletableFuture.completedFuture(
                                new GaveUp<>(tries, "no peer left; last failure: " + tries.lastFailure()));
                    }
                    if (tries.count() >= picked.attempts()) {
                        cluster.tell(new ClusterActor.TryEnded(picked.ticket(), TryOutcome.LOST));
                        return CompletableFuture.completedFuture(
                                new GaveUp<>(tries, tries.count() + " tries failed; last: " + tries.lastFailure()));
                    }
                    Race<T> race = new Race<>(request, judge, tries);
                    race.send(picked);
                    return race.result;
                });
    }

    private CompletionStage<PeerChoice> choose(Function<ActorRef<PeerChoice>, ClusterActor.Command> ask) {
        // PlainStage: callbacks on the completing thread, never on a thread started per callback
        return PlainStage.of(AskPattern.ask(cluster, ask::apply, requestTimeout, scheduler))
                .handle((choice, error) -> choice);
    }

    /** Tells the cluster that {@code peer}'s answer, though well-formed, proved it wrong. */
    void reportWrong(PeerId peer, PeerFault fault, String detail) {
        cluster.tell(new ClusterActor.Misbehaved(peer, fault, detail));
    }

    private static TryOutcome outcomeOf(PeerReply reply) {
        if (reply instanceof PeerReply.Failed f) {
            return switch (f.kind()) {
                case TIMEOUT -> TryOutcome.TIMED_OUT;
                case OVERLOADED -> TryOutcome.OVERLOADED;
                case DISCONNECTED, UNKNOWN_PEER -> TryOutcome.GONE;
                default -> TryOutcome.LOST;
            };
        }
        return TryOutcome.ANSWERED;
    }

    /** The open tries of one request: the first answer the judge accepts completes {@link #result}. */
    private final class Race<T> {
        final CompletableFuture<Result<T>> result = new CompletableFuture<>();
        final Request request;
        final Judge<T> judge;
        Tries tries;
        final Set<PeerId> open = new HashSet<>();
        int attempts;
        boolean done;
        /**
         * The pending duplicate check, cancelled when the race ends: its timer holds the race, and with
         * it the verified answer, until it fires (up to a request timeout later); about ten seconds of
         * answers kept alive that way took the sync's live heap from 40 to 90 MiB.
         */
        Cancellable pendingCheck;

        Race(Request request, Judge<T> judge, Tries tries) {
            this.request = request;
            this.judge = judge;
            this.tries = tries;
        }

        void send(PeerChoice.Picked picked) {
            synchronized (this) {
                open.add(picked.peer());
                attempts = picked.attempts();
            }
            PlainStage.of(AskPattern.<PeerActor.Command, PeerReply>ask(
                            picked.ref(),
                            replyTo -> new PeerActor.Send(request, requestTimeout, replyTo),
                            replyWithin,
                            scheduler))
                    .handle((reply, error) -> reply != null
                            ? reply
                            : new PeerReply.Failed(
                                    picked.peer(),
                                    -1,
                                    NetworkFailure.Kind.TIMEOUT,
                                    "peer actor did not answer: " + error))
                    .thenAccept(reply -> replied(picked, reply));
            checkLater(picked.ticket(), picked.checkAfter());
        }

        void checkLater(long ticket, Duration after) {
            Cancellable check = scheduler.scheduleOnce(after, () -> checkHedge(ticket), timers);
            synchronized (this) {
                if (done) {
                    check.cancel();
                } else {
                    pendingCheck = check;
                }
            }
        }

        /** Marks the race over (the caller holds the lock) and drops its pending duplicate check. */
        private void finish() {
            done = true;
            if (pendingCheck != null) {
                pendingCheck.cancel();
                pendingCheck = null;
            }
        }

        /** Whether to send the request to another peer too (the cluster decides; this only routes). */
        void checkHedge(long ticket) {
            Set<PeerId> asked;
            synchronized (this) {
                if (done || tries.count() + open.size() >= attempts) {
                    return;
                }
                asked = new HashSet<>(tries.tried());
                asked.addAll(open);
            }
            choose(replyTo -> new ClusterActor.PickHedge(ticket, request, asked, replyTo))
                    .thenAccept(choice -> {
                        if (choice instanceof PeerChoice.Picked picked) {
                            boolean stillOpen;
                            synchronized (this) {
                                stillOpen = !done;
                            }
                            if (stillOpen) {
                                send(picked);
                            } else {
                                cluster.tell(new ClusterActor.TryEnded(picked.ticket(), TryOutcome.LOST));
                            }
                        } else if (choice instanceof PeerChoice.Later later) {
                            checkLater(ticket, later.checkAfter());
                        }
                    });
        }

        void replied(PeerChoice.Picked picked, PeerReply reply) {
            cluster.tell(new ClusterActor.TryEnded(picked.ticket(), outcomeOf(reply)));
            synchronized (this) {
                if (done) {
                    return; // another peer's answer won: this one is dropped, and no fault of its peer
                }
            }
            if (reply instanceof PeerReply.Failed failed) {
                ended(
                        picked.peer(),
                        t -> t.after(picked.peer(), failed.kind() + " from " + picked.peer() + ": " + failed.detail()));
                return;
            }
            judge.judge(picked.peer(), ((PeerReply.Answered) reply).response())
                    .thenAccept(verdict -> judged(picked.peer(), verdict));
        }

        void judged(PeerId peer, Verdict<T> verdict) {
            if (verdict instanceof Ok<T> ok) {
                synchronized (this) {
                    if (done) {
                        return;
                    }
                    finish();
                    tries = tries.after(peer, "none");
                }
                result.complete(new Got<>(ok.value(), peer, tries));
            } else if (verdict instanceof Wrong<T> wrong) {
                reportWrong(peer, wrong.fault(), wrong.detail());
                ended(peer, t -> t.afterLie(peer, wrong.fault().name() + " from " + peer + ": " + wrong.detail()));
            } else {
                ended(peer, t -> t.after(peer, ((Unusable<T>) verdict).reason() + " from " + peer));
            }
        }

        /** A try at {@code peer} failed; when no other is open, the request moves on to another peer. */
        void ended(PeerId peer, UnaryOperator<Tries> update) {
            Tries next;
            synchronized (this) {
                if (done) {
                    return;
                }
                tries = update.apply(tries);
                open.remove(peer);
                if (!open.isEmpty()) {
                    return;
                }
                finish();
                next = tries;
            }
            fetch(request, judge, next).whenComplete((r, e) -> {
                if (e != null) {
                    result.completeExceptionally(e);
                } else {
                    result.complete(r);
                }
            });
        }
    }
}
