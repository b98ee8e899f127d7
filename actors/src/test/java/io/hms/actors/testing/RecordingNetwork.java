package io.hms.actors.testing;

import io.hms.actors.network.DisconnectReason;
import io.hms.actors.network.Network;
import io.hms.actors.network.PeerEvent;
import io.hms.engine.sync.PeerId;
import io.hms.protocol.message.Request;
import io.hms.protocol.message.RequestType;
import io.hms.protocol.message.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A {@link Network} in front of another that records every request on the wire: who was asked
 * what, in order, and how many requests of each type were outstanding at most. Answers matching
 * {@link #hold} are kept back until {@link #release()}; a held request still counts as
 * outstanding. With {@code wireTimeout} the requester's timeout is replaced by that one, so a
 * dropped request is failed only by the requester's own timer (e.g. one driven by ManualTime).
 */
public final class RecordingNetwork implements Network {

    /** One request as it went out. */
    public record Sent(PeerId peer, Request request) {}

    private final Network delegate;
    private final Duration wireTimeout;
    private final List<Sent> sent = new ArrayList<>();
    private final Map<RequestType<?, ?>, Integer> outstanding = new HashMap<>();
    private final Map<RequestType<?, ?>, Integer> maxOutstanding = new HashMap<>();
    private final Map<PeerId, Integer> outstandingByPeer = new HashMap<>();
    private final List<Runnable> held = new ArrayList<>();
    private Predicate<Sent> hold = s -> false;

    /** Records without changing timeouts. */
    public RecordingNetwork(Network delegate) {
        this(delegate, null);
    }

    public RecordingNetwork(Network delegate, Duration wireTimeout) {
        this.delegate = delegate;
        this.wireTimeout = wireTimeout;
    }

    @Override
    public <Q extends Request, R extends Response> CompletionStage<R> request(
            PeerId peer, RequestType<Q, R> type, Q request, Duration timeout) {
        Sent s = new Sent(peer, request);
        synchronized (this) {
            sent.add(s);
            int now = outstanding.merge(type, 1, Integer::sum);
            maxOutstanding.merge(type, now, Math::max);
            outstandingByPeer.merge(peer, 1, Integer::sum);
        }
        CompletableFuture<R> result = new CompletableFuture<>();
        delegate.request(peer, type, request, wireTimeout != null ? wireTimeout : timeout)
                .whenComplete((r, e) -> {
                    Runnable answer = () -> {
                        // counted off before the requester hears the answer (and may send the next request)
                        synchronized (this) {
                            outstanding.merge(type, -1, Integer::sum);
                            outstandingByPeer.merge(peer, -1, Integer::sum);
                        }
                        if (e != null) {
                            result.completeExceptionally(e);
                        } else {
                            result.complete(r);
                        }
                    };
                    synchronized (this) {
                        if (e == null && hold.test(s)) {
                            held.add(answer);
                            return;
                        }
                    }
                    answer.run();
                });
        return result;
    }

    /** From now on, answers to requests matching {@code which} are kept back until released. */
    public synchronized void hold(Predicate<Sent> which) {
        hold = which;
    }

    /** Holds nothing more and delivers every answer held so far. */
    public void holdNothing() {
        hold(s -> false);
        release();
    }

    /** Delivers every answer held so far, in the order they arrived. */
    public void release() {
        List<Runnable> now;
        synchronized (this) {
            now = new ArrayList<>(held);
            held.clear();
        }
        now.forEach(Runnable::run);
    }

    public synchronized int heldCount() {
        return held.size();
    }

    /** Every request sent so far, in order. */
    public synchronized List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** The requests of type {@code type} sent to {@code peer}, in order. */
    public synchronized <Q extends Request> List<Q> sent(PeerId peer, Class<Q> type) {
        return sent.stream()
                .filter(s -> s.peer().equals(peer) && type.isInstance(s.request()))
                .map(s -> type.cast(s.request()))
                .toList();
    }

    public synchronized int outstanding(RequestType<?, ?> type) {
        return outstanding.getOrDefault(type, 0);
    }

    public synchronized int outstanding(PeerId peer) {
        return outstandingByPeer.getOrDefault(peer, 0);
    }

    /** The most requests of {@code type} that were outstanding at once. */
    public synchronized int maxOutstanding(RequestType<?, ?> type) {
        return maxOutstanding.getOrDefault(type, 0);
    }

    @Override
    public void subscribe(ActorRef<PeerEvent> listener) {
        delegate.subscribe(listener);
    }

    @Override
    public void unsubscribe(ActorRef<PeerEvent> listener) {
        delegate.unsubscribe(listener);
    }

    @Override
    public void disconnect(PeerId peer, DisconnectReason reason) {
        delegate.disconnect(peer, reason);
    }
}
