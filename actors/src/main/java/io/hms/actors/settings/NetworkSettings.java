package io.hms.actors.settings;

import com.typesafe.config.Config;
import io.hms.engine.ban.BanSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * The TCP transport's settings ({@code hms.network}).
 *
 * @param host address to bind the serving socket to
 * @param port port to bind, 0 for any free port
 * @param maxFrameBytes largest frame payload accepted or sent
 * @param handshakeTimeout time the remote side has to complete the handshake
 * @param maxInFlightPerPeer requests to one peer outstanding at most
 * @param reconnectMinBackoff first delay before re-dialling a lost outbound peer
 * @param reconnectMaxBackoff longest delay between re-dial attempts, before the random part
 * @param reconnectRandomFactor each re-dial delay is multiplied by {@code 1 + r · factor}, r uniform in [0, 1)
 * @param servingQuota what one peer (one connection) may take from our serving side, in response bytes
 * @param handlerParallelism inbound requests handled concurrently per request type
 * @param idleTimeout a connection without traffic for this long is closed
 * @param servingPool the threads that run request handlers, for all connections together
 * @param frames the frame limits by phase and the read deadlines (docs/PROTOCOL.md §7)
 * @param connections the limits on inbound connections (docs/PROTOCOL.md §7.3)
 * @param bans how long bans last and how many are kept (docs/PROTOCOL.md §7.3)
 */
public record NetworkSettings(
        String host,
        int port,
        int maxFrameBytes,
        Duration handshakeTimeout,
        int maxInFlightPerPeer,
        Duration reconnectMinBackoff,
        Duration reconnectMaxBackoff,
        double reconnectRandomFactor,
        Quota servingQuota,
        int handlerParallelism,
        Duration idleTimeout,
        ServingPool servingPool,
        Frames frames,
        Connections connections,
        BanSettings bans) {

    /**
     * Frame limits by phase ({@code hms.network.frames}).
     *
     * @param maxRequestBytes largest frame payload accepted while this side expects no response: the
     *     Hello and every request (the largest legal request is 4 101 body bytes); {@code
     *     max-frame-bytes} applies while a response may arrive
     * @param readTimeout a started frame of at most {@code maxRequestBytes} must be complete within this
     * @param responseReadTimeout a started frame larger than that (a response) must be complete within this
     * @param lateResponseGrace after a request timed out, its response may still arrive: the large limit
     *     holds this long after the timeout
     */
    public record Frames(
            int maxRequestBytes, Duration readTimeout, Duration responseReadTimeout, Duration lateResponseGrace) {
        public static final Frames DEFAULTS =
                new Frames(8 * 1024, Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(30));

        public Frames {
            HmsSettings.atLeast("frames.maxRequestBytes", maxRequestBytes, 256);
            HmsSettings.positive("frames.readTimeout", readTimeout);
            HmsSettings.positive("frames.responseReadTimeout", responseReadTimeout);
            HmsSettings.positive("frames.lateResponseGrace", lateResponseGrace);
        }
    }

    /**
     * Limits on the connections peers open to us ({@code hms.network.connections}); connections we
     * dial are not counted.
     *
     * @param maxInbound inbound connections open at once, handshake done or not
     * @param maxInboundPerAddress inbound connections from one IP address open at once
     * @param refusalLogInterval a refused connection is logged once per reason per this interval
     */
    public record Connections(int maxInbound, int maxInboundPerAddress, Duration refusalLogInterval) {
        public static final Connections DEFAULTS = new Connections(128, 8, Duration.ofSeconds(60));

        public Connections {
            HmsSettings.atLeast("connections.maxInbound", maxInbound, 1);
            HmsSettings.atLeast("connections.maxInboundPerAddress", maxInboundPerAddress, 1);
            HmsSettings.positive("connections.refusalLogInterval", refusalLogInterval);
        }
    }

    /**
     * A token bucket of response bytes per connection (see {@code ServingQuota} in the transport).
     *
     * @param bytesPerSecond response bytes one peer may take per second, sustained
     * @param burstBytes response bytes the bucket holds at most: what a peer may take at once after a pause
     * @param minRequestBytes what every request costs at least, however small its answer; a request is
     *     refused while the bucket holds less
     */
    public record Quota(long bytesPerSecond, long burstBytes, long minRequestBytes) {
        public Quota {
            if (bytesPerSecond < 1 || minRequestBytes < 1 || burstBytes < minRequestBytes) {
                throw new IllegalArgumentException(
                        "servingQuota needs bytesPerSecond >= 1 and burstBytes >= minRequestBytes" + " >= 1: "
                                + bytesPerSecond + ", " + burstBytes + ", " + minRequestBytes);
            }
        }
    }

    /**
     * The node's serving pool ({@code io.hms.actors.transport.ServingPool}).
     *
     * @param threads handler threads
     * @param queueSize requests waiting for a thread at most; one more is answered BUSY
     */
    public record ServingPool(int threads, int queueSize) {
        public ServingPool {
            HmsSettings.atLeast("servingPool.threads", threads, 1);
            HmsSettings.atLeast("servingPool.queueSize", queueSize, 1);
        }
    }

    public NetworkSettings {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port must be in 0..65535: " + port);
        }
        HmsSettings.atLeast("maxFrameBytes", maxFrameBytes, 1024);
        HmsSettings.positive("handshakeTimeout", handshakeTimeout);
        HmsSettings.atLeast("maxInFlightPerPeer", maxInFlightPerPeer, 1);
        HmsSettings.positive("reconnectMinBackoff", reconnectMinBackoff);
        HmsSettings.positive("reconnectMaxBackoff", reconnectMaxBackoff);
        if (reconnectMaxBackoff.compareTo(reconnectMinBackoff) < 0) {
            throw new IllegalArgumentException("reconnectMaxBackoff < reconnectMinBackoff");
        }
        if (!(reconnectRandomFactor >= 0 && reconnectRandomFactor <= 1)) {
            throw new IllegalArgumentException("reconnectRandomFactor must be in 0..1: " + reconnectRandomFactor);
        }
        Objects.requireNonNull(servingQuota, "servingQuota");
        HmsSettings.atLeast("handlerParallelism", handlerParallelism, 1);
        HmsSettings.positive("idleTimeout", idleTimeout);
        Objects.requireNonNull(servingPool, "servingPool");
        Objects.requireNonNull(frames, "frames");
        Objects.requireNonNull(connections, "connections");
        Objects.requireNonNull(bans, "bans");
        if (frames.maxRequestBytes() > maxFrameBytes) {
            throw new IllegalArgumentException("frames.maxRequestBytes > maxFrameBytes");
        }
    }

    static NetworkSettings read(Config c) {
        Config quota = c.getConfig("serving-quota");
        Config pool = c.getConfig("serving-pool");
        Config frames = c.getConfig("frames");
        Config connections = c.getConfig("connections");
        Config bans = c.getConfig("bans");
        return new NetworkSettings(
                c.getString("host"),
                c.getInt("port"),
                c.getInt("max-frame-bytes"),
                c.getDuration("handshake-timeout"),
                c.getInt("max-in-flight-per-peer"),
                c.getDuration("reconnect-min-backoff"),
                c.getDuration("reconnect-max-backoff"),
                c.getDouble("reconnect-random-factor"),
                new Quota(
                        quota.getBytes("bytes-per-second"),
                        quota.getBytes("burst-bytes"),
                        quota.getBytes("min-request-bytes")),
                c.getInt("handler-parallelism"),
                c.getDuration("idle-timeout"),
                new ServingPool(pool.getInt("threads"), pool.getInt("queue-size")),
                new Frames(
                        (int) frames.getBytes("max-request-bytes").longValue(),
                        frames.getDuration("read-timeout"),
                        frames.getDuration("response-read-timeout"),
                        frames.getDuration("late-response-grace")),
                new Connections(
                        connections.getInt("max-inbound"),
                        connections.getInt("max-inbound-per-address"),
                        connections.getDuration("refusal-log-interval")),
                new BanSettings(
                        bans.getDuration("first-ban"), bans.getDuration("max-ban"), bans.getInt("max-entries")));
    }

    public NetworkSettings withServingQuota(Quota value) {
        return new NetworkSettings(
                host,
                port,
                maxFrameBytes,
                handshakeTimeout,
                maxInFlightPerPeer,
                reconnectMinBackoff,
                reconnectMaxBackoff,
                reconnectRandomFactor,
                value,
                handlerParallelism,
                idleTimeout,
                servingPool,
                frames,
                connections,
                bans);
    }

    public NetworkSettings withPort(int value) {
        return new NetworkSettings(
                host,
                value,
                maxFrameBytes,
                handshakeTimeout,
                maxInFlightPerPeer,
                reconnectMinBackoff,
                reconnectMaxBackoff,
                reconnectRandomFactor,
                servingQuota,
                handlerParallelism,
                idleTimeout,
                servingPool,
                frames,
                connections,
                bans);
    }

    public NetworkSettings withServingPool(ServingPool value) {
        return new NetworkSettings(
                host,
                port,
                maxFrameBytes,
                handshakeTimeout,
                maxInFlightPerPeer,
                reconnectMinBackoff,
                reconnectMaxBackoff,
                reconnectRandomFactor,
                servingQuota,
                handlerParallelism,
                idleTimeout,
                value,
                frames,
                connections,
                bans);
    }

    public NetworkSettings withFrames(Frames value) {
        return new NetworkSettings(
                host,
                port,
                maxFrameBytes,
                handshakeTimeout,
                maxInFlightPerPeer,
                reconnectMinBackoff,
                reconnectMaxBackoff,
                reconnectRandomFactor,
                servingQuota,
                handlerParallelism,
                idleTimeout,
                servingPool,
                value,
                connections,
                bans);
    }

    public NetworkSettings withConnections(Connections value) {
        return new NetworkSettings(
                host,
                port,
                maxFrameBytes,
                handshakeTimeout,
                maxInFlightPerPeer,
                reconnectMinBackoff,
                reconnectMaxBackoff,
                reconnectRandomFactor,
                servingQuota,
                handlerParallelism,
                idleTimeout,
                servingPool,
                frames,
                value,
                bans);
    }

    public NetworkSettings withBans(BanSettings value) {
        return new NetworkSettings(
                host,
                port,
                maxFrameBytes,
                handshakeTimeout,
                maxInFlightPerPeer,
                reconnectMinBackoff,
                reconnectMaxBackoff,
                reconnectRandomFactor,
                servingQuota,
                handlerParallelism,
                idleTimeout,
                servingPool,
                frames,
                connections,
                value);
    }
}
