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
 * request exactly once — with the response, or with a failure when the network fails it, when its
 * timeout (plus a grace period, in case a network breaks its own timeout promise) passes, or when
 * the peer leaves. A {@code RATE_LIMITED} or {@code BUSY} answer is no failure: the request goes
 * back to the front of the queue and the pacer slows this peer down (SPEC §0 "Scale", PROTOCOL.md
 * §7.2), so the asker never sees it.
 * A request that cannot be sent within {@code maxQueueWait} of its arrival fails as {@code
 * OVERLOADED}; hence every {@link Send} is answered within {@link #replyWithin}.
 */
public final class PeerActor extends AbstractBehavior<PeerActor.Command> {

    /** Extra time past a request's timeout before this actor gives up on the network. */
    static final Duration GRACE = Duration.ofSeconds(1);

    /** Messages this actor handles; those that cross actors are also {@link CborSerializable}. */
    public sealed interface Command {}

    /** Send {@code request}; the answer goes to {@code replyTo} within {@link #replyWithin}. */
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

    private record Completed(long requestId, Response response, NetworkFailure failure) implements Command {}

    private record TimedOut(long requestId) implements Command {}

    private record HoldExpired(long seq) implements Command {}

    private enum Resume implements Command {
        INSTANCE
    }

    private record HoldKey(long seq) {}

    /** A Send in this actor's hands: {@code expired} once it has waited {@code maxQueueWait}. */
    private static final class Held {
        final long seq;
        final Send send;
        boolean expired;
        long generation;

        Held(long seq, Send send) {
            this.seq = seq;
            this.send = send;
        }
    }

    private final PeerId peer;
    private final Network network;
    private final Duration maxQueueWait;
    private final RequestPacer pacer;
    private final TimerScheduler<Command> timers;
    private final Map<Long, Held> inFlight = new HashMap<>();
    private final ArrayDeque<Held> queued = new ArrayDeque<>();
    private long nextRequestId;
    private long nextSeq;

    public static Behavior<Command> create(PeerId peer, Network network, int maxInFlight, Pacing pacing, Clock clock) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new PeerActor(
                ctx, timers, peer, network, pacing.maxQueueWait(), new RequestPacer(pacing, maxInFlight, clock))));
    }

    /** How long a {@link Send} with {@code timeout} may take to be answered at most, and a margin. */
    public static Duration replyWithin(Duration timeout, Pacing pacing) {
        return pacing.maxQueueWait().plus(timeout).plus(GRACE).plus(Duration.ofSeconds(2));
    }

    private PeerActor(
            ActorContext<Command> context,
            TimerScheduler<Command> timers,
            PeerId peer,
            Network network,
            Duration maxQueueWait,
            RequestPacer pacer) {
        super(context);
        context.setLoggerName(PeerActor.class);
        this.timers = timers;
        this.peer = peer;
        this.network = network;
        this.maxQueueWait = maxQueueWait;
        this.pacer = pacer;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Send.class, this::onSend)
                .onMessage(Disconnect.class, this::onDisconnect)
                .onMessageEquals(Leave.INSTANCE, this::onLeave)
                .onMessage(Completed.class, this::onCompleted)
                .onMessage(TimedOut.class, this::onTimedOut)
                .onMessage(HoldExpired.class, this::onHoldExpired)
                .onMessageEquals(Resume.INSTANCE, this::onResume)
                .build();
    }

    private Behavior<Command> onSend(Send send) {
        Held held = new Held(nextSeq++, send);
        timers.startSingleTimer(new HoldKey(held.seq), new HoldExpired(held.seq), maxQueueWait);
        queued.addLast(held);
        startQueued();
        return this;
    }

    private Behavior<Command> onDisconnect(Disconnect d) {
        getContext().getLog().debug("disconnecting peer={} reason={}", peer, d.reason());
        network.disconnect(peer, d.reason());
        return this;
    }

    private Behavior<Command> onLeave() {
        inFlight.forEach((id, held) -> fail(id, held, NetworkFailure.Kind.DISCONNECTED, "peer left"));
        queued.forEach(held -> fail(-1, held, NetworkFailure.Kind.DISCONNECTED, "peer left"));
        inFlight.clear();
        queued.clear();
        return Behaviors.stopped();
    }

    private Behavior<Command> onCompleted(Completed c) {
        Held held = inFlight.remove(c.requestId());
        if (held == null) {
            return this; // timed out before; the late answer is dropped
        }
        timers.cancel(c.requestId());
        if (c.response() != null) {
            pacer.answered();
            timers.cancel(new HoldKey(held.seq));
            held.send.replyTo().tell(new PeerReply.Answered(peer, c.requestId(), c.response()));
        } else if (asksToPace(c.failure())) {
            onRateLimited(c.requestId(), held);
        } else {
            fail(c.requestId(), held, c.failure().kind(), c.failure().getMessage());
        }
        startQueued();
        return this;
    }

    private Behavior<Command> onTimedOut(TimedOut t) {
        Held held = inFlight.remove(t.requestId());
        if (held != null) {
            fail(
                    t.requestId(),
                    held,
                    NetworkFailure.Kind.TIMEOUT,
                    "no answer within " + held.send.timeout().plus(GRACE));
            startQueued();
        }
        return this;
    }

    private Behavior<Command> onHoldExpired(HoldExpired h) {
        for (Held held : queued) {
            if (held.seq == h.seq()) {
                queued.remove(held);
                fail(
                        -1,
                        held,
                        NetworkFailure.Kind.OVERLOADED,
                        "not sent within " + maxQueueWait + " (paced or queued)");
                return this;
            }
        }
        inFlight.values().stream().filter(held -> held.seq == h.seq()).forEach(held -> held.expired = true);
        return this;
    }

    private Behavior<Command> onResume() {
        startQueued();
        return this;
    }

    /** The peer refused (its quota, or a full serving pool): slow down and send it again, unless it waited too long. */
    private void onRateLimited(long requestId, Held held) {
        boolean slowed = pacer.rateLimited(held.generation);
        getContext()
                .getLog()
                .debug(
                        "rate limited peer={} id={} slowedDown={} window={} pause={}",
                        peer,
                        requestId,
                        slowed,
                        pacer.window(),
                        pacer.pauseLeft());
        if (held.expired) {
            fail(requestId, held, NetworkFailure.Kind.OVERLOADED, "rate limited after waiting " + maxQueueWait);
        } else {
            queued.addFirst(held);
        }
    }

    private void start(Held held) {
        long id = nextRequestId++;
        inFlight.put(id, held);
        held.generation = pacer.generation();
        Send send = held.send;
        timers.startSingleTimer(id, new TimedOut(id), send.timeout().plus(GRACE));
        getContext()
                .getLog()
                .debug("request peer={} id={} type={}", peer, id, send.request().type());
        getContext().pipeToSelf(request(network, peer, send.request(), send.timeout()), (response, error) -> {
            if (error == null) {
                return new Completed(id, response, null);
            }
            Throwable cause =
                    error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof NetworkFailure nf) {
                return new Completed(id, null, nf);
            }
            return new Completed(id, null, new NetworkFailure(NetworkFailure.Kind.REMOTE_ERROR, String.valueOf(cause)));
        });
    }

    private void startQueued() {
        while (!queued.isEmpty() && pacer.mayStart(inFlight.size())) {
            start(queued.pollFirst());
        }
        Duration pause = pacer.pauseLeft();
        if (!queued.isEmpty() && !pause.isZero()) {
            timers.startSingleTimer(Resume.INSTANCE, Resume.INSTANCE, pause);
        }
    }

    private void fail(long id, Held held, NetworkFailure.Kind kind, String detail) {
        timers.cancel(new HoldKey(held.seq));
        held.send.replyTo().tell(new PeerReply.Failed(peer, id, kind, detail));
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
