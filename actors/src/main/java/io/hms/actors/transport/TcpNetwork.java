package io.hms.actors.transport;

import io.hms.actors.concurrent.PlainStage;
import io.hms.actors.metrics.RequestOutcome;
import io.hms.actors.network.DisconnectReason;
import io.hms.actors.network.Network;
import io.hms.actors.network.NetworkFailure;
import io.hms.actors.network.PeerEvent;
import io.hms.engine.ban.BanKey;
import io.hms.engine.ban.BanRecord;
import io.hms.engine.sync.PeerId;
import io.hms.engine.sync.fault.PeerFault;
import io.hms.protocol.message.Handshake;
import io.hms.protocol.message.Request;
import io.hms.protocol.message.RequestType;
import io.hms.protocol.message.Response;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Network} over TCP on Pekko Streams: a listening socket for peers that dial us,
 * persistent outbound peers redialed with backoff, and one {@link PeerConnection} per socket. Peers
 * are announced once their handshake succeeded; a peer id is the address we dialed ({@code
 * host:port}) or the remote address of an inbound connection. The guards of docs/PROTOCOL.md §7.3
 * sit here: a connection from a banned IP, or beyond the inbound limits ({@link InboundSlots}), is
 * refused at accept with a Disconnect and nothing read; a banned node id is refused after its
 * Hello; a banned endpoint is not dialed.
 */
public final class TcpNetwork implements Network, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TcpNetwork.class);

    private final ActorSystem<?> system;
    private final ConnectionContext ctx;
    private final ConnectionStreamFactory streams;
    private final Set<PeerConnection> live = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<PeerId, OutboundDialer> dialers = new ConcurrentHashMap<>();
    private final InboundSlots slots;
    private final Optional<InetSocketAddress> dialFrom;
    private volatile Tcp.ServerBinding binding;
    private volatile boolean shuttingDown;

    TcpNetwork(ActorSystem<?> system, ConnectionContext ctx, Optional<java.net.InetAddress> dialFrom) {
        this.system = system;
        this.dialFrom = dialFrom.map(a -> new InetSocketAddress(a, 0));
        this.ctx = ctx;
        this.streams = new ConnectionStreamFactory(system, ctx.metrics());
        this.slots = new InboundSlots(ctx.settings().connections());
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
            OutboundDialer d = new OutboundDialer(
                    address,
                    this::dial,
                    ctx.timer(),
                    ctx.settings(),
                    () -> ctx.bans()
                            .active(new BanKey.Endpoint(k.value()))
                            .map(b -> Duration.between(ctx.clock().instant(), b.until())));
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

    /** What went over each open connection so far, by peer. */
    public Map<PeerId, PeerTraffic.Snapshot> traffic() {
        Map<PeerId, PeerTraffic.Snapshot> out = new LinkedHashMap<>();
        ctx.registry().all().forEach(c -> out.put(c.peerId(), c.traffic().snapshot()));
        return out;
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
        PeerTraffic traffic = c.get().traffic();
        traffic.requestStarted();
        CompletionStage<R> result = c.get().request(type, request, timeout);
        result.whenComplete((response, failure) -> {
            RequestOutcome outcome = outcome(response, failure);
            ctx.metrics()
                    .requestSent(
                            type, outcome, Duration.between(start, ctx.clock().instant()));
            traffic.requestEnded(outcome);
        });
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

    /**
     * Bans {@code peer} (an open connection, or one that closed moments ago) for {@code fault}: its
     * address and node id are refused from now on, across restarts when the network's ban store is
     * the chain store. Unknown peers are ignored.
     */
    @Override
    public void ban(PeerId peer, PeerFault fault) {
        Optional<PeerIdentity> identity = ctx.registry().identity(peer);
        if (identity.isEmpty()) {
            LOG.debug("peer={} not banned: no identity known", peer);
            return;
        }
        List<BanRecord> written = ctx.bans().ban(identity.get(), fault);
        written.forEach(b -> LOG.warn("peer {}: {}", peer, PeerBans.describe(b)));
    }

    /** The bans running now. */
    public List<BanRecord> bans() {
        return ctx.bans().activeBans();
    }

    /** Inbound connections open now (each holds a slot of {@code hms.network.connections}). */
    public int inboundConnections() {
        return slots.open();
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

    /**
     * Admits or refuses an inbound connection. Our first frame (Hello, or the Disconnect of a
     * refusal) is queued before the stream runs, so that it goes out before anything the remote's
     * first bytes make us say.
     */
    private void accept(Tcp.IncomingConnection in) {
        String ip = ipOf(in.remoteAddress());
        PeerConnection c = new PeerConnection(
                ctx, new PeerId(ip + ":" + in.remoteAddress().getPort()), false, new BanKey.Address(ip));
        track(c);
        Flow<ByteString, ByteString, NotUsed> flow = streams.flowFor(c, ctx.settings(), ctx.shaping());
        Optional<BanRecord> banned = ctx.bans().active(new BanKey.Address(ip));
        Optional<CloseReason> full = banned.isPresent() ? Optional.empty() : slots.tryAcquire(ip);
        if (banned.isPresent()) {
            c.refuse(CloseReason.BANNED, PeerBans.describe(banned.get()));
        } else if (full.isPresent()) {
            c.refuse(full.get(), slots.describeLimit(full.get()));
        } else {
            c.closed().thenRun(() -> slots.release(ip));
            c.start();
        }
        in.handleWith(flow, system);
        if (shuttingDown) {
            c.close(CloseReason.SHUTDOWN, "shutting down");
        }
    }

    private PeerConnection dial(InetSocketAddress address) {
        PeerId id = outboundId(address);
        PeerConnection c = new PeerConnection(ctx, id, true, new BanKey.Endpoint(id.value()));
        track(c);
        Flow<ByteString, ByteString, NotUsed> flow = streams.flowFor(c, ctx.settings(), ctx.shaping());
        c.start(); // our Hello is queued first, whatever the remote sends
        Tcp.get(system)
                .outgoingConnection(
                        address,
                        dialFrom,
                        List.of(),
                        false,
                        Optional.of(ctx.settings().handshakeTimeout()),
                        Optional.empty())
                .join(flow)
                .run(system);
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

    private static String ipOf(InetSocketAddress address) {
        return address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
    }
}
