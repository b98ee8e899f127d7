package io.hms.actors.local;

import io.hms.actors.network.DisconnectReason;
import io.hms.actors.network.Network;
import io.hms.actors.network.NetworkFailure;
import io.hms.actors.network.PeerEvent;
import io.hms.engine.sync.PeerId;
import io.hms.protocol.codec.DecodeException;
import io.hms.protocol.message.Request;
import io.hms.protocol.message.RequestType;
import io.hms.protocol.message.Response;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * One node's view of a {@link LocalNetworkHub}. A request is encoded, decoded by the server,
 * answered by its handlers on the hub's threads, passed through the server's {@link Interceptor},
 * encoded again and decoded by the requester, like a response read from a socket.
 */
final class LocalNetwork implements Network {
    private final LocalNetworkHub hub;
    private final PeerId self;

    LocalNetwork(LocalNetworkHub hub, PeerId self) {
        this.hub = hub;
        this.self = self;
    }

    @Override
    public <Q extends Request, R extends Response> CompletionStage<R> request(
            PeerId peer, RequestType<Q, R> type, Q request, Duration timeout) {
        Optional<LocalNetworkHub.Node> server = hub.linkedNode(self, peer);
        if (server.isEmpty()) {
            return CompletableFuture.failedFuture(
                    new NetworkFailure(NetworkFailure.Kind.UNKNOWN_PEER, self + " is not connected to " + peer));
        }
        CompletableFuture<R> result = new CompletableFuture<>();
        hub.inFlight().add(self, peer, result);
        ScheduledFuture<?> timer = hub.executor()
                .schedule(
                        () -> result.completeExceptionally(new NetworkFailure(
                                NetworkFailure.Kind.TIMEOUT, type + " to " + peer + " not answered within " + timeout)),
                        timeout.toNanos(),
                        TimeUnit.NANOSECONDS);
        result.whenComplete((r, e) -> timer.cancel(false));
        byte[] body = type.requestCodec().encode(request);
        hub.executor().execute(() -> serve(server.get(), type, body, result));
        return result;
    }

    private <Q extends Request, R extends Response> void serve(
            LocalNetworkHub.Node server, RequestType<Q, R> type, byte[] body, CompletableFuture<R> result) {
        Q decoded;
        try {
            decoded = type.requestCodec().decode(body);
        } catch (DecodeException e) {
            result.completeExceptionally(
                    new NetworkFailure(NetworkFailure.Kind.REMOTE_ERROR, "server: " + e.getMessage()));
            return;
        }
        @SuppressWarnings("unchecked")
        R honest = (R) server.handlers().handle(decoded, server.view());
        hub.countServed(server.id(), type);
        Interceptor.Action action = hub.interceptorOf(server.id()).intercept(self, decoded, honest);
        if (action instanceof Interceptor.Replace replace) {
            deliver(type, encode(type, replace.response(), result), result);
        } else if (action instanceof Interceptor.ReplaceBytes bytes) {
            deliver(type, bytes.body(), result);
        } else if (action instanceof Interceptor.Delay delay) {
            byte[] encoded = type.responseCodec().encode(honest);
            hub.executor()
                    .schedule(
                            () -> deliver(type, encoded, result), delay.delay().toNanos(), TimeUnit.NANOSECONDS);
        } else if (action instanceof Interceptor.Disconnect) {
            hub.disconnect(server.id(), self);
        } else if (action instanceof Interceptor.Deliver) {
            deliver(type, type.responseCodec().encode(honest), result);
        } // Drop: never answered; the timeout fires
    }

    @SuppressWarnings("unchecked")
    private static <R extends Response> byte[] encode(
            RequestType<?, R> type, Response response, CompletableFuture<R> result) {
        try {
            return type.responseCodec().encode((R) response);
        } catch (ClassCastException e) {
            result.completeExceptionally(new NetworkFailure(
                    NetworkFailure.Kind.REMOTE_ERROR,
                    "interceptor answered " + response.getClass().getName()));
            return new byte[0];
        }
    }

    private static <R extends Response> void deliver(
            RequestType<?, R> type, byte[] bytes, CompletableFuture<R> result) {
        if (result.isDone()) {
            return;
        }
        try {
            result.complete(type.responseCodec().decode(bytes));
        } catch (DecodeException e) {
            result.completeExceptionally(new NetworkFailure(NetworkFailure.Kind.MALFORMED_RESPONSE, e.getMessage()));
        }
    }

    @Override
    public void subscribe(ActorRef<PeerEvent> listener) {
        hub.subscribe(self, listener);
    }

    @Override
    public void unsubscribe(ActorRef<PeerEvent> listener) {
        hub.unsubscribe(self, listener);
    }

    @Override
    public void disconnect(PeerId peer, DisconnectReason reason) {
        hub.recordDisconnect(self, peer, reason);
        hub.disconnect(self, peer);
    }
}
