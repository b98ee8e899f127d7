package io.hms.actors.peer;

import io.hms.actors.network.DisconnectReason;
import io.hms.actors.network.Network;
import io.hms.actors.network.NetworkFailure;
import io.hms.actors.sync.CborSerializable;
import io.hms.engine.sync.PeerId;
import io.hms.protocol.message.Request;
import io.hms.protocol.message.RequestType;
import io.hms.protocol.message.Response;
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
 * {@code maxInFlight} outstanding (queuing the rest in order), and answers every request exactly
 * once — with the response, or with a failure when the network fails it, when its timeout (plus a
 * grace period, in case a network breaks its own timeout promise) passes, or when the peer leaves.
 */
public final class PeerActor extends AbstractBehavior<PeerActor.Command> {

  /** Extra time past a request's timeout before this actor gives up on the network. */
  static final Duration GRACE = Duration.ofSeconds(1);

  /** Messages this actor handles; those that cross actors are also {@link CborSerializable}. */
  public sealed interface Command {}

  /** Send {@code request}; the answer goes to {@code replyTo} within {@code timeout} plus a grace period. */
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

  private record Completed(long requestId, Response response, NetworkFailure.Kind failure, String detail)
      implements Command {}

  private record TimedOut(long requestId) implements Command {}

  private final PeerId peer;
  private final Network network;
  private final int maxInFlight;
  private final TimerScheduler<Command> timers;
  private final Map<Long, Send> inFlight = new HashMap<>();
  private final ArrayDeque<Send> queued = new ArrayDeque<>();
  private long nextRequestId;

  public static Behavior<Command> create(PeerId peer, Network network, int maxInFlight) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new PeerActor(ctx, timers, peer, network, maxInFlight)));
  }

  private PeerActor(
      ActorContext<Command> context, TimerScheduler<Command> timers, PeerId peer, Network network, int maxInFlight) {
    super(context);
    context.setLoggerName(PeerActor.class);
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be positive: " + maxInFlight);
    }
    this.timers = timers;
    this.peer = peer;
    this.network = network;
    this.maxInFlight = maxInFlight;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Send.class, this::onSend)
        .onMessage(Disconnect.class, this::onDisconnect)
        .onMessageEquals(Leave.INSTANCE, this::onLeave)
        .onMessage(Completed.class, this::onCompleted)
        .onMessage(TimedOut.class, this::onTimedOut)
        .build();
  }

  private Behavior<Command> onSend(Send send) {
    if (inFlight.size() >= maxInFlight) {
      queued.addLast(send);
    } else {
      start(send);
    }
    return this;
  }

  private Behavior<Command> onDisconnect(Disconnect d) {
    getContext().getLog().debug("disconnecting peer={} reason={}", peer, d.reason());
    network.disconnect(peer, d.reason());
    return this;
  }

  private Behavior<Command> onLeave() {
    inFlight.forEach((id, send) -> fail(id, send, NetworkFailure.Kind.DISCONNECTED, "peer left"));
    queued.forEach(send -> fail(-1, send, NetworkFailure.Kind.DISCONNECTED, "peer left"));
    inFlight.clear();
    queued.clear();
    return Behaviors.stopped();
  }

  private Behavior<Command> onCompleted(Completed c) {
    Send send = inFlight.remove(c.requestId());
    if (send == null) {
      return this; // timed out before; the late answer is dropped
    }
    timers.cancel(c.requestId());
    if (c.response() != null) {
      send.replyTo().tell(new PeerReply.Answered(peer, c.requestId(), c.response()));
    } else {
      fail(c.requestId(), send, c.failure(), c.detail());
    }
    startQueued();
    return this;
  }

  private Behavior<Command> onTimedOut(TimedOut t) {
    Send send = inFlight.remove(t.requestId());
    if (send != null) {
      fail(t.requestId(), send, NetworkFailure.Kind.TIMEOUT, "no answer within " + send.timeout().plus(GRACE));
      startQueued();
    }
    return this;
  }

  private void start(Send send) {
    long id = nextRequestId++;
    inFlight.put(id, send);
    timers.startSingleTimer(id, new TimedOut(id), send.timeout().plus(GRACE));
    getContext().getLog().debug("request peer={} id={} type={}", peer, id, send.request().type());
    getContext().pipeToSelf(request(network, peer, send.request(), send.timeout()), (response, error) -> {
      if (error == null) {
        return new Completed(id, response, null, null);
      }
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      if (cause instanceof NetworkFailure nf) {
        return new Completed(id, null, nf.kind(), nf.getMessage());
      }
      return new Completed(id, null, NetworkFailure.Kind.REMOTE_ERROR, String.valueOf(cause));
    });
  }

  private void startQueued() {
    while (inFlight.size() < maxInFlight && !queued.isEmpty()) {
      start(queued.pollFirst());
    }
  }

  private void fail(long id, Send send, NetworkFailure.Kind kind, String detail) {
    send.replyTo().tell(new PeerReply.Failed(peer, id, kind, detail));
  }

  /** Sends a request of any family: its type is known only at run time. */
  @SuppressWarnings("unchecked")
  static <Q extends Request> CompletionStage<Response> request(Network network, PeerId peer, Q request, Duration t) {
    RequestType<Q, ?> type = (RequestType<Q, ?>) request.type();
    return network.request(peer, type, request, t).thenApply(r -> (Response) r);
  }
}
