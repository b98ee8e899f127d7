package io.hms.actors.cluster;

import io.hms.actors.peer.PeerActor;
import io.hms.actors.peer.PeerReply;
import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.fault.PeerFault;
import io.hms.protocol.message.Request;
import io.hms.protocol.message.Response;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * One request, tried on the cluster's peers until an answer passes a {@link Judge} (SPEC §4.8,
 * without the original's queue: ordering and the window come from the stream's {@code mapAsync}).
 * Each try asks the ClusterActor for a peer — preferring one that has not tried this request —
 * and sends through that peer's PeerActor. A failed or timed-out try moves on to another peer; an
 * answer that proves the peer wrong is reported, and the ClusterActor never picks that peer again.
 * A peer's RATE_LIMITED or BUSY answer never reaches here: its PeerActor paces the peer and sends again.
 * Stateless and thread-safe: the state of one request travels in its {@link Tries}.
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
    private final Duration requestTimeout;
    private final Duration replyWithin;

    /** {@code replyWithin}: how long a PeerActor may take to answer a Send ({@link PeerActor#replyWithin}). */
    PeerFetch(
            ActorRef<ClusterActor.Command> cluster,
            Scheduler scheduler,
            Duration requestTimeout,
            Duration replyWithin) {
        this.cluster = cluster;
        this.scheduler = scheduler;
        this.requestTimeout = requestTimeout;
        this.replyWithin = replyWithin;
    }

    <T> CompletionStage<Result<T>> fetch(Request request, Judge<T> judge, Tries tries) {
        return AskPattern.<ClusterActor.Command, PeerChoice>ask(
                        cluster,
                        replyTo -> new ClusterActor.PickPeer(tries.tried(), replyTo),
                        requestTimeout,
                        scheduler)
                .handle((choice, error) -> choice)
                .thenCompose(choice -> {
                    if (!(choice instanceof PeerChoice.Picked picked)) {
                        return CompletableFuture.completedFuture(
                                new GaveUp<>(tries, "no peer left; last failure: " + tries.lastFailure()));
                    }
                    if (tries.count() >= picked.attempts()) {
                        return CompletableFuture.completedFuture(
                                new GaveUp<>(tries, tries.count() + " tries failed; last: " + tries.lastFailure()));
                    }
                    return send(picked, request)
                            .thenCompose(reply -> judged(request, judge, tries, picked.peer(), reply));
                });
    }

    private CompletionStage<PeerReply> send(PeerChoice.Picked picked, Request request) {
        return AskPattern.<PeerActor.Command, PeerReply>ask(
                        picked.ref(),
                        replyTo -> new PeerActor.Send(request, requestTimeout, replyTo),
                        replyWithin,
                        scheduler)
                .handle((reply, error) -> reply != null
                        ? reply
                        : new PeerReply.Failed(
                                picked.peer(),
                                -1,
                                io.hms.actors.network.NetworkFailure.Kind.TIMEOUT,
                                "peer actor did not answer: " + error));
    }

    private <T> CompletionStage<Result<T>> judged(
            Request request, Judge<T> judge, Tries tries, PeerId peer, PeerReply reply) {
        if (reply instanceof PeerReply.Failed failed) {
            return fetch(request, judge, tries.after(peer, failed.kind() + " from " + peer + ": " + failed.detail()));
        }
        return judge.judge(peer, ((PeerReply.Answered) reply).response())
                .thenCompose(verdict -> routed(request, judge, tries, peer, verdict));
    }

    private <T> CompletionStage<Result<T>> routed(
            Request request, Judge<T> judge, Tries tries, PeerId peer, Verdict<T> verdict) {
        if (verdict instanceof Ok<T> ok) {
            return CompletableFuture.completedFuture(new Got<>(ok.value(), peer, tries.after(peer, "none")));
        }
        if (verdict instanceof Wrong<T> wrong) {
            cluster.tell(new ClusterActor.Misbehaved(peer, wrong.fault(), wrong.detail()));
            return fetch(
                    request,
                    judge,
                    tries.afterLie(peer, wrong.fault().name() + " from " + peer + ": " + wrong.detail()));
        }
        return fetch(request, judge, tries.after(peer, ((Unusable<T>) verdict).reason() + " from " + peer));
    }

    /** Tells the cluster that {@code peer}'s answer, though well-formed, proved it wrong. */
    void reportWrong(PeerId peer, PeerFault fault, String detail) {
        cluster.tell(new ClusterActor.Misbehaved(peer, fault, detail));
    }
}
