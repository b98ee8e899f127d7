package io.hms.actors.transport;

import io.hms.actors.metrics.RequestOutcome;
import io.hms.actors.network.DisconnectReason;
import io.hms.actors.network.Network;
import io.hms.actors.network.NetworkFailure;
import io.hms.actors.network.PeerEvent;
import io.hms.engine.sync.PeerId;
import io.hms.protocol.message.Handshake;
import io.hms.protocol.message.Request;
import io.hms.protocol.message.RequestType;
import io.hms.protocol.message.Response;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Tcp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Network} over TCP on Pekko Streams: a listening socket for peers that dial us,
 * persistent outbound peers redialed with backoff, and one {@link PeerConnection} per socket. Peers
 * are announced once their handshake succeeded; a peer id is the address we dialed ({@code
 * host:port}) or the remote address of an inbound connection.
 */
public final class TcpNetwork implements Network, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TcpNetwork.class);

    private final ActorSystem<?> system;
    private final ConnectionContext ctx;
    private final ConnectionStreamFactory streams;
    private final Set<PeerConnection> live = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<PeerId, OutboundDialer> dialers = new ConcurrentHashMap<>();
    private volatile Tcp.ServerBinding binding;
    private volatile boolean shuttingDown;

    TcpNetwork(ActorSystem<?> system, ConnectionContext ctx) {
        this.system = system;
        this.ctx = ctx;
        this.streams = new ConnectionStreamFactory(system, ctx.metrics());
    }

    /** Starts describing a network that sends {@code localHello}; nothing listens or dials yet. */
    public static TcpNetworkBuilder builder(ActorSystem<?> system, Handshake localHello) {
        return new TcpNetworkBuilder(system, localHello);
    }

    /** Our Hello: chain identity, services, node id. */
    public Handshake localHello() {
        return ctx.localHello();
    }

    /** Listens on {@code host:port} (port 0: any free port); completes with the bound address. */
    public CompletionStage<InetSocketAddress> bind(String host, int port) {
        return PlainStage.of(Tcp.get(system)
                        .bind(host, port)
                        .to(Sink.foreach(this::accept))
                        .run(system))
                .thenApply(b -> {
                    binding = b;
                    LOG.debug("listening on {}", b.localAddress());
                    return b.localAddress();
                });
    }

    public Optional<InetSocketAddress> boundAddress() {
        return Optional.ofNullable(binding).map(Tcp.ServerBinding::localAddress);
    }

    /**
     * Keeps {@code address} connected from now on, redialing with backoff; returns the peer id it
     * will have. Dialing an address that is already dialed does nothing.
     */
    public PeerId connect(InetSocketAddress address) {
        PeerId id = outboundId(address);
        dialers.computeIfAbsent(id, k -> {
            OutboundDialer d = new OutboundDialer(address, this::dial, ctx.timer(), ctx.settings());
            d.start();
            return d;
        });
        return id;
    }

    /** How dialing {@code peer} (a peer id {@link #connect} returned) goes; empty if we never dialed it. */
    public Optional<DialStatus> dialStatus(PeerId peer) {
        return Optional.ofNullable(dialers.get(peer)).map(d -> d.status(peer));
    }

    /** The peers whose handshake succeeded and whose connection is open. */
    public List<ConnectedPeer> peers() {
        return ctx.registry().all().stream()
                .map(c -> {
                    Handshake h = c.remoteHello().orElseThrow();
                    return new ConnectedPeer(c.peerId(), h.nodeId(), h.services(), c.outbound());
                })
                .toList();
    }

    @Override
    public <Q extends Request, R extends Response> CompletionStage<R> request(
            PeerId peer, RequestType<Q, R> type, Q request, Duration timeout) {
        Optional<PeerConnection> c = ctx.registry().get(peer);
        if (c.isEmpty()) {
            ctx.metrics().requestSent(type, RequestOutcome.UNKNOWN_PEER, Duration.ZERO);
            return CompletableFuture.failedFuture(
                    new NetworkFailure(NetworkFailure.Kind.UNKNOWN_PEER, "not connected to " + peer));
        }
        Instant start = ctx.clock().instant();
        CompletionStage<R> result = c.get().request(type, request, timeout);
        result.whenComplete((response, failure) -> ctx.metrics()
                .requestSent(
                        type,
                        outcome(response, failure),
                        Duration.between(start, ctx.clock().instant())));
        return result;
    }

    @Override
    public void subscribe(ActorRef<PeerEvent> listener) {
        ctx.registry().subscribe(listener);
    }

    @Override
    public void unsubscribe(ActorRef<PeerEvent> listener) {
        ctx.registry().unsubscribe(listener);
    }

    /**
     * Closes the connection to {@code peer}. A dialed peer is redialed after an {@code ERROR}; after
     * {@code MALICIOUS}, {@code INCOMPATIBLE} or {@code SHUTDOWN} it is not dialed again.
     */
    @Override
    public void disconnect(PeerId peer, DisconnectReason reason) {
        if (reason != DisconnectReason.ERROR) {
            Optional.ofNullable(dialers.get(peer)).ifPresent(OutboundDialer::stop);
        }
        ctx.registry().get(peer).ifPresent(c -> c.close(CloseReason.LOCAL_DISCONNECT, "dropped by us: " + reason));
    }

    /** Stops dialing and listening and closes every connection; completes when all are closed. */
    public CompletionStage<Done> shutdown() {
        shuttingDown = true;
        dialers.values().forEach(OutboundDialer::stop);
        CompletionStage<?> unbound = binding == null
                ? CompletableFuture.completedFuture(Done.getInstance())
                : PlainStage.of(binding.unbind());
        List<CompletableFuture<CloseReason>> closing = live.stream()
                .map(c -> {
                    c.close(CloseReason.SHUTDOWN, "shutting down");
                    return c.closed().toCompletableFuture();
                })
                .toList();
        return unbound.thenCompose(u -> CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)))
                .thenApply(v -> Done.getInstance());
    }

    /** {@link #shutdown()} and wait up to 10 s. */
    @Override
    public void close() {
        try {
            shutdown().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("network shutdown did not finish cleanly: {}", e.toString());
        }
    }

    private void accept(Tcp.IncomingConnection in) {
        PeerConnection c = new PeerConnection(ctx, new PeerId(addressOf(in.remoteAddress())), false);
        track(c);
        in.handleWith(streams.flowFor(c, ctx.settings(), ctx.shaping()), system);
        c.start();
        if (shuttingDown) {
            c.close(CloseReason.SHUTDOWN, "shutting down");
        }
    }

    private PeerConnection dial(InetSocketAddress address) {
        PeerConnection c = new PeerConnection(ctx, outboundId(address), true);
        track(c);
        Tcp.get(system)
                .outgoingConnection(
                        address,
                        Optional.empty(),
                        List.of(),
                        false,
                        Optional.of(ctx.settings().handshakeTimeout()),
                        Optional.empty())
                .join(streams.flowFor(c, ctx.settings(), ctx.shaping()))
                .run(system);
        c.start();
        return c;
    }

    private void track(PeerConnection c) {
        live.add(c);
        c.closed().thenRun(() -> live.remove(c));
    }

    private static RequestOutcome outcome(Response response, Throwable failure) {
        if (failure == null) {
            return response.isError() ? RequestOutcome.ERROR_RESPONSE : RequestOutcome.OK;
        }
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure;
        return cause instanceof NetworkFailure nf ? RequestOutcome.of(nf.kind()) : RequestOutcome.DISCONNECTED;
    }

    private static PeerId outboundId(InetSocketAddress address) {
        return new PeerId(address.getHostString() + ":" + address.getPort());
    }

    private static String addressOf(InetSocketAddress address) {
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return host + ":" + address.getPort();
    }
}
