package io.hms.actors.transport;

import io.hms.actors.concurrent.PlainStage;
import io.hms.actors.network.NetworkFailure;
import io.hms.engine.ban.BanKey;
import io.hms.engine.ban.BanRecord;
import io.hms.engine.sync.PeerId;
import io.hms.protocol.message.DisconnectCode;
import io.hms.protocol.message.Envelope;
import io.hms.protocol.message.Envelope.Disconnect;
import io.hms.protocol.message.Envelope.ErrorEnvelope;
import io.hms.protocol.message.Envelope.Hello;
import io.hms.protocol.message.Envelope.RequestEnvelope;
import io.hms.protocol.message.Envelope.ResponseEnvelope;
import io.hms.protocol.message.Handshake;
import io.hms.protocol.message.Request;
import io.hms.protocol.message.RequestType;
import io.hms.protocol.message.Response;
import io.hms.protocol.model.ByteString;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.Done;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.StreamTcpException;
import org.apache.pekko.stream.javadsl.SourceQueueWithComplete;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection after framing: the handshake, our requests to the peer ({@link
 * PendingRequests}), the peer's requests to us ({@link RequestServing}), and the one place that
 * learns how the connection ended. {@link ConnectionStreamFactory} wires it into a stream; the
 * stream calls {@link #onBytes} and {@link #onInbound} sequentially, callers of {@link #request}
 * come from any thread. A protocol violation never fails the stream: it closes gracefully.
 */
final class PeerConnection {
    private static final Logger LOG = LoggerFactory.getLogger(PeerConnection.class);
    private static final CompletionStage<Done> DONE = CompletableFuture.completedFuture(Done.getInstance());

    private final ConnectionContext ctx;
    private final PeerId peerId;
    private final boolean outbound;
    private final BanKey address;
    private final FrameDeadline frameDeadline;
    private final PendingRequests pending;
    private final RequestServing serving;
    private final PeerTraffic traffic = new PeerTraffic();
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    private final CompletableFuture<Handshake> opened = new CompletableFuture<>();
    private final FrameDecoder decoder;
    private volatile SourceQueueWithComplete<Envelope> out;
    private volatile SharedKillSwitch killSwitch;
    private volatile Handshake remoteHello;
    private volatile ConnectionClosed closeCause;
    private volatile Runnable cancelHandshakeTimer = () -> {};

    /** {@code address}: the remote's IP ({@link BanKey.Address}) if it dialed us, else the endpoint we dialed. */
    PeerConnection(ConnectionContext ctx, PeerId peerId, boolean outbound, BanKey address) {
        this.ctx = ctx;
        this.peerId = peerId;
        this.outbound = outbound;
        this.address = address;
        TransportSettings s = ctx.settings();
        this.pending = new PendingRequests(
                peerId.value(), s.maxInFlightPerPeer(), ctx.timer(), s.frames().lateResponseGrace());
        this.decoder = new FrameDecoder(s.maxFrameBytes(), this::frameLimit);
        this.frameDeadline = new FrameDeadline(
                ctx.timer(), s.frames(), s.maxRequestFrameBytes(), why -> close(CloseReason.FRAME_TIMEOUT, why));
        this.serving = new RequestServing(
                peerId.value(),
                ctx.handler(),
                ctx.handlerExecutor(),
                new ServingQuota(s.servingQuota(), ctx.clock()),
                ctx.metrics(),
                traffic,
                s.maxFrameBytes());
    }

    PeerTraffic traffic() {
        return traffic;
    }

    PeerId peerId() {
        return peerId;
    }

    boolean outbound() {
        return outbound;
    }

    /** What a ban of this peer refuses: its address and, once known, its node id. */
    PeerIdentity identity() {
        return new PeerIdentity(address, remoteHello().map(Handshake::nodeId));
    }

    /**
     * The limit of the next frame by phase (docs/PROTOCOL.md §7): the maximum while a response may
     * arrive, the small limit otherwise (before the Hello nothing of ours is outstanding).
     */
    private int frameLimit() {
        TransportSettings s = ctx.settings();
        return pending.expectsResponse() ? s.maxFrameBytes() : s.maxRequestFrameBytes();
    }

    /** The remote's Hello once the handshake succeeded. */
    Optional<Handshake> remoteHello() {
        return Optional.ofNullable(remoteHello);
    }

    /** Completes with the remote's Hello when the connection opens; never completes if it does not. */
    CompletionStage<Handshake> opened() {
        return opened;
    }

    /** Completes with the reason once the connection has ended and been cleaned up. */
    CompletionStage<CloseReason> closed() {
        return closed;
    }

    /** Called by the stream factory with the pre-materialized outbound queue and kill switch. */
    void attach(SourceQueueWithComplete<Envelope> queue, SharedKillSwitch switchOfThisConnection) {
        this.out = queue;
        this.killSwitch = switchOfThisConnection;
    }

    /** Sends our Hello and starts the handshake timer; the stream is running. */
    void start() {
        send(new Hello(ctx.localHello()));
        Duration timeout = ctx.settings().handshakeTimeout();
        cancelHandshakeTimer = ctx.timer().schedule(timeout, () -> {
            if (remoteHello == null) {
                close(CloseReason.HANDSHAKE_TIMEOUT, "no Hello within " + timeout);
            }
        });
    }

    /**
     * Refuses the connection without sending our Hello or reading anything: tells the remote why
     * ({@link Envelope.Disconnect}) and closes. The stream is running.
     */
    void refuse(CloseReason reason, String detail) {
        beginClose(new ConnectionClosed(reason, detail));
    }

    /** Sends a request; see {@link io.hms.actors.network.Network#request}. */
    <Q extends Request, R extends Response> CompletionStage<R> request(
            RequestType<Q, R> type, Q request, Duration timeout) {
        PendingRequests.Registered<R> reg = pending.register(type, timeout);
        if (!reg.future().isDone()) {
            ByteString body = ByteString.wrap(type.requestCodec().encode(request));
            send(new RequestEnvelope(reg.requestId(), type.typeId(), body)).thenAccept(sent -> {
                if (!sent) {
                    pending.fail(
                            reg.requestId(),
                            new NetworkFailure(NetworkFailure.Kind.DISCONNECTED, peerId + " is closing"));
                }
            });
        }
        return reg.future();
    }

    /**
     * Closes the connection gracefully: everything already queued (our Hello, answers) is written,
     * then the socket closes, so the remote learns from our Hello why we refused it. A remote that
     * does not read is cut off after the handshake timeout. {@link #closed()} completes with the
     * first reason given. Idempotent.
     */
    void close(CloseReason reason, String detail) {
        beginClose(new ConnectionClosed(reason, detail));
    }

    private void beginClose(ConnectionClosed cause) {
        synchronized (this) {
            if (closeCause != null) {
                return;
            }
            closeCause = cause;
        }
        Optional<DisconnectCode> told = cause.reason().disconnectCode();
        if (told.isPresent()) {
            send(Disconnect.of(told.get(), detailOf(cause))).whenComplete((sent, e) -> out.complete());
        } else {
            out.complete();
        }
        ctx.timer().schedule(ctx.settings().handshakeTimeout(), () -> killSwitch.abort(cause));
    }

    private static String detailOf(ConnectionClosed cause) {
        String m = cause.getMessage();
        String prefix = cause.reason() + ": ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    /**
     * Raw bytes from the socket, in order: the payloads of every frame they complete (cut and
     * length-checked here, decoded by {@link #decode}). A protocol violation starts a graceful
     * close, after which input is ignored until the socket closes.
     */
    List<org.apache.pekko.util.ByteString> onBytes(org.apache.pekko.util.ByteString bytes) {
        if (closeCause != null) {
            return List.of();
        }
        try {
            List<org.apache.pekko.util.ByteString> frames = decoder.feed(bytes);
            frameDeadline.update(decoder);
            return frames;
        } catch (ConnectionClosed violation) {
            beginClose(violation);
            return List.of();
        }
    }

    /**
     * Decodes one frame's payload on the connection's decoding executor ({@code
     * hms.verification-dispatcher}), not on the stream's thread: the envelope, and a response's body
     * with the codec of the request its id names. The request stays outstanding until {@link
     * #onInbound} matches it, in arrival order.
     */
    CompletionStage<InboundFrame> decode(org.apache.pekko.util.ByteString payload) {
        if (closeCause != null) {
            return CompletableFuture.completedFuture(new InboundFrame.Decoded(null, PendingRequests.Decoded.NOTHING));
        }
        return CompletableFuture.supplyAsync(() -> InboundFrame.decode(payload, pending), ctx.decoding());
    }

    /** One decoded inbound frame, in arrival order; the result completes when it is answered. */
    CompletionStage<Done> onInbound(InboundFrame frame) {
        if (closeCause != null) {
            return DONE;
        }
        try {
            if (frame instanceof InboundFrame.Malformed m) {
                throw m.violation();
            }
            InboundFrame.Decoded decoded = (InboundFrame.Decoded) frame;
            return dispatch(decoded.envelope(), decoded.body());
        } catch (ConnectionClosed violation) {
            beginClose(violation);
            return DONE;
        }
    }

    private CompletionStage<Done> dispatch(Envelope envelope, PendingRequests.Decoded body) {
        if (envelope instanceof Disconnect d) {
            throw new ConnectionClosed(CloseReason.REFUSED_BY_REMOTE, d.code() + " (" + d.detail() + ")");
        }
        if (envelope instanceof Hello hello) {
            onHello(hello.handshake());
            return DONE;
        }
        if (remoteHello == null) {
            throw new ConnectionClosed(CloseReason.PROTOCOL_VIOLATION, "a " + kind(envelope) + " before the Hello");
        }
        if (envelope instanceof RequestEnvelope r) {
            if (ctx.shaping().silent() && r.typeId() != RequestType.MACRO_CHAIN.typeId()) {
                LOG.debug("peer={} request={} type={} left unanswered (silent)", peerId, r.requestId(), r.typeId());
                return DONE;
            }
            return serving.answer(r).thenCompose(this::send).thenApply(sent -> Done.getInstance());
        }
        if (envelope instanceof ResponseEnvelope r) {
            report(r.requestId(), pending.onResponse(r.requestId(), r.typeId(), body));
        } else if (envelope instanceof ErrorEnvelope e) {
            report(e.requestId(), pending.onError(e.requestId(), e.typeId(), e.error()));
        }
        return DONE;
    }

    private void onHello(Handshake hello) {
        if (remoteHello != null) {
            throw new ConnectionClosed(CloseReason.PROTOCOL_VIOLATION, "a second Hello");
        }
        Optional<HandshakeCheck.Rejection> rejection = HandshakeCheck.check(ctx.localHello(), hello);
        if (rejection.isPresent()) {
            throw new ConnectionClosed(rejection.get().reason(), rejection.get().detail());
        }
        Optional<BanRecord> banned = ctx.bans().active(new BanKey.Node(hello.nodeId()));
        if (banned.isPresent()) {
            throw new ConnectionClosed(CloseReason.BANNED, PeerBans.describe(banned.get()));
        }
        remoteHello = hello;
        Optional<String> refused = ctx.registry().add(this);
        if (refused.isPresent()) {
            remoteHello = null;
            throw new ConnectionClosed(CloseReason.DUPLICATE_CONNECTION, refused.get());
        }
        cancelHandshakeTimer.run();
        LOG.debug("peer={} open services={} outbound={}", peerId, hello.services(), outbound);
        opened.complete(hello);
    }

    private void report(long requestId, PendingRequests.Match match) {
        if (match != PendingRequests.Match.MATCHED) {
            LOG.debug("peer={} request={} response {}", peerId, requestId, match);
        }
    }

    /** Enqueues an envelope; the stage says whether it was accepted (false once the connection closes). */
    private CompletionStage<Boolean> send(Envelope envelope) {
        return PlainStage.of(out.offer(envelope))
                .thenApply(QueueOfferResult::isEnqueued)
                .exceptionally(e -> false);
    }

    /** The stream ended (the inbound side's termination): clean up exactly once, then log why. */
    void onTerminated(Throwable streamFailure) {
        Throwable failure;
        synchronized (this) {
            failure = closeCause != null ? closeCause : streamFailure;
            if (closeCause == null) {
                closeCause = new ConnectionClosed(classify(streamFailure), "stream ended");
            }
        }
        CloseReason reason = outbound && !opened.isDone() && failure instanceof StreamTcpException
                ? CloseReason.CONNECT_FAILED
                : classify(failure);
        cancelHandshakeTimer.run();
        frameDeadline.disarm();
        pending.close(reason.name());
        out.complete();
        boolean wasOpen =
                ctx.registry().remove(this, reason, failure == null ? "" : String.valueOf(failure.getMessage()));
        ctx.metrics().connectionClosed(reason);
        log(reason, failure, wasOpen);
        closed.complete(reason);
    }

    private static CloseReason classify(Throwable failure) {
        if (failure == null) {
            return CloseReason.REMOTE_CLOSED;
        }
        if (failure instanceof ConnectionClosed c) {
            return c.reason();
        }
        return failure instanceof TimeoutException ? CloseReason.IDLE : CloseReason.REMOTE_CLOSED;
    }

    private void log(CloseReason reason, Throwable failure, boolean wasOpen) {
        String detail = failure == null
                ? "closed by the remote"
                : failure instanceof ConnectionClosed c ? detailOf(c) : failure.getMessage();
        switch (reason) {
            case BANNED,
                    TOO_MANY_CONNECTIONS,
                    TOO_MANY_FROM_ADDRESS,
                    DUPLICATE_CONNECTION,
                    FRAME_TOO_LARGE,
                    FRAME_TIMEOUT -> ctx.guardLog().closed(reason, peerId.value(), detail);
            case REFUSED_BY_REMOTE -> LOG.warn("peer {} closed the connection: {}", peerId, detail);
            case REMOTE_CLOSED, CONNECT_FAILED, IDLE, LOCAL_DISCONNECT, SHUTDOWN -> {
                if (wasOpen && outbound && reason == CloseReason.REMOTE_CLOSED) {
                    LOG.info("peer {} disconnected ({})", peerId, detail);
                } else {
                    LOG.debug("peer={} closed reason={} detail={}", peerId, reason, detail);
                }
            }
            default -> LOG.warn("closed connection to {}: {}", peerId, detail);
        }
    }

    private static String kind(Envelope e) {
        return e.getClass().getSimpleName();
    }
}
