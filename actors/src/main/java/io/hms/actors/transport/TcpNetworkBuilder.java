package io.hms.actors.transport;

import io.hms.actors.metrics.HmsMetrics;
import io.hms.actors.settings.HmsSettings;
import io.hms.engine.ban.BanStore;
import io.hms.protocol.message.Handshake;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;

/** Collects the optional parts; {@link #build()} creates the network (not yet listening or dialing). */
public final class TcpNetworkBuilder {
    private final ActorSystem<?> system;
    private final Handshake localHello;
    private TransportSettings settings = TransportSettings.DEFAULTS;
    private LinkShaping shaping = LinkShaping.NONE;
    private Optional<InboundRequestHandler> handler = Optional.empty();
    private Executor handlerExecutor;
    private Executor decoding;
    private HmsMetrics metrics;
    private Clock clock = Clock.systemUTC();
    private BanStore bans = BanStore.inMemory();
    private Optional<java.net.InetAddress> dialFrom = Optional.empty();

    TcpNetworkBuilder(ActorSystem<?> system, Handshake localHello) {
        this.system = system;
        this.localHello = localHello;
    }

    public TcpNetworkBuilder settings(TransportSettings value) {
        this.settings = value;
        return this;
    }

    public TcpNetworkBuilder shaping(LinkShaping value) {
        this.shaping = value;
        return this;
    }

    /**
     * Serve inbound requests with {@code value} on {@code executor}, normally a bounded {@link
     * ServingPool}: a request the executor rejects is answered {@code BUSY}.
     */
    public TcpNetworkBuilder serving(InboundRequestHandler value, Executor executor) {
        this.handler = Optional.of(value);
        this.handlerExecutor = executor;
        return this;
    }

    /**
     * Decode inbound frames on {@code executor}; by default on {@code hms.verification-dispatcher}
     * (bounded, one thread per core), or Pekko's default dispatcher if the system lacks it.
     */
    public TcpNetworkBuilder decoding(Executor executor) {
        this.decoding = executor;
        return this;
    }

    public TcpNetworkBuilder metrics(HmsMetrics value) {
        this.metrics = value;
        return this;
    }

    /** Where the network's bans are kept across restarts; in memory (until the process ends) by default. */
    public TcpNetworkBuilder bans(BanStore value) {
        this.bans = value;
        return this;
    }

    /**
     * Dial out from {@code value} (a local address of this host) instead of the address the system
     * picks: a host with several addresses, or a test standing for another host on loopback
     * (127.0.0.2 and up).
     */
    public TcpNetworkBuilder dialFrom(java.net.InetAddress value) {
        this.dialFrom = Optional.of(value);
        return this;
    }

    public TcpNetworkBuilder clock(Clock value) {
        this.clock = value;
        return this;
    }

    public TcpNetwork build() {
        HmsMetrics m = metrics != null ? metrics : HmsMetrics.discarding();
        Executor executor =
                handlerExecutor != null ? handlerExecutor : system.dispatchers().lookup(DispatcherSelector.blocking());
        Executor decodingExecutor = decoding != null ? decoding : defaultDecoding();
        PendingRequests.Timer timer = (delay, task) -> {
            Cancellable c = system.scheduler().scheduleOnce(delay, task, system.executionContext());
            return () -> c.cancel();
        };
        ConnectionContext ctx = new ConnectionContext(
                settings,
                shaping,
                localHello,
                handler,
                executor,
                decodingExecutor,
                timer,
                clock,
                m,
                new PeerRegistry(m),
                PeerBans.load(settings.bans(), clock, bans),
                new GuardLog(settings.connections().refusalLogInterval(), clock));
        return new TcpNetwork(system, ctx, dialFrom);
    }

    private Executor defaultDecoding() {
        return system.classicSystem().dispatchers().hasDispatcher(HmsSettings.VERIFICATION_DISPATCHER)
                ? system.dispatchers().lookup(DispatcherSelector.fromConfig(HmsSettings.VERIFICATION_DISPATCHER))
                : system.dispatchers().lookup(DispatcherSelector.defaultDispatcher());
    }
}
