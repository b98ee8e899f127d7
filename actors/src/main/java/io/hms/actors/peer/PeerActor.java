package io.hms.actors.peer;

import io.hms.actors.network.DisconnectReason;
import io.hms.actors.network.Network;
import io.hms.actors.network.NetworkFailure;
import io.hms.actors.serialization.CborSerializable;
import io.hms.actors.settings.SyncActorSettings.Pacing;
import io.hms.engine.sync.PeerId;
import io.hms.protocol.message.Request;
import io.hms.protocol.message.RequestType;
import io.hms.protocol.message.Response;
import io.hms.protocol.message.TransportError;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One connected peer: every request to it goes through here. It numbers requests, keeps at most
 * the {@link RequestPacer}'s window outstanding (queuing the rest in order), and answers every
 * request exactly once — with the response, or with a typed failure.
 *
 * <p>Each request has one deadline, fixed when it is handed over ({@link Send#timeout} from its
 * arrival here) and kept by one timer, whatever phase the request is in when it passes: still
 * queued or paced, it fails as {@code OVERLOADED}; sent and unanswered, as {@code TIMEOUT}. The
 * network is given what is left of the deadline, so its own timeout agrees. A {@code RATE_LIMITED}
 * or {@code BUSY} answer is no failure: the request goes back to the front of the queue and the
 * pacer slows this peer down (SPEC §0 "Scale", PROTOCOL.md §7.2), so the asker never sees it —
 * unless the deadline passes first. Askers wait {@link #replyWithin} at most: the deadline and a
 * margin, which only matters when this actor has stopped and will never answer.
 */
public final class PeerActor extends AbstractBehavior<PeerActor.Command> {

    /** Messages this actor handles; those that cross actors are also {@link CborSerializable}. */
    public sealed interface Command {}

    /**
     * Send {@code request}; the answer goes to {@code replyTo} at the latest {@code timeout} after
     * this actor receives it (queueing, pacing and the peer's answer included).
     */
    public record Send(Request request, Duration timeout, ActorRef<PeerReply> replyTo)
            implements Command, CborSerializable {
        public Send {
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(replyTo, "replyTo");
        }
    }

    /** Close the connection; the network then reports the peer as left. */
    public record Disconnect(DisconnectReason reason) implements Command, CborSerializable {}

    /** The peer left: fail what is outstanding and stop. */
    public enum Leave implements Command, CborSerializable {
        INSTANCE
    }

    private record Completed(long seq, long generation, Response response, NetworkFailure failure) implements Command {}

    private record DeadlinePassed(long seq) implements Command {}

    private enum Resume implements Command {
        INSTANCE
    }

    /** A Send in this actor's hands, from arrival to answer. */
    private static final class Held {
        final long seq;
        final Send send;
        final long deadlineMillis;
        long requestId = -1;
        long generation;
        /** Bumped each time it is sent, so that an answer to an earlier sending is recognised. */
        long sendings;

        Held(long seq, Send send, long deadlineMillis) {
            this.seq = seq;
            this.send = send;
            this.deadlineMillis = deadlineMillis;
        }

        boolean inFlight() {
            return requestId >= 0;
        }
    }

    private final PeerId peer;
    private final Network network;
    private final RequestPacer pacer;
    private final Clock clock;
    private final TimerScheduler<Command> timers;
    private final Map<Long, Held> held = new HashMap<>();
    private final ArrayDeque<Held> queued = new ArrayDeque<>();
    private int inFlight;
    private long nextRequestId;
    private long nextSeq;

    public static Behavior<Command> create(PeerId peer, Network network, int maxInFlight, Pacing pacing, Clock clock) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
                new PeerActor(ctx, timers, peer, network, new RequestPacer(pacing, maxInFlight, clock), clock)));
    }

    /**
     * How long an asker waits for the answer to a {@link Send} with {@code timeout}: the deadline and
     * {@code margin} ({@code hms.sync.reply-margin}) for the hops; longer only if this actor is gone.
     */
    public static Duration replyWithin(Duration timeout, Duration margin) {
        return timeout.plus(margin);
    }

    private PeerActor(
            ActorContext<Command> context,
            TimerScheduler<Command> timers,
            PeerId peer,
            Network network,
            RequestPacer pacer,
            Clock clock) {
        super(context);
        context.setLoggerName(PeerActor.class);
        this.timers = timers;
        this.peer = peer;
        this.network = network;
        this.pacer = pacer;
        this.clock = clock;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Send.class, this::onSend)
                .onMessage(Disconnect.class, this::onDisconnect)
                .onMessageEquals(Leave.INSTANCE, this::onLeave)
                .onMessage(Completed.class, this::onCompleted)
                .onMessage(DeadlinePassed.class, this::onDeadlinePassed)
                .onMessageEquals(Resume.INSTANCE, this::onResume)
                .build();
    }

    private Behavior<Command> onSend(Send send) {
        Held h = new Held(nextSeq++, send, clock.millis() + send.timeout().toMillis());
        held.put(h.seq, h);
        timers.startSingleTimer(h.seq, new DeadlinePassed(h.seq), send.timeout());
        queued.addLast(h);
        startQueued();
        return this;
    }

    private Behavior<Command> onDisconnect(Disconnect d) {
        getContext().getLog().debug("disconnecting peer={} reason={}", peer, d.reason());
        network.disconnect(peer, d.reason());
        return this;
    }

    private Behavior<Command> onLeave() {
        for (Held h : held.values()) {
            fail(h, NetworkFailure.Kind.DISCONNECTED, "peer left");
        }
        held.clear();
        queued.clear();
        return Behaviors.stopped();
    }

    private Behavior<Command> onCompleted(Completed c) {
        Held h = held.get(c.seq());
        if (h == null || !h.inFlight() || h.sendings != c.generation()) {
            return this; // its deadline passed before; the late answer is dropped
        }
        inFlight--;
        if (c.response() != null) {
            pacer.answered();
            finish(h);
            h.send.replyTo().tell(new PeerReply.Answered(peer, h.requestId, c.response()));
        } else if (asksToPace(c.failure())) {
            onRateLimited(h);
        } else {
            finish(h);
            fail(h, c.failure().kind(), c.failure().getMessage());
        }
        startQueued();
        return this;
    }

    /** The request's one timer: whichever phase it is in, it fails now. */
    private Behavior<Command> onDeadlinePassed(DeadlinePassed d) {
        Held h = held.remove(d.seq());
        if (h == null) {
            return this;
        }
        if (h.inFlight()) {
            inFlight--;
            fail(h, NetworkFailure.Kind.TIMEOUT, "no answer within " + h.send.timeout());
            startQueued();
        } else {
            queued.remove(h);
            fail(h, NetworkFailure.Kind.OVERLOADED, "not sent within " + h.send.timeout() + " (queued or paced)");
        }
        return this;
    }

    private Behavior<Command> onResume() {
        startQueued();
        return this;
    }

    /** The peer refused (its quota, or a full serving pool): slow down and send it again before its deadline. */
    private void onRateLimited(Held h) {
        boolean slowed = pacer.rateLimited(h.generation);
        getContext()
                .getLog()
                .debug(
                        "rate limited peer={} id={} slowedDown={} window={} pause={}",
                        peer,
                        h.requestId,
                        slowed,
                        pacer.window(),
                        pacer.pauseLeft());
        h.requestId = -1;
        queued.addFirst(h);
    }

    private void start(Held h) {
        long left = h.deadlineMillis - clock.millis();
        h.requestId = nextRequestId++;
        h.generation = pacer.generation();
        long sending = ++h.sendings;
        inFlight++;
        Send send = h.send;
        getContext()
                .getLog()
                .debug(
                        "request peer={} id={} type={}",
                        peer,
                        h.requestId,
                        send.request().type());
        long seq = h.seq;
        Duration timeout = Duration.ofMillis(Math.max(1, left));
        getContext().pipeToSelf(request(network, peer, send.request(), timeout), (response, error) -> {
            if (error == null) {
                return new Completed(seq, sending, response, null);
            }
            Throwable cause =
                    error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof NetworkFailure nf) {
                return new Completed(seq, sending, null, nf);
            }
            return new Completed(
                    seq, sending, null, new NetworkFailure(NetworkFailure.Kind.REMOTE_ERROR, String.valueOf(cause)));
        });
    }

    private void startQueued() {
        while (!queued.isEmpty() && pacer.mayStart(inFlight)) {
            start(queued.pollFirst());
        }
        Duration pause = pacer.pauseLeft();
        if (!queued.isEmpty() && !pause.isZero()) {
            timers.startSingleTimer(Resume.INSTANCE, Resume.INSTANCE, pause);
        }
    }

    /** The request is answered: its deadline no longer matters. */
    private void finish(Held h) {
        held.remove(h.seq);
        timers.cancel(h.seq);
    }

    private void fail(Held h, NetworkFailure.Kind kind, String detail) {
        h.send.replyTo().tell(new PeerReply.Failed(peer, h.requestId, kind, detail));
    }

    /** RATE_LIMITED (our quota at that peer is used up) or BUSY (its serving pool is full): pace it. */
    private static boolean asksToPace(NetworkFailure failure) {
        return failure.kind() == NetworkFailure.Kind.REMOTE_ERROR
                && failure.remoteError()
                        .filter(e -> e == TransportError.RATE_LIMITED || e == TransportError.BUSY)
                        .isPresent();
    }

    /** Sends a request of any family: its type is known only at run time. */
    @SuppressWarnings("unchecked")
    static <Q extends Request> CompletionStage<Response> request(Network network, PeerId peer, Q request, Duration t) {
        RequestType<Q, ?> type = (RequestType<Q, ?>) request.type();
        return network.request(peer, type, request, t).thenApply(r -> (Response) r);
    }
}
